import type { Actor } from 'xstate';
import { canSeeAgent, canSeeQueue, canSeeUser, type RightsView } from '../../auth/rights.js';
import type { ConfigStore } from '../../domain/configStore.js';
import type { User } from '../../domain/contactCenterConfig.js';
import type { EngineApi } from '../../domain/engineApi.js';
import type { EngineEvent } from '../../domain/engineEvents.js';
import type { PhoneStatusName, QueueMemberPayload } from '../../domain/xucMessages.js';
import { phoneStatusCodes } from '../../domain/xucMessages.js';
import type { Logger } from '../../log.js';
import type { sessionMachine, Subscriptions } from '../../machines/sessionMachine.js';
import { agentGroupPayload, agentPayload, queuePayload, userConfigPayload, userStatusesPayload } from './configMessages.js';
import { phoneStatusOf } from './phoneStatus.js';
import { textFrame } from './textFrame.js';
import type { CallbackListsChangedNotice, ResolvedServices, ServiceMessage, StatsEvent } from './services.js';
import { visibleAgents, visibleGroups, visibleQueues } from './visibility.js';
import { encodeMessage } from './wireCodec.js';

export type SessionActor = Actor<typeof sessionMachine>;

/** An authenticated session as the hub sees it. */
export interface HubSession {
  readonly id: number;
  readonly actor: SessionActor;
  /** The user as configured now: refreshed on every configuration change, so rights apply at once. */
  user: User;
}

export type Encoder = (msgType: string, ctiMessage: unknown) => string;

/**
 * The fan-out from the engine (and the services) to the sessions: each event is encoded at most
 * once and the same string is pushed to every session entitled to it by its subscriptions and
 * rights. Also the one place that knows each line's phone status, to send it only on change.
 */
export class SessionHub {
  private readonly sessions = new Map<number, HubSession>();
  private readonly lineStatus = new Map<number, PhoneStatusName>();

  constructor(
    private readonly engine: EngineApi,
    private readonly configStore: ConfigStore,
    private readonly services: ResolvedServices,
    private readonly logger: Logger,
    readonly encode: Encoder = encodeMessage,
  ) {}

  /** Starts listening to the engine and the services; returns the way to stop. */
  start(): () => void {
    const stops = [
      this.engine.subscribe((event) => this.guard(() => this.onEngineEvent(event))),
      this.services.stats?.subscribe((event) => this.guard(() => this.onStatsEvent(event))),
      this.services.callbacks?.subscribe((message) => this.guard(() => this.onServiceMessage(message))),
      this.configStore.onChange(() => this.guard(() => this.refreshUsers())),
    ];
    return () => stops.forEach((stop) => stop?.());
  }

  add(session: HubSession): void {
    this.sessions.set(session.id, session);
  }

  remove(id: number): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  send(session: HubSession, msgType: string, payload: unknown): void {
    session.actor.getSnapshot().context.outbound.push(this.encode(msgType, payload));
  }

  /** To every session of one user, encoded once. */
  toUser(userId: number, msgType: string, payload: unknown): void {
    this.deliver((s) => s.user.id === userId, () => this.encode(msgType, payload));
  }

  rightsView(): RightsView {
    return { config: this.configStore.current(), members: this.engine.queueMembers() };
  }

  /**
   * The rights view for one fan-out, with the live membership built only if a check reads it:
   * building it turns every queue's members into payloads, and the checks for admins and for an
   * agent's own events never read it (docs/performance.md, finding 2).
   */
  private fanOutRightsView(): RightsView {
    const engine = this.engine;
    let members: QueueMemberPayload[] | undefined;
    return {
      config: this.configStore.current(),
      get members() {
        return (members ??= engine.queueMembers());
      },
    };
  }

  /** The status of a line now, remembered so later changes can be detected. */
  phoneStatus(lineId: number): PhoneStatusName {
    const status = phoneStatusOf(this.engine.currentCalls(lineId));
    this.lineStatus.set(lineId, status);
    return status;
  }

  /** Encodes once, into one WebSocket frame, for all the sessions `accepts` picks. */
  private deliver(accepts: (s: HubSession, subs: Subscriptions) => boolean, encoded: () => string): void {
    let frame: Buffer | undefined;
    for (const session of this.sessions.values()) {
      const context = session.actor.getSnapshot().context;
      if (accepts(session, context.subscriptions)) context.outbound.push((frame ??= textFrame(encoded())));
    }
  }

  private onEngineEvent(event: EngineEvent): void {
    let view: RightsView | undefined;
    const rights = () => (view ??= this.fanOutRightsView());
    switch (event.kind) {
      case 'agentState':
        return this.deliver(
          (s, subs) => s.user.agentId === event.agentId || (subs.agentEvents && canSeeAgent(s.user, event.agentId, rights())),
          () => this.encode('AgentStateEvent', event.state),
        );
      case 'phoneEvent':
        this.deliver((s) => s.user.lineId === event.lineId, () => this.encode('PhoneEvent', event.event));
        return this.onLineActivity(event.lineId);
      case 'queueMember':
        return this.deliver(
          (s, subs) => subs.queueMembers && (canSeeQueue(s.user, event.member.queueId, rights()) || canSeeAgent(s.user, event.member.agentId, rights())),
          () => this.encode('QueueMember', event.member),
        );
      case 'queueLiveCounters':
        return this.deliver(
          (s, subs) => subs.queueStats && canSeeQueue(s.user, event.queueId, rights()),
          () => this.encode('QueueStatistics', { queueId: event.queueId, counters: event.counters }),
        );
      case 'queueCalls':
        return this.deliver(
          (_, subs) => subs.queueCalls.includes(event.queueId),
          () => this.encode('QueueCalls', { queueId: event.queueId, calls: event.calls }),
        );
      case 'agentListen': {
        const lines = this.configStore.current().lines;
        const listener = lines.find((l) => l.number === event.listen.phoneNumber)?.id;
        return this.deliver(
          (s) => s.user.agentId === event.agentId || (listener !== undefined && s.user.lineId === listener),
          () => this.encode('AgentListen', event.listen),
        );
      }
      case 'configChanged':
        return this.onConfigChanged(event.what);
      case 'linkState':
        return;
    }
  }

