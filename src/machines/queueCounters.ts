import type { MemberState, QueueCaller } from '../domain/domainEvents.js';
import type { LiveQueueCounterName, StatCounter } from '../domain/xucMessages.js';

/**
 * The live counters of one queue (`QueueStatistics`), from its members and waiting callers.
 * Member rules mirror app_queue's own QueueSummary, so our numbers match what Asterisk reports:
 * - LoggedAgents: members whose device is neither UNAVAILABLE (5) nor INVALID (4);
 * - AvailableAgents: logged members, not paused, not in a call, not in the queue's wrap-up after
 *   their last call (app_queue will not ring them then, and sends nothing when it ends), device
 *   NOT_INUSE (1) or UNKNOWN (0);
 * - TalkingAgents: logged members in a call (InCall, or device INUSE 2 / BUSY 3 / ONHOLD 8 / RINGINUSE 7).
 * Callers:
 * - WaitingCalls: callers in the queue; LongestWaitTime: whole seconds the oldest has waited.
 * - EWT (estimated wait of a caller arriving now, seconds): 0 while an agent is free for every
 *   waiting caller; otherwise the mean hold time of the last answered calls (at most
 *   {@link holdSamples}) times the callers ahead plus one, shared among the logged agents,
 *   i.e. round(meanHold × (WaitingCalls + 1) / max(1, LoggedAgents)). With no answered call yet,
 *   the longest current wait stands in for the mean hold time.
 */
export const liveCounterNames: readonly LiveQueueCounterName[] = [
  'WaitingCalls',
  'LongestWaitTime',
  'EWT',
  'AvailableAgents',
  'TalkingAgents',
  'LoggedAgents',
];

export type LiveCounters = Readonly<Record<LiveQueueCounterName, number>>;

export const zeroCounters: LiveCounters = {
  WaitingCalls: 0,
  LongestWaitTime: 0,
  EWT: 0,
  AvailableAgents: 0,
  TalkingAgents: 0,
  LoggedAgents: 0,
};

/** How many recent hold times the EWT averages. */
export const holdSamples = 10;

const notLogged = new Set([4, 5]);
const busyStatuses = new Set([2, 3, 7, 8]);

export const isLoggedMember = (m: MemberState) => !notLogged.has(m.status);
export const isTalkingMember = (m: MemberState) => isLoggedMember(m) && (m.inCall || busyStatuses.has(m.status));
export const isAvailableMember = (m: MemberState) => !m.paused && !m.inCall && (m.status === 1 || m.status === 0);

/**
 * @param wrapUpEnds epoch ms at which each member (by interface) in wrap-up ends it.
 */
export function liveCounters(
  members: Readonly<Record<string, MemberState>>,
  callers: readonly QueueCaller[],
  holdSeconds: readonly number[],
  wrapUpEnds: Readonly<Record<string, number>>,
  now: number,
): LiveCounters {
  let logged = 0;
  let available = 0;
  let talking = 0;
  for (const key in members) {
    const m = members[key];
    if (!isLoggedMember(m)) continue;
    logged++;
    if (isAvailableMember(m) && !((wrapUpEnds[key] ?? 0) > now)) available++;
    if (isTalkingMember(m)) talking++;
  }
  let oldest = Infinity;
  for (const c of callers) if (c.joinedAt < oldest) oldest = c.joinedAt;
  const longest = callers.length ? Math.max(0, Math.floor((now - oldest) / 1000)) : 0;
  const meanHold = holdSeconds.length ? holdSeconds.reduce((a, b) => a + b, 0) / holdSeconds.length : longest;
  const ewt = callers.length < available ? 0 : Math.round((meanHold * (callers.length + 1)) / Math.max(1, logged));
  return {
    WaitingCalls: callers.length,
    LongestWaitTime: longest,
    EWT: ewt,
    AvailableAgents: available,
    TalkingAgents: talking,
    LoggedAgents: logged,
  };
}

/** Whether any counter differs; `changedCounters` without building the list (checked after every step). */
export function countersDiffer(previous: LiveCounters, next: LiveCounters): boolean {
  for (const name of liveCounterNames) if (previous[name] !== next[name]) return true;
  return false;
}

/** The counters whose value differs, in the fixed wire order. */
export function changedCounters(previous: LiveCounters, next: LiveCounters): StatCounter[] {
  const changed: StatCounter[] = [];
  for (const name of liveCounterNames) if (previous[name] !== next[name]) changed.push({ statName: name, value: next[name] });
  return changed;
}

export function countersAsList(counters: LiveCounters): StatCounter[] {
  return liveCounterNames.map((name) => ({ statName: name, value: counters[name] }));
}
