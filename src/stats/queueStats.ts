import type { StatCounter } from '../domain/xucMessages.js';
import type { QueueLogRecord } from './queueLogRecord.js';
import { type ResetSchedule, statsDayOf } from './statsDay.js';

/**
 * Queue statistics of the day and of the sliding last hour, computed from queue_log records and
 * clock ticks (product documentation §1.5.4). Deterministic and free of I/O: the state belongs to
 * the caller, `applyQueueLogRecord` and `tickQueueStats` update it in place, and the same
 * sequence of records and ticks always gives the same counters, however it is chunked.
 */

/** What is counted per queue; the wire names are in `queueStatCounters`. */
export interface QueueTally {
  entered: number;
  answered: number;
  answeredBefore: number;
  abandoned: number;
  abandonedAfter: number;
  closed: number;
  timeout: number;
  joinEmpty: number;
  leaveEmpty: number;
  full: number;
}
type TallyKey = keyof QueueTally;

const emptyTally = (): QueueTally => ({
  entered: 0,
  answered: 0,
  answeredBefore: 0,
  abandoned: 0,
  abandonedAfter: 0,
  closed: 0,
  timeout: 0,
  joinEmpty: 0,
  leaveEmpty: 0,
  full: 0,
});

export interface QueueStatsOptions {
  readonly schedule: ResetSchedule;
  /** Answered within / abandoned after this many seconds of waiting. */
  readonly thresholdSeconds: number;
  readonly thresholdSecondsByQueue: Readonly<Record<string, number>>;
  /** Length of the sliding window of the `…LastHour` counters. */
  readonly windowMs: number;
}

export interface QueueCounters {
  readonly day: QueueTally;
  readonly lastHour: QueueTally;
}

interface QueueEntry {
  day: QueueTally;
  lastHour: QueueTally;
  /** Calls that entered today and have no outcome yet, with the time they entered: an outcome counts
   * only for them, and in the last hour only while their entry does (so each count of the last hour
   * is about the calls that entered in it, and its percentages compare like with like). */
  openCalls: Map<string, number>;
}

interface WindowEntry {
  at: number;
  queue: string;
  keys: TallyKey[];
}

export interface QueueStatsState {
  /** The statistics day being counted (never goes backwards). */
  day: string | undefined;
  /** When this process saw the day begin: a record older than that and of an earlier day is late. */
  dayStartedAt: number;
  /** Latest instant seen, from records or ticks. */
  now: number;
  queues: Map<string, QueueEntry>;
  /** Counted events still inside the last-hour window, sorted by time, from `head` on. */
  window: WindowEntry[];
  head: number;
}

export const createQueueStatsState = (): QueueStatsState => ({
  day: undefined,
  dayStartedAt: -Infinity,
  now: -Infinity,
  queues: new Map(),
  window: [],
  head: 0,
});

/** Moves the state's time forward: resets at a new day, then drops what left the window. */
export function tickQueueStats(state: QueueStatsState, now: number, options: QueueStatsOptions): void {
  advanceDay(state, statsDayOf(now, options.schedule), now);
  if (now > state.now) state.now = now;
  expireWindow(state, options.windowMs);
}

/** Counts one record. Records of a day already over are ignored (they were that day's). */
export function applyQueueLogRecord(state: QueueStatsState, record: QueueLogRecord, options: QueueStatsOptions): void {
  const day = statsDayOf(record.timeMs, options.schedule);
  // When clocks go back, the repeated hour after a reset maps to the previous date again: only the
  // time tells a late record of yesterday from a record of today.
  if (state.day !== undefined && day < state.day) {
    if (record.timeMs < state.dayStartedAt) return;
  } else advanceDay(state, day, record.timeMs);
  if (record.timeMs > state.now) state.now = record.timeMs;
  expireWindow(state, options.windowMs);
  if (record.queue === '' || record.queue === 'NONE') return;
  const entry = queueEntry(state, record.queue);
  const counted = countedFor(entry, record, thresholdOf(record.queue, options));
  if (!counted) return;
  for (const k of counted.keys) entry.day[k]++;
  if (counted.enteredAt > state.now - options.windowMs) {
    for (const k of counted.keys) entry.lastHour[k]++;
    insertSorted(state, { at: counted.enteredAt, queue: record.queue, keys: counted.keys });
  }
}

/**
 * The counters of one queue over the last `windowMs` (never before the day's reset), with its own
 * threshold: what `getQueueStatistics(queueId, window, xqos)` asks. Replays the given records.
 */
export function windowTally(records: readonly QueueLogRecord[], queue: string, now: number, options: QueueStatsOptions): QueueTally {
  const state = createQueueStatsState();
  for (const r of records) applyQueueLogRecord(state, r, options);
  tickQueueStats(state, now, options);
  return queueCountersOf(state, queue).lastHour;
}

/** The queues seen today (and before, since a reset keeps them with zero counters). */
export const queueNames = (state: QueueStatsState): string[] => [...state.queues.keys()];

