import type { XucConfig } from '../config.js';
import type { Clock } from '../domain/clock.js';
import type { ConfigStore } from '../domain/configStore.js';
import type { ContactCenterConfig } from '../domain/contactCenterConfig.js';
import type { EngineApi } from '../domain/engineApi.js';
import type { EngineEvent } from '../domain/engineEvents.js';
import type { AgentStatisticsPayload, QueueStatisticsPayload } from '../domain/xucMessages.js';
import { XucError } from '../errors.js';
import type { Logger } from '../log.js';
import { type AgentStatsOptions, agentStatistics, tickAgentStats } from './agentStats.js';
import type { AgentStatsJournal } from './agentStatsJournal.js';
import { AgentStatsKeeper } from './agentStatsKeeper.js';
import { amiFrameToQueueLog, createAmiQueueLogState, flushStaleAbandons } from './amiQueueLog.js';
import { QueueLogFileFollower } from './queueLogFileSource.js';
import type { QueueLogRecord } from './queueLogRecord.js';
import { MemoryQueueLogStore, type QueueLogStore } from './queueLogStore.js';
import { type SqlQueryable, QueueLogTableSource } from './queueLogTableSource.js';
import {
  applyQueueLogRecord,
  createQueueStatsState,
  type QueueStatsOptions,
  queueCountersOf,
  queueStatCounters,
  tallyCounters,
  tickQueueStats,
  windowTally,
} from './queueStats.js';
import { resetSchedule } from './statsDay.js';
import { StatsPublisher } from './statsPublisher.js';

/** What the WebSocket area uses for `subscribeToQueueStats` / `subscribeToAgentStats`. */
export interface StatsService {
  /** Rebuilds today's counters from the source, then follows it and starts publishing. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Where the queue counters come from. */
  readonly source: 'file' | 'table' | 'ami';
  /** Every current counter of a configured queue (computed and live); undefined for an unknown id. */
  queueStatistics(queueId: number): QueueStatisticsPayload | undefined;
  /**
   * A queue's counters over the last `windowSeconds` (not before the day's reset) with an answered /
   * abandoned threshold of `thresholdSeconds`, names without suffix; undefined for an unknown id.
   */
  queueWindowStatistics(queueId: number, windowSeconds: number, thresholdSeconds: number): QueueStatisticsPayload | undefined;
  /** Every current statistic of a configured agent; undefined for an unknown id. */
  agentStatistics(agentId: number): AgentStatisticsPayload | undefined;
  /** Resolves once the agent statistics have been replayed from the journal (the database may come late). */
  agentStatsResumed(): Promise<void>;
  /** All queues' statistics at once, then at most one message per queue per interval. */
  subscribeQueueStats(listener: (message: QueueStatisticsPayload) => void): () => void;
  /** All agents' statistics at once, then at most one message per agent per interval. */
  subscribeAgentStats(listener: (message: AgentStatisticsPayload) => void): () => void;
  /** Reads what the file or table source has new now, without waiting for the next poll. */
  refresh(): Promise<void>;
}

export interface StatsServiceDeps {
  config: XucConfig;
  clock: Clock;
  engine: Pick<EngineApi, 'onAmiFrame' | 'subscribe'> & Partial<Pick<EngineApi, 'agentStates' | 'queueLiveCounters' | 'linkStatus'>>;
  /** Queue and agent ids, line numbers and user statuses. */
  contactCenter: ConfigStore;
  /** Needed for `stats.queueLogTable`. */
  db?: SqlQueryable;
  /** Keeps AMI-derived records so a restart resumes the day; in memory when absent. */
  store?: QueueLogStore;
  /** Keeps what the agent statistics were computed from so a restart resumes the day; none when absent. */
  agentJournal?: AgentStatsJournal;
  logger: Logger;
}

/** A day is at most 25 h long: reading this far back always covers the current statistics day. */
const REBUILD_SPAN_MS = 26 * 3_600_000;
const LAST_HOUR_MS = 3_600_000;
/** The phone events the agent reducer counts (the others are not kept in the journal). */
const COUNTED_CALL_EVENTS: ReadonlySet<string> = new Set(['EventRinging', 'EventDialing', 'EventEstablished', 'EventReleased', 'EventFailure']);
/** An abandon still undecided after this long (its hang-up was never seen) is settled as an abandon. */
const PENDING_ABANDON_MS = 10_000;