  /** A user removed from the configuration loses its sessions; the others get their new rights. */
  private refreshUsers(): void {
    const users = this.configStore.current().users;
    for (const session of this.sessions.values()) {
      const user = users.find((u) => u.id === session.user.id);
      if (user) session.user = user;
      else session.actor.send({ type: 'CLOSE', code: 4003, reason: 'user removed from the configuration' });
    }
  }

  private onLineActivity(lineId: number): void {
    const before = this.lineStatus.get(lineId);
    const status = this.phoneStatus(lineId);
    if (status === before) return;
    this.deliver((s) => s.user.lineId === lineId, () => this.encode('PhoneStatusUpdate', { status }));
    const number = this.configStore.current().lines.find((l) => l.id === lineId)?.number;
    if (number === undefined) return;
    this.deliver(
      (_, subs) => subs.phoneHints.includes(number),
      () => this.encode('PhoneHintStatusEvent', { number, status: phoneStatusCodes[status] }),
    );
  }

  // Configuration changes are rare and their messages differ per session's rights: encoded per session.
  private onConfigChanged(what: Extract<EngineEvent, { kind: 'configChanged' }>['what']): void {
    const config = this.configStore.current();
    const view = this.rightsView();
    for (const session of this.sessions.values()) {
      const subs = session.actor.getSnapshot().context.subscriptions;
      const user = config.users.find((u) => u.id === session.user.id) ?? session.user;
      if (what === 'users') this.send(session, 'UserConfigUpdate', userConfigPayload(user, this.services.userSettings.get(user.id)));
      if (what === 'userStatuses') this.send(session, 'UsersStatuses', userStatusesPayload(config.userStatuses));
      if (what === 'queues' && subs.queueConfig) {
        for (const queue of visibleQueues(user, config, view)) this.send(session, 'QueueConfig', queuePayload(queue));
      }
      if (what === 'agents' && subs.agentConfig) {
        for (const agent of visibleAgents(user, config, view)) this.send(session, 'AgentConfig', agentPayload(agent, config));
      }
      if (what === 'agentGroups' && subs.agentConfig) {
        this.send(session, 'AgentGroupList', visibleGroups(user, config, view).map(agentGroupPayload));
      }
    }
  }

  private onStatsEvent(event: StatsEvent): void {
    const view = this.fanOutRightsView();
    if (event.kind === 'queue') {
      this.deliver(
        (s, subs) => subs.queueStats && canSeeQueue(s.user, event.queueId, view),
        () => this.encode('QueueStatistics', { queueId: event.queueId, counters: event.counters }),
      );
    } else {
      this.deliver(
        (s, subs) => subs.agentStats && canSeeAgent(s.user, event.statistics.id, view),
        () => this.encode('AgentStatistics', event.statistics),
      );
    }
  }

  private onServiceMessage(message: ServiceMessage | CallbackListsChangedNotice): void {
    if ('kind' in message) return this.refreshCallbackLists(message.queueId);
    const view = this.fanOutRightsView();
    const { queueId, agentId, userId } = message.scope;
    this.deliver(
      (s) =>
        (queueId === undefined || canSeeQueue(s.user, queueId, view)) &&
        (agentId === undefined || canSeeAgent(s.user, agentId, view)) &&
        (userId === undefined || canSeeUser(s.user, userId)),
      () => this.encode(message.msgType, message.ctiMessage),
    );
  }

  /**
   * A queue's callback lists changed: each session that asked for the lists and sees that queue gets
   * them again, as its own rights show them (read once per user, not once per session).
   */
  private refreshCallbackLists(queueId: number): void {
    const callbacks = this.services.callbacks;
    if (!callbacks) return;
    const view = this.rightsView();
    const byUser = new Map<number, Promise<string>>();
    for (const session of this.sessions.values()) {
      if (!session.actor.getSnapshot().context.subscriptions.callbackLists || !canSeeQueue(session.user, queueId, view)) continue;
      let encoded = byUser.get(session.user.id);
      if (!encoded) {
        encoded = callbacks.lists(session.user).then((lists) => this.encode('CallbackLists', lists));
        byUser.set(session.user.id, encoded);
      }
      encoded.then(
        (json) => {
          // The session may have closed meanwhile; a closed one is no longer in the map.
          if (this.sessions.get(session.id) === session) session.actor.getSnapshot().context.outbound.push(json);
        },
        (error: unknown) => this.logger.warn({ err: error, session: session.id }, 'callback lists not re-sent'),
      );
    }
  }

  // One faulty event must not stop the fan-out of the next ones.
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.logger.error({ err: error }, 'fan-out failed for one event');
    }
  }
}
