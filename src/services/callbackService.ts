import { randomUUID } from 'node:crypto';
import { createActor, type Actor } from 'xstate';
import { callbackManagerMachine, callbackSystemId, type CallbackActor } from '../actors/callbackManager.js';
import type {
  CallbackList,
  CallbackListener,
  CallbackMessage,
  CallbackListsChanged,
  CallbackPeriod,
  CallbackRequest,
} from '../domain/callback.js';
import type { Clock } from '../domain/clock.js';
import { XucError } from '../errors.js';
import type { Logger } from '../log.js';
import type { DbAccess, Queryable } from '../persistence/db.js';
import * as lists from '../persistence/callbackListRepository.js';
import * as periods from '../persistence/callbackPeriodRepository.js';
import * as requests from '../persistence/callbackRequestRepository.js';
import * as tickets from '../persistence/callbackTicketRepository.js';
import {
  agentIdSchema,
  findRequestSchema,
  phoneNumberSchema,
  ticketUpdateSchema,
  uuidSchema,
} from './callbackSchemas.js';
import { parseInput } from './parseInput.js';

export interface CallbackServiceDeps {
  db: DbAccess;
  /** EngineApi.dial: calls `number` from the agent's line with the callback's data attached. */
  dial: (lineId: number, number: string, variables: Record<string, string>) => Promise<void>;
  clock: Clock;
  logger: Logger;
  newUuid?: () => string;
}

/**
 * The agent side of callbacks (xuc-websocket.md §3.10): listing, taking, releasing, starting and
 * closing requests. Each command checks the request's actor, writes the database (where a
 * conditional UPDATE decides races, also between servers), then moves the actor and tells the
 * listeners. Rights (is this session's agent allowed on that queue?) are the caller's job.
 */
export class CallbackService {
  readonly manager: Actor<typeof callbackManagerMachine>;
  private readonly listeners = new Set<CallbackListener>();
  private readonly newUuid: () => string;

  constructor(private readonly deps: CallbackServiceDeps) {
    this.newUuid = deps.newUuid ?? randomUUID;
    this.manager = createActor(callbackManagerMachine, { clock: deps.clock }).start();
  }