export function queueCountersOf(state: QueueStatsState, queue: string): QueueCounters {
  const entry = state.queues.get(queue);
  return entry ? { day: { ...entry.day }, lastHour: { ...entry.lastHour } } : { day: emptyTally(), lastHour: emptyTally() };
}

const thresholdOf = (queue: string, options: QueueStatsOptions) =>
  options.thresholdSecondsByQueue[queue] ?? options.thresholdSeconds;

function queueEntry(state: QueueStatsState, queue: string): QueueEntry {
  let entry = state.queues.get(queue);
  if (!entry) {
    entry = { day: emptyTally(), lastHour: emptyTally(), openCalls: new Map() };
    state.queues.set(queue, entry);
  }
  return entry;
}

const seconds = (value: string | undefined): number => {
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : 0;
};

/** Which counters a record moves, and the entry time of the call it is about. */
function countedFor(entry: QueueEntry, r: QueueLogRecord, threshold: number): { keys: TallyKey[]; enteredAt: number } | undefined {
  const own = (keys: TallyKey[]) => ({ keys, enteredAt: r.timeMs });
  const outcome = (keys: TallyKey[]) => {
    const enteredAt = entry.openCalls.get(r.callId);
    if (enteredAt === undefined) return undefined;
    entry.openCalls.delete(r.callId);
    return keys.length ? { keys, enteredAt } : undefined;
  };
  switch (r.event) {
    case 'ENTERQUEUE':
      entry.openCalls.set(r.callId, r.timeMs);
      return own(['entered']);
    case 'CONNECT': // holdtime|member uniqueid|ringtime
      return outcome(seconds(r.data[0]) <= threshold ? ['answered', 'answeredBefore'] : ['answered']);
    case 'ABANDON': // position|original position|waittime
      return outcome(seconds(r.data[2]) > threshold ? ['abandoned', 'abandonedAfter'] : ['abandoned']);
    case 'EXITWITHTIMEOUT':
      return outcome(['timeout']);
    case 'EXITEMPTY':
      return outcome(['leaveEmpty']);
    case 'EXITWITHKEY':
      return outcome([]);
    // Refused joins never had an ENTERQUEUE: they are calls the queue received all the same.
    case 'JOINEMPTY':
    case 'JOINUNAVAIL':
      return own(['entered', 'joinEmpty']);
    case 'FULL':
      return own(['entered', 'full']);
    case 'CLOSED':
      return own(['entered', 'closed']);
    default:
      return undefined;
  }
}

function advanceDay(state: QueueStatsState, day: string, at: number): void {
  if (state.day === undefined) (state.day = day), (state.dayStartedAt = at);
  else if (day > state.day) {
    state.day = day;
    state.dayStartedAt = at;
    for (const entry of state.queues.values()) {
      entry.day = emptyTally();
      entry.lastHour = emptyTally();
      entry.openCalls.clear();
    }
    // The last hour is the day's last hour: nothing before the reset stays in it.
    state.window = [];
    state.head = 0;
  }
}

function expireWindow(state: QueueStatsState, windowMs: number): void {
  const limit = state.now - windowMs;
  const w = state.window;
  while (state.head < w.length && w[state.head].at <= limit) {
    const { queue, keys } = w[state.head];
    const entry = state.queues.get(queue);
    if (entry) for (const k of keys) entry.lastHour[k]--;
    state.head++;
  }
  if (state.head > 1024 && state.head * 2 > w.length) {
    state.window = w.slice(state.head);
    state.head = 0;
  }
}

// Records arrive almost in order (AMI-derived ones may lag by a second): insert from the end.
function insertSorted(state: QueueStatsState, item: WindowEntry): void {
  const w = state.window;
  let i = w.length;
  while (i > state.head && w[i - 1].at > item.at) i--;
  w.splice(i, 0, item);
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part * 10_000) / whole) / 100 : 0);

/** The wire counters of one tally, names suffixed (`LastHour`) or not. */
export function tallyCounters(t: QueueTally, suffix = ''): StatCounter[] {
  const c = (statName: string, value: number): StatCounter => ({ statName: statName + suffix, value });
  return [
    c('TotalNumberCallsEntered', t.entered),
    c('TotalNumberCallsAnswered', t.answered),
    c('TotalNumberCallsAnsweredBefore15', t.answeredBefore),
    c('PercentageAnsweredBefore15', percent(t.answeredBefore, t.entered)),
    c('TotalNumberCallsAbandonned', t.abandoned),
    c('TotalNumberCallsAbandonnedAfter15', t.abandonedAfter),
    c('PercentageAbandonnedAfter15', percent(t.abandonedAfter, t.entered)),
    c('TotalNumberCallsClosed', t.closed),
    c('TotalNumberCallsTimeout', t.timeout),
    c('TotalNumberCallsJoinEmpty', t.joinEmpty),
    c('TotalNumberCallsLeaveEmpty', t.leaveEmpty),
    c('TotalNumberCallsFull', t.full),
  ];
}

/** The wire counters of a queue: the day's, then the same names suffixed `LastHour`. */
export function queueStatCounters(counters: QueueCounters): StatCounter[] {
  return [...tallyCounters(counters.day), ...tallyCounters(counters.lastHour, 'LastHour')];
}