/** Builds the statistics service; nothing runs before `start()`. Throws XucError on bad settings. */
export function createStatsService(deps: StatsServiceDeps): StatsService {
  const { config, clock, engine, logger } = deps;
  const settings = config.stats;
  const schedule = resetSchedule(settings);
  const queueOptions: QueueStatsOptions = {
    schedule,
    thresholdSeconds: settings.thresholdSeconds,
    thresholdSecondsByQueue: settings.thresholdSecondsByQueue,
    windowMs: LAST_HOUR_MS,
  };
  const source: StatsService['source'] = settings.queueLogFile ? 'file' : settings.queueLogTable ? 'table' : 'ami';
  if (source === 'table' && !deps.db) {
    throw new XucError('XUC_ERR_NOT_AVAILABLE', { feature: `stats.queueLogTable "${settings.queueLogTable}" without a database` });
  }
  const follower = source === 'file' ? new QueueLogFileFollower(settings.queueLogFile!, logger) : undefined;
  const table = source === 'table' ? new QueueLogTableSource(deps.db!, settings.queueLogTable!, logger) : undefined;
  const store = deps.store ?? new MemoryQueueLogStore();

  const queueState = createQueueStatsState();
  const agents = new AgentStatsKeeper(deps.agentJournal, logger);
  const amiState = createAmiQueueLogState();
  const liveCounters = new Map<number, Map<string, number>>();
  const agentOnNumber = new Map<string, number>();
  const numberOfAgent = new Map<number, string>();

  let cc: ContactCenterConfig = deps.contactCenter.current();
  const pauseStatusesOf = (c: ContactCenterConfig) =>
    c.userStatuses.filter((s) => s.actions.some((a) => a.name === 'queuepause_all')).map((s) => s.name);
  let agentOptions: AgentStatsOptions = { schedule, pauseStatuses: pauseStatusesOf(cc) };

  // The recent records of each queue, for windows other than the last hour (getQueueStatistics).
  const recent = new Map<string, QueueLogRecord[]>();
  const ingest = (records: readonly QueueLogRecord[]) => {
    for (const r of records) {
      applyQueueLogRecord(queueState, r, queueOptions);
      if (r.queue === 'NONE' || r.queue === '') continue;
      const list = recent.get(r.queue) ?? [];
      list.push(r);
      recent.set(r.queue, list);
    }
  };
  const forgetOld = (now: number) => {
    for (const [queue, list] of recent) {
      const keep = list.findIndex((r) => r.timeMs >= now - REBUILD_SPAN_MS);
      if (keep === -1) recent.delete(queue);
      else if (keep > 0) list.splice(0, keep);
    }
  };
  const keep = (records: readonly QueueLogRecord[]) => {
    if (records.length === 0) return;
    ingest(records);
    store.append(records).catch((e: unknown) => logger.warn({ err: e }, 'could not store derived queue_log records'));
  };

  const readQueues = () => {
    const out = new Map<number, Map<string, number>>();
    for (const q of cc.queues) {
      const values = new Map<string, number>();
      for (const c of queueStatCounters(queueCountersOf(queueState, q.name))) values.set(c.statName, c.value);
      for (const [name, value] of liveCounters.get(q.id) ?? []) values.set(name, value);
      out.set(q.id, values);
    }
    return out;
  };
  const readAgents = () => {
    const out = new Map<number, Map<string, number | string>>();
    const now = clock.now();
    for (const a of cc.agents) out.set(a.id, new Map(agentStatistics(agents.state, a.id, now, agentOptions).map((s) => [s.name, s.value])));
    return out;
  };

  const publisher = new StatsPublisher({
    clock,
    intervalMs: settings.publishIntervalMs,
    logger,
    readQueues,
    readAgents,
    beforeFlush: (now) => {
      if (source === 'ami') keep(flushStaleAbandons(amiState, now, PENDING_ABANDON_MS));
      tickQueueStats(queueState, now, queueOptions);
      tickAgentStats(agents.state, now, agentOptions);
      forgetOld(now);
      void agents.flush();
    },
  });

  const onEngineEvent = (event: EngineEvent) => {
    const now = clock.now();
    switch (event.kind) {
      case 'agentState': {
        const s = event.state;
        const previous = numberOfAgent.get(s.agentId);
        if (previous !== undefined && agentOnNumber.get(previous) === s.agentId) agentOnNumber.delete(previous);
        numberOfAgent.delete(s.agentId);
        if (s.name !== 'AgentLoggedOut' && s.phoneNb && s.phoneNb !== 'null') {
          agentOnNumber.set(s.phoneNb, s.agentId);
          numberOfAgent.set(s.agentId, s.phoneNb);
        }
        agents.record({ at: now, agentId: s.agentId, kind: 'state', name: s.name, cause: s.cause ?? '', since: s.since }, agentOptions);
        return;
      }
      case 'phoneEvent': {
        const number = cc.lines.find((l) => l.id === event.lineId)?.number ?? event.event.DN;
        const agentId = agentOnNumber.get(number);
        const { eventType, uniqueId } = event.event;
        if (agentId !== undefined && COUNTED_CALL_EVENTS.has(eventType)) agents.record({ at: now, agentId, kind: 'call', eventType, uniqueId }, agentOptions);
        return;
      }
      case 'linkState':
        // After a (re)synchronisation the engine's states are Asterisk's: an agent whose state did
        // not change from the engine's initial one (logged out) gets no event, so all are read again.
        if (event.state === 'live') takeEngineAgentStates();
        return;
      case 'queueLiveCounters': {
        const values = liveCounters.get(event.queueId) ?? new Map<string, number>();
        for (const c of event.counters) values.set(c.statName, c.value);
        liveCounters.set(event.queueId, values);
        return;
      }
      default:
        return;
    }
  };

  const takeEngineAgentStates = () => {
    for (const s of engine.agentStates?.() ?? []) onEngineEvent({ kind: 'agentState', agentId: s.agentId, state: s });
  };

  // Statistics must never break the engine's delivery loop: a failure is logged and skipped.
  const guarded =
    <A extends unknown[]>(what: string, f: (...args: A) => void) =>
    (...args: A) => {
      try {
        f(...args);
      } catch (e) {
        logger.warn({ err: e }, `statistics could not use an ${what}`);
      }
    };

  let pollTimer: unknown;
  let polling: Promise<void> | undefined;
  let running = false;
  const unsubscribers: Array<() => void> = [];

  const pollOnce = async () => {
    const records = follower ? await follower.poll() : table ? await table.poll() : [];
    ingest(records);
  };
  const refresh = () => {
    // One poll at a time: a slow disk or database must not pile polls up.
    polling ??= pollOnce()
      .catch((e: unknown) => logger.warn({ err: e, source }, 'could not read new queue_log records'))
      .finally(() => (polling = undefined));
    return polling;
  };
  const schedulePoll = () => {
    pollTimer = clock.setTimeout(() => {
      if (!running) return;
      void refresh().finally(() => running && schedulePoll());
    }, settings.publishIntervalMs);
  };

  return {
    source,
    async start() {
      if (running) return;
      running = true;
      const now = clock.now();
      unsubscribers.push(deps.contactCenter.onChange((next) => {
        cc = next;
        agentOptions = { schedule, pauseStatuses: pauseStatusesOf(next) };
      }));
      // Records that arrive while the day is rebuilt are kept aside and counted after it, in order.
      let buffered: QueueLogRecord[] | undefined = [];
      if (source === 'ami') {
        unsubscribers.push(
          engine.onAmiFrame(
            guarded('AMI frame', (frame, receivedAt) => {
              const records = amiFrameToQueueLog(amiState, frame, receivedAt);
              if (buffered) buffered.push(...records);
              else keep(records);
            }),
          ),
        );
      }
      if (follower) ingest(await follower.poll());
      else if (table) ingest(await table.readSince(now - REBUILD_SPAN_MS));
      else ingest(await store.readSince(now - REBUILD_SPAN_MS));
      const late = buffered;
      buffered = undefined;
      keep(late);
      tickQueueStats(queueState, clock.now(), queueOptions);
      // Before its first synchronisation the engine shows every agent logged out, which is not known yet.
      if (!engine.linkStatus || engine.linkStatus().state === 'live') takeEngineAgentStates();
      void agents.resume(now - REBUILD_SPAN_MS, () => agentOptions);
      for (const q of cc.queues) {
        const counters = engine.queueLiveCounters?.(q.id);
        if (counters?.length) onEngineEvent({ kind: 'queueLiveCounters', queueId: q.id, counters });
      }
      unsubscribers.push(engine.subscribe(guarded('engine event', onEngineEvent)));
      if (source !== 'ami') schedulePoll();
      publisher.start();
      logger.info({ source, day: queueState.day }, 'statistics started');
    },
    async stop() {
      running = false;
      publisher.stop();
      if (pollTimer !== undefined) clock.clearTimeout(pollTimer);
      for (const u of unsubscribers.splice(0)) u();
      await polling;
      await follower?.close();
      await agents.stop();
    },
    queueStatistics(queueId) {
      tickQueueStats(queueState, clock.now(), queueOptions);
      const values = readQueues().get(queueId);
      return values && { queueId, counters: [...values].map(([statName, value]) => ({ statName, value })) };
    },
    queueWindowStatistics(queueId, windowSeconds, thresholdSeconds) {
      const queue = cc.queues.find((q) => q.id === queueId);
      if (!queue) return undefined;
      if (!(windowSeconds > 0) || !(thresholdSeconds >= 0)) {
        throw new XucError('XUC_ERR_INVALID_FIELD', { field: 'window', detail: 'window must be > 0 and xqos ≥ 0 seconds' });
      }
      const options = { ...queueOptions, thresholdSeconds, thresholdSecondsByQueue: {}, windowMs: windowSeconds * 1000 };
      const tally = windowTally(recent.get(queue.name) ?? [], queue.name, clock.now(), options);
      return { queueId, counters: tallyCounters(tally) };
    },
    agentStatistics(agentId) {
      if (!cc.agents.some((a) => a.id === agentId)) return undefined;
      const now = clock.now();
      tickAgentStats(agents.state, now, agentOptions);
      return { id: agentId, statistics: agentStatistics(agents.state, agentId, now, agentOptions) };
    },
    agentStatsResumed: () => agents.resume(clock.now() - REBUILD_SPAN_MS, () => agentOptions),
    subscribeQueueStats: (listener) => publisher.subscribeQueueStats(listener),
    subscribeAgentStats: (listener) => publisher.subscribeAgentStats(listener),
    refresh,
  };
}
