import type { AgentStateName, AgentStatePayload, PhoneEventPayload } from '../domain/xucMessages.js';
import type { AgentStatsEntry } from './agentStatsJournal.js';
import { isoWithOffset, type ResetSchedule, resetInstantBetween, statsDayOf } from './statsDay.js';

/**
 * Daily agent statistics (product documentation §1.5.4, "Calculated Agent statistics") from the
 * engine's agent states and the phone events of the line each agent is logged on. Deterministic and
 * free of I/O: time is passed in, the state belongs to the caller and is updated in place.
 * Inbound is every call the agent's line received (internal, external, ACD); outbound every call
 * it dialed.
 */
export interface AgentStatsOptions {
  readonly schedule: ResetSchedule;
  /** User statuses configured with `queuepause_all`: time paused with that cause is also totalled
   * under the status name. */
  readonly pauseStatuses: readonly string[];
}

interface CallNote {
  direction: 'in' | 'out';
  answeredAt?: number;
  /** False for a call that started before the reset: its outcome belongs to no day's counts. */
  countedToday: boolean;
}

interface AgentTally {
  state?: AgentStateName;
  cause: string;
  stateStart: number;
  readyMs: number;
  pausedMs: number;
  wrapupMs: number;
  statusMs: Map<string, number>;
  inbCalls: number;
  inbAnsCalls: number;
  inbUnansCalls: number;
  inbCallMs: number;
  outCalls: number;
  loginAt?: number;
  logoutAt?: number;
  calls: Map<string, CallNote>;
}

export interface AgentStatsState {
  day: string | undefined;
  dayStartedAt: number;
  now: number;
  agents: Map<number, AgentTally>;
}

export const createAgentStatsState = (): AgentStatsState => ({
  day: undefined,
  dayStartedAt: -Infinity,
  now: -Infinity,
  agents: new Map(),
});

/** Longer than any day (25 h when clocks go back), to find the last reset before a first instant. */
const LONGEST_DAY_MS = 26 * 3_600_000;

/** The last reset after `from` and at or before `to`; undefined when the day does not change. */
function lastResetBetween(from: number, to: number, schedule: ResetSchedule): number | undefined {
  let last: number | undefined;
  for (let r = resetInstantBetween(from, to, schedule); r !== undefined; r = resetInstantBetween(r, to, schedule)) last = r;
  return last;
}

function advance(state: AgentStatsState, now: number, options: AgentStatsOptions): void {
  const day = statsDayOf(now, options.schedule);
  if (state.day === undefined) {
    state.day = day;
    state.dayStartedAt = lastResetBetween(now - LONGEST_DAY_MS, now, options.schedule) ?? now - LONGEST_DAY_MS;
  } else if (day > state.day) {
    // The last one: a replay may jump over a whole day without a tick.
    const resetAt = lastResetBetween(state.now, now, options.schedule) ?? now;
    state.day = day;
    state.dayStartedAt = resetAt;
    for (const [id, t] of state.agents) {
      const fresh = emptyTally();
      fresh.state = t.state;
      fresh.cause = t.cause;
      fresh.stateStart = Math.max(t.stateStart, resetAt);
      // Login and logout times are the last ones, not daily counts: they survive the reset.
      fresh.loginAt = t.loginAt;
      fresh.logoutAt = t.logoutAt;
      for (const [uid, c] of t.calls) {
        fresh.calls.set(uid, {
          direction: c.direction,
          answeredAt: c.answeredAt === undefined ? undefined : Math.max(c.answeredAt, resetAt),
          countedToday: false,
        });
      }
      state.agents.set(id, fresh);
    }
  }
  if (now > state.now) state.now = now;
}

const emptyTally = (): AgentTally => ({
  cause: '',
  stateStart: 0,
  readyMs: 0,
  pausedMs: 0,
  wrapupMs: 0,
  statusMs: new Map(),
  inbCalls: 0,
  inbAnsCalls: 0,
  inbUnansCalls: 0,
  inbCallMs: 0,
  outCalls: 0,
  calls: new Map(),
});

function tallyOf(state: AgentStatsState, agentId: number): AgentTally {
  let t = state.agents.get(agentId);
  if (!t) {
    t = emptyTally();
    state.agents.set(agentId, t);
  }
  return t;
}

/** Adds the time spent in the current state from its start up to `until` to that state's totals. */
function addStateTime(t: AgentTally, until: number, options: AgentStatsOptions, into: AgentTally = t): void {
  const ms = until - t.stateStart;
  if (t.state === undefined || ms <= 0) return;
  if (t.state === 'AgentReady') into.readyMs += ms;
  else if (t.state === 'AgentOnWrapup') into.wrapupMs += ms;
  else if (t.state === 'AgentOnPause') {
    into.pausedMs += ms;
    if (options.pauseStatuses.includes(t.cause)) into.statusMs.set(t.cause, (into.statusMs.get(t.cause) ?? 0) + ms);
  }
}

/** Moves time forward (the midnight reset happens here when no event comes). */
export function tickAgentStats(state: AgentStatsState, now: number, options: AgentStatsOptions): void {
  advance(state, now, options);
}

