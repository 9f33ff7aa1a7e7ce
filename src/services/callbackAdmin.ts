import { randomUUID } from 'node:crypto';
import type { CallbackList, CallbackPeriod, CallbackRequest } from '../domain/callback.js';
import type { Clock } from '../domain/clock.js';
import { XucError } from '../errors.js';
import type { DbAccess } from '../persistence/db.js';
import * as lists from '../persistence/callbackListRepository.js';
import * as periods from '../persistence/callbackPeriodRepository.js';
import * as requests from '../persistence/callbackRequestRepository.js';
import * as tickets from '../persistence/callbackTicketRepository.js';
import { parseCallbackCsv, ticketsToCsv } from './callbackCsv.js';
import { newListSchema, newPeriodSchema, newRequestSchema, uuidSchema } from './callbackSchemas.js';
import { parseInput } from './parseInput.js';
import type { CallbackService } from './callbackService.js';

export interface CallbackAdminDeps {
  db: DbAccess;
  clock: Clock;
  callbacks: CallbackService;
  /** The time zone "the next day" (default due date) is counted in. */
  timeZone?: string;
  newUuid?: () => string;
}

/** `YYYY-MM-DD` of the day after `now` in `timeZone`. */
export function nextDay(now: number, timeZone: string): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const withSeconds = (t: string) => (t.length === 5 ? `${t}:00` : t);

/**
 * The supervisor side of callbacks (REST): lists, periods and requests, CSV import of requests and
 * CSV export of a list's tickets. Client-visible changes go out through the CallbackService.
 */
export class CallbackAdmin {
  private readonly newUuid: () => string;

  constructor(private readonly deps: CallbackAdminDeps) {
    this.newUuid = deps.newUuid ?? randomUUID;
  }

  async createList(input: unknown): Promise<CallbackList> {
    const { name, queueId } = parseInput(newListSchema, input, 'list');
    const list = { uuid: this.newUuid(), name, queueId };
    await this.deps.db.run((db) => lists.insertList(db, list));
    this.deps.callbacks.listsChanged(queueId);
    return { ...list, callbacks: [] };
  }

  listLists(): Promise<CallbackList[]> {
    return this.deps.callbacks.getCallbackLists();
  }

  /** Deletes a list with its requests and tickets. */
  async deleteList(uuid: string): Promise<void> {
    parseInput(uuidSchema, uuid, 'uuid');
    const open = await this.deps.db.run(async (db) => {
      const list = await lists.getList(db, uuid);
      if (!list) throw new XucError('XUC_ERR_NOT_FOUND', { what: `callback list ${uuid}` });
      const before = await requests.openRequests(db, [uuid]);
      await lists.deleteList(db, uuid);
      return { list, before };
    });
    for (const r of open.before) this.deps.callbacks.forget(r.uuid);
    this.deps.callbacks.listsChanged(open.list.queueId);
  }

  /** The queue a list belongs to (REST checks the caller's rights on it before acting). */
  async listQueue(uuid: string): Promise<number> {
    parseInput(uuidSchema, uuid, 'uuid');
    const list = await this.deps.db.run((db) => lists.getList(db, uuid));
    if (!list) throw new XucError('XUC_ERR_NOT_FOUND', { what: `callback list ${uuid}` });
    return list.queueId;
  }

  /** One request, clotured or not. */
  async getRequest(uuid: string): Promise<CallbackRequest> {
    parseInput(uuidSchema, uuid, 'uuid');
    const request = await this.deps.db.run((db) => requests.getRequest(db, uuid));
    if (!request) throw new XucError('XUC_ERR_NOT_FOUND', { what: `callback request ${uuid}` });
    return request;
  }

  listPeriods(): Promise<CallbackPeriod[]> {
    return this.deps.callbacks.getCallbackPreferredPeriods();
  }

  /** Creates a period; when it is the default, the previous default stops being one. */
  async createPeriod(input: unknown): Promise<CallbackPeriod> {
    const p = parseInput(newPeriodSchema, input, 'period');
    const period: CallbackPeriod = {
      uuid: this.newUuid(), name: p.name, periodStart: withSeconds(p.periodStart), periodEnd: withSeconds(p.periodEnd), default: p.default,
    };
    await this.deps.db.run((db) =>
      db.transaction(async (tx) => {
        if ((await periods.listPeriods(tx)).some((x) => x.name === period.name)) {
          throw new XucError('XUC_ERR_CONFLICT', { detail: `a callback period named "${period.name}" exists` });
        }
        await periods.insertPeriod(tx, period);
      }),
    );
    return period;
  }