  onMessage(listener: CallbackListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Spawns the actors of every open request (at start, once the database is ready). */
  async load(): Promise<number> {
    const open = await this.deps.db.run((db) => requests.openRequests(db));
    for (const r of open) await this.deps.db.run((db) => this.spawn(db, r));
    return open.length;
  }

  stop(): void {
    this.manager.stop();
  }

  /** `CallbackLists`: the lists (of the given queues, or all) with their open requests. */
  async getCallbackLists(queueIds?: readonly number[]): Promise<CallbackList[]> {
    return this.deps.db.run(async (db) => {
      const headers = await lists.listLists(db, queueIds);
      const open = await requests.openRequests(db, headers.map((l) => l.uuid));
      return headers.map((l) => ({ ...l, callbacks: open.filter((r) => r.listUuid === l.uuid) }));
    });
  }

  /** `FindCallbackResponseWithId`. */
  async findCallbackRequest(id: number | string, request: unknown) {
    const { filters, offset, limit } = parseInput(findRequestSchema, request, 'request');
    const response = await this.deps.db.run((db) => requests.findRequests(db, filters, offset, limit));
    return { id, response };
  }

  /** `PreferredCallbackPeriodList`. */
  getCallbackPreferredPeriods(): Promise<CallbackPeriod[]> {
    return this.deps.db.run((db) => periods.listPeriods(db));
  }

  /** Reserves the request for the agent → `CallbackTaken`. Exactly one of concurrent takers wins. */
  async takeCallback(uuid: string, agentId: number): Promise<void> {
    this.checkIds(uuid, agentId);
    const actor = await this.actorFor(uuid);
    const holder = actor.getSnapshot().context.agentId;
    if (holder !== null) throw new XucError('XUC_ERR_CALLBACK_TAKEN', { uuid, agentId: holder });
    const won = await this.deps.db.run((db) => requests.takeRequest(db, uuid, agentId));
    if (!won) throw await this.refreshAfterLostRace(uuid);
    actor.send({ type: 'TAKE', agentId });
    const queueId = await this.queueOf(uuid);
    this.emit({ msgType: 'CallbackTaken', queueId, agentId, ctiMessage: { uuid, agentId } });
  }

  /** Frees a request the agent holds → `CallbackReleased`. */
  async releaseCallback(uuid: string, agentId: number): Promise<void> {
    this.checkIds(uuid, agentId);
    const actor = await this.actorFor(uuid);
    this.checkHolder(actor, uuid, agentId, { type: 'RELEASE', agentId }, 'release');
    const done = await this.deps.db.run((db) => requests.releaseRequest(db, uuid, agentId));
    if (!done) throw await this.refreshAfterLostRace(uuid);
    actor.send({ type: 'RELEASE', agentId });
    const queueId = await this.queueOf(uuid);
    this.emit({ msgType: 'CallbackReleased', queueId, agentId, ctiMessage: { uuid } });
  }

  /**
   * Dials `number` from the agent's line, then opens a ticket → `CallbackStarted`. The ticket is
   * written only once the dial succeeded, so a refused call leaves nothing behind.
   */
  async startCallback(uuid: string, agentId: number, lineId: number, number: string): Promise<{ ticketUuid: string }> {
    this.checkIds(uuid, agentId);
    const destination = parseInput(phoneNumberSchema, number, 'number');
    const actor = await this.actorFor(uuid);
    this.checkHolder(actor, uuid, agentId, { type: 'START', agentId, ticketUuid: '' }, 'start');
    const ticketUuid = this.newUuid();
    const request = await this.deps.db.run(async (db) => (await requests.getRequest(db, uuid))!);
    await this.deps.dial(lineId, destination, {
      USR_CALLBACK_REQUEST_UUID: uuid,
      USR_CALLBACK_TICKET_UUID: ticketUuid,
      USR_CALLBACK_LIST_UUID: request.listUuid,
    });
    await this.deps.db.run((db) =>
      db.transaction(async (tx) => {
        await this.assertStillHeld(tx, uuid, agentId);
        await tickets.insertTicketFromRequest(tx, {
          uuid: ticketUuid, requestUuid: uuid, agentId, calledNumber: destination, at: new Date(this.deps.clock.now()),
        });
      }),
    );
    actor.send({ type: 'START', agentId, ticketUuid });
    this.emit({ msgType: 'CallbackStarted', queueId: request.queueId, agentId, ctiMessage: { requestUuid: uuid, ticketUuid } });
    return { ticketUuid };
  }

  /**
   * Gives the ticket its result. `Callback` puts the request back to pending with the new due date
   * and period (`CallbackRequestUpdated`); any other status closes it (`CallbackClotured`).
   */
  async updateCallbackTicket(ticketUuid: string, agentId: number, update: unknown): Promise<void> {
    parseInput(uuidSchema, ticketUuid, 'uuid');
    parseInput(agentIdSchema, agentId, 'agentId');
    const { status, comment, dueDate, periodUuid } = parseInput(ticketUpdateSchema, update, 'ticket');
    const ticket = await this.deps.db.run((db) => tickets.getTicket(db, ticketUuid));
    if (!ticket) throw new XucError('XUC_ERR_NOT_FOUND', { what: `callback ticket ${ticketUuid}` });
    if (ticket.agentId !== agentId) throw new XucError('XUC_ERR_CALLBACK_NOT_TAKEN_BY_YOU', { uuid: ticket.requestUuid, agentId });
    if (ticket.status !== null) throw new XucError('XUC_ERR_INVALID_STATE', { action: 'update the ticket', state: `closed as ${ticket.status}` });
    const uuid = ticket.requestUuid;
    const actor = await this.actorFor(uuid);
    const event = status === 'Callback' ? ({ type: 'RESCHEDULE', agentId } as const) : ({ type: 'CLOTURE', agentId, status } as const);
    this.checkHolder(actor, uuid, agentId, event, 'update the ticket of');
    const at = new Date(this.deps.clock.now());
    const request = await this.deps.db.run((db) =>
      db.transaction(async (tx) => {
        const current = await this.assertStillHeld(tx, uuid, agentId);
        if (!(await tickets.closeTicket(tx, ticketUuid, { status, comment, at }))) {
          throw new XucError('XUC_ERR_INVALID_STATE', { action: 'update the ticket', state: 'already closed' });
        }
        if (status !== 'Callback') {
          await requests.clotureRequest(tx, uuid, agentId);
          return current;
        }
        const period = periodUuid ? await periods.getPeriod(tx, periodUuid) : current.preferredPeriod;
        if (!period) throw new XucError('XUC_ERR_NOT_FOUND', { what: `callback period ${periodUuid}` });
        await requests.rescheduleRequest(tx, uuid, agentId, dueDate ?? current.dueDate, period.uuid);
        return (await requests.getRequest(tx, uuid))!;
      }),
    );
    actor.send(event);
    if (status === 'Callback') {
      this.emit({ msgType: 'CallbackRequestUpdated', queueId: request.queueId, agentId, ctiMessage: { request } });
    } else {
      this.manager.send({ type: 'callback.close', uuid });
      this.emit({ msgType: 'CallbackClotured', queueId: request.queueId, agentId, ctiMessage: { uuid } });
    }
  }

  /** The actor of an open request, spawned from the database if this server has not seen it yet. */
  actor(uuid: string): CallbackActor | undefined {
    return this.manager.system.get(callbackSystemId(uuid)) as CallbackActor | undefined;
  }

  /** Used by the supervisor operations: a request was deleted, or new ones were added. */
  forget(uuid: string): void {
    this.manager.send({ type: 'callback.close', uuid });
  }

  listsChanged(queueId: number): void {
    this.emit({ msgType: 'CallbackListsChanged', queueId });
  }

  private emit(message: CallbackMessage | CallbackListsChanged): void {
    for (const l of this.listeners) {
      try {
        l(message);
      } catch (error) {
        this.deps.logger.error({ err: error, msgType: message.msgType }, 'callback listener failed');
      }
    }
  }

  private checkIds(uuid: unknown, agentId: unknown): void {
    parseInput(uuidSchema, uuid, 'uuid');
    parseInput(agentIdSchema, agentId, 'agentId');
  }

  private async actorFor(uuid: string): Promise<CallbackActor> {
    const existing = this.actor(uuid);
    if (existing) return existing;
    const spawned = await this.deps.db.run(async (db) => {
      const request = await requests.getRequest(db, uuid);
      return request && !request.clotured ? this.spawn(db, request) : undefined;
    });
    if (!spawned) throw new XucError('XUC_ERR_NOT_FOUND', { what: `open callback request ${uuid}` });
    return spawned;
  }

  private async spawn(db: Queryable, request: CallbackRequest): Promise<CallbackActor> {
    const ticket = request.agentId === null ? undefined : await tickets.openTicketOfRequest(db, request.uuid);
    const ticketUuid = ticket && ticket.agentId === request.agentId ? ticket.uuid : null;
    this.manager.send({ type: 'callback.open', request: { uuid: request.uuid, agentId: request.agentId, ticketUuid } });
    return this.actor(request.uuid)!;
  }

  private checkHolder(
    actor: CallbackActor, uuid: string, agentId: number,
    event: Parameters<CallbackActor['send']>[0], action: string,
  ): void {
    const snapshot = actor.getSnapshot();
    if (snapshot.can(event)) return;
    const holder = snapshot.context.agentId;
    if (holder !== agentId) throw new XucError('XUC_ERR_CALLBACK_NOT_TAKEN_BY_YOU', { uuid, agentId });
    throw new XucError('XUC_ERR_INVALID_STATE', { action: `${action} callback ${uuid}`, state: String(snapshot.value) });
  }

  /** Inside the write: the request must still be open and held by that agent (another server may have moved it). */
  private async assertStillHeld(tx: Queryable, uuid: string, agentId: number): Promise<CallbackRequest> {
    const current = await requests.getRequest(tx, uuid);
    if (!current || current.clotured) throw new XucError('XUC_ERR_NOT_FOUND', { what: `open callback request ${uuid}` });
    if (current.agentId !== agentId) throw new XucError('XUC_ERR_CALLBACK_NOT_TAKEN_BY_YOU', { uuid, agentId });
    return current;
  }

  /** The database disagreed with the actor: rebuild the actor from it and explain the refusal. */
  private async refreshAfterLostRace(uuid: string): Promise<XucError> {
    const request = await this.deps.db.run((db) => requests.getRequest(db, uuid));
    if (!request || request.clotured) {
      this.forget(uuid);
      return new XucError('XUC_ERR_NOT_FOUND', { what: `open callback request ${uuid}` });
    }
    const current = this.actor(uuid)?.getSnapshot().context.agentId ?? null;
    if (current !== request.agentId) {
      this.forget(uuid);
      await this.deps.db.run((db) => this.spawn(db, request));
    }
    return request.agentId === null
      ? new XucError('XUC_ERR_CONFLICT', { detail: `callback ${uuid} changed meanwhile, retry` })
      : new XucError('XUC_ERR_CALLBACK_TAKEN', { uuid, agentId: request.agentId });
  }

  private async queueOf(uuid: string): Promise<number> {
    const request = await this.deps.db.run((db) => requests.getRequest(db, uuid));
    return request?.queueId ?? 0;
  }
}