/** An AgentStateEvent of one agent, received at `now`. */
export function applyAgentState(state: AgentStatsState, payload: AgentStatePayload, now: number, options: AgentStatsOptions): void {
  advance(state, now, options);
  const t = tallyOf(state, payload.agentId);
  const since = Number.isFinite(payload.since) && payload.since > 0 ? payload.since * 1000 : 0;
  // `since` tells when the first known state began (after a restart); later transitions are timed
  // by their arrival, so time already shown in the previous state is never taken back.
  const start = t.state === undefined ? Math.min(now, Math.max(now - since, state.dayStartedAt)) : Math.max(now, t.stateStart);
  addStateTime(t, start, options);
  const wasLoggedIn = t.state !== undefined && t.state !== 'AgentLoggedOut';
  const isLoggedIn = payload.name !== 'AgentLoggedOut';
  if (isLoggedIn && !wasLoggedIn) t.loginAt = now - since;
  if (!isLoggedIn && wasLoggedIn) t.logoutAt = now - since;
  t.state = payload.name;
  t.cause = payload.cause ?? '';
  t.stateStart = start;
}

/** A phone event of the line the agent is logged on, received at `now`. */
export function applyAgentCall(state: AgentStatsState, agentId: number, event: PhoneEventPayload, now: number, options: AgentStatsOptions): void {
  advance(state, now, options);
  const t = tallyOf(state, agentId);
  const call = t.calls.get(event.uniqueId);
  switch (event.eventType) {
    case 'EventRinging':
      if (!call) {
        t.calls.set(event.uniqueId, { direction: 'in', countedToday: true });
        t.inbCalls++;
      }
      return;
    case 'EventDialing':
      if (!call) {
        t.calls.set(event.uniqueId, { direction: 'out', countedToday: true });
        t.outCalls++;
      }
      return;
    case 'EventEstablished':
      if (call?.direction === 'in' && call.answeredAt === undefined) {
        call.answeredAt = now;
        if (call.countedToday) t.inbAnsCalls++;
      }
      return;
    case 'EventReleased':
    case 'EventFailure':
      if (!call) return;
      t.calls.delete(event.uniqueId);
      if (call.direction !== 'in') return;
      if (call.answeredAt !== undefined) t.inbCallMs += now - call.answeredAt;
      else if (call.countedToday) t.inbUnansCalls++;
      return;
    default:
      return;
  }
}

/** One journal entry, applied at the time it was received. */
export function applyAgentStatsEntry(state: AgentStatsState, entry: AgentStatsEntry, options: AgentStatsOptions): void {
  if (entry.kind === 'state') {
    const { agentId, name, cause, since } = entry;
    applyAgentState(state, { agentId, name, cause, since, phoneNb: '', queues: [] }, entry.at, options);
  } else {
    const { eventType, uniqueId } = entry;
    applyAgentCall(state, entry.agentId, { eventType, uniqueId, linkedId: uniqueId, DN: '', otherDN: '', otherDName: '', userData: {} }, entry.at, options);
  }
}

/**
 * The statistics the entries give, from a fresh state: what a restart resumes from. Entries from
 * before the day's reset bring the states in progress at the reset, as the running server had them.
 */
export function replayAgentStats(entries: Iterable<AgentStatsEntry>, options: AgentStatsOptions): AgentStatsState {
  const state = createAgentStatsState();
  for (const entry of entries) applyAgentStatsEntry(state, entry, options);
  return state;
}

export const agentIds = (state: AgentStatsState): number[] => [...state.agents.keys()];

const wholeSeconds = (ms: number) => Math.floor(ms / 1000);

/** The wire statistics of one agent as of `now` (time in the current state included). */
export function agentStatistics(
  state: AgentStatsState,
  agentId: number,
  now: number,
  options: AgentStatsOptions,
): Array<{ name: string; value: number | string }> {
  const t = state.agents.get(agentId) ?? emptyTally();
  const live = emptyTally();
  addStateTime(t, Math.max(now, t.stateStart), options, live);
  const out: Array<{ name: string; value: number | string }> = [
    { name: 'ReadyTime', value: wholeSeconds(t.readyMs + live.readyMs) },
    { name: 'PausedTime', value: wholeSeconds(t.pausedMs + live.pausedMs) },
    { name: 'WrapupTime', value: wholeSeconds(t.wrapupMs + live.wrapupMs) },
    { name: 'InbCalls', value: t.inbCalls },
    { name: 'InbCallTime', value: wholeSeconds(t.inbCallMs) },
    { name: 'InbAnsCalls', value: t.inbAnsCalls },
    { name: 'InbUnansCalls', value: t.inbUnansCalls },
    { name: 'InbPercUnansCalls', value: t.inbCalls > 0 ? Math.round((t.inbUnansCalls * 10_000) / t.inbCalls) / 100 : 0 },
    { name: 'InbAverCallTime', value: t.inbAnsCalls > 0 ? Math.round(t.inbCallMs / 1000 / t.inbAnsCalls) : 0 },
    { name: 'OutCalls', value: t.outCalls },
  ];
  if (t.loginAt !== undefined) out.push({ name: 'LoginDateTime', value: isoWithOffset(t.loginAt, options.schedule.timeZone) });
  if (t.logoutAt !== undefined) out.push({ name: 'LogoutDateTime', value: isoWithOffset(t.logoutAt, options.schedule.timeZone) });
  const taken = new Set(out.map((s) => s.name));
  for (const status of options.pauseStatuses) {
    if (taken.has(status)) continue;
    out.push({ name: status, value: wholeSeconds((t.statusMs.get(status) ?? 0) + (live.statusMs.get(status) ?? 0)) });
  }
  return out;
}