  /** Deletes a period no request uses. */
  async deletePeriod(uuid: string): Promise<void> {
    parseInput(uuidSchema, uuid, 'uuid');
    await this.deps.db.run((db) =>
      db.transaction(async (tx) => {
        const used = await periods.periodUsageCount(tx, uuid);
        if (used > 0) throw new XucError('XUC_ERR_CONFLICT', { detail: `callback period ${uuid} is used by ${used} request(s)` });
        if (!(await periods.deletePeriod(tx, uuid))) throw new XucError('XUC_ERR_NOT_FOUND', { what: `callback period ${uuid}` });
      }),
    );
  }

  /** Adds one request to a list (due date: the next day, period: the default one, when absent). */
  async createRequest(listUuid: string, input: unknown): Promise<CallbackRequest> {
    parseInput(uuidSchema, listUuid, 'listUuid');
    const r = parseInput(newRequestSchema, input, 'request');
    const uuid = this.newUuid();
    const created = await this.deps.db.run((db) =>
      db.transaction(async (tx) => {
        if (!(await lists.getList(tx, listUuid))) throw new XucError('XUC_ERR_NOT_FOUND', { what: `callback list ${listUuid}` });
        const all = await periods.listPeriods(tx);
        const period = r.periodUuid ? all.find((p) => p.uuid === r.periodUuid) : all.find((p) => p.default);
        if (!period) {
          throw r.periodUuid
            ? new XucError('XUC_ERR_NOT_FOUND', { what: `callback period ${r.periodUuid}` })
            : new XucError('XUC_ERR_INVALID_FIELD', { field: 'request.periodUuid', detail: 'required: no default period is defined' });
        }
        await requests.insertRequests(tx, [{
          uuid, listUuid, phoneNumber: r.phoneNumber ?? null, mobilePhoneNumber: r.mobilePhoneNumber ?? null,
          firstName: r.firstName, lastName: r.lastName, company: r.company, description: r.description,
          dueDate: r.dueDate ?? nextDay(this.deps.clock.now(), this.deps.timeZone ?? 'UTC'), periodUuid: period.uuid,
        }], new Date(this.deps.clock.now()));
        return (await requests.getRequest(tx, uuid))!;
      }),
    );
    this.deps.callbacks.listsChanged(created.queueId);
    return created;
  }

  async deleteRequest(uuid: string): Promise<void> {
    parseInput(uuidSchema, uuid, 'uuid');
    const request = await this.deps.db.run(async (db) => {
      const found = await requests.getRequest(db, uuid);
      if (!found) throw new XucError('XUC_ERR_NOT_FOUND', { what: `callback request ${uuid}` });
      await requests.deleteRequest(db, uuid);
      return found;
    });
    this.deps.callbacks.forget(uuid);
    this.deps.callbacks.listsChanged(request.queueId);
  }

  /**
   * Imports a CSV file of requests into a list, all or nothing: a bad file is rejected whole with
   * XUC_ERR_INVALID_IMPORT listing every problem with its line number.
   */
  async importCsv(listUuid: string, content: string): Promise<{ imported: number }> {
    parseInput(uuidSchema, listUuid, 'listUuid');
    if (typeof content !== 'string') throw new XucError('XUC_ERR_INVALID_IMPORT', { detail: 'the file must be text' });
    const now = this.deps.clock.now();
    const result = await this.deps.db.run((db) =>
      db.transaction(async (tx) => {
        const list = await lists.getList(tx, listUuid);
        if (!list) throw new XucError('XUC_ERR_NOT_FOUND', { what: `callback list ${listUuid}` });
        const all = await periods.listPeriods(tx);
        const parsed = parseCallbackCsv(content, {
          periodsByName: new Map(all.map((p) => [p.name, p.uuid])),
          defaultPeriodUuid: all.find((p) => p.default)?.uuid,
          defaultDueDate: nextDay(now, this.deps.timeZone ?? 'UTC'),
        });
        if (!parsed.ok) {
          const detail = parsed.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ');
          throw new XucError('XUC_ERR_INVALID_IMPORT', { detail });
        }
        await requests.insertRequests(
          tx,
          parsed.rows.map((row) => ({ ...row, uuid: this.newUuid(), listUuid })),
          new Date(now),
        );
        return { queueId: list.queueId, imported: parsed.rows.length };
      }),
    );
    this.deps.callbacks.listsChanged(result.queueId);
    return { imported: result.imported };
  }

  /** The tickets of a list as `|`-separated CSV. */
  async exportTickets(listUuid: string): Promise<string> {
    parseInput(uuidSchema, listUuid, 'listUuid');
    return this.deps.db.run(async (db) => {
      if (!(await lists.getList(db, listUuid))) throw new XucError('XUC_ERR_NOT_FOUND', { what: `callback list ${listUuid}` });
      return ticketsToCsv(await tickets.ticketsOfList(db, listUuid));
    });
  }
}
