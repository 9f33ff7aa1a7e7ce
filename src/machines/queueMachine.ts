/**
 * One queue: its members, its waiting callers and its live counters (protocol §4.5).
 *
 * How the engine uses it:
 * - spawn: `spawn(queueMachine, { systemId: `queue:${queueName}`, input: { queueId, queueName, directory } })`.
 * - send: the DomainEvents naming this queue (`member.*`, `queue.caller*`, `agent.acd` with
 *   `queue` = this queue), `queue.force` from a resync snapshot (see `resyncForce.ts`), and
 *   `queue.tick` every second while callers wait (`src/actors/queueTicker.ts`), which refreshes
 *   LongestWaitTime/EWT between events.
 * - subscribe: `queueMember` → `{ kind: 'queueMember', member }` (join, penalty change, leave with
 *   penalty -1; members that are not configured agents are not published), `queueCalls` →
 *   `{ kind: 'queueCalls', … }` when the waiting callers change, `queueCounters` →
 *   `{ kind: 'queueLiveCounters', … }` with only the counters that changed.
 * - query: `context.counters` (all six, `countersAsList`), `queueCallsOf(context.callers)`,
 *   `queueMembersOf(context)`.
 */
import { and, enqueueActions, setup } from 'xstate';
import type { DomainEvent, MemberState, QueueCaller } from '../domain/domainEvents.js';
import type { QueueCallPayload, QueueMemberPayload, StatCounter } from '../domain/xucMessages.js';
import { isWellFormedMachineEvent } from './machineEventShape.js';
import type { NameDirectory } from './nameDirectory.js';
import { queueCallsOf, sameCallers, withCallerJoined, withCallerLeft } from './queueCallers.js';
import { changedCounters, countersDiffer, holdSamples, liveCounters, zeroCounters, type LiveCounters } from './queueCounters.js';

export interface QueueMachineInput {
  queueId: number;
  queueName: string;
  directory: NameDirectory;
  now?: number;
}

export interface QueueForceEvent {
  type: 'queue.force';
  at: number;
  members: readonly MemberState[];
  callers: readonly QueueCaller[];
}

export type QueueMachineEvent =
  | Extract<
      DomainEvent,
      { type: 'member.updated' | 'member.removed' | 'queue.callerJoined' | 'queue.callerLeft' | 'queue.callerAbandoned' | 'agent.acd' }
    >
  | QueueForceEvent
  | { type: 'queue.tick'; at: number };

export type QueueMachineEmitted =
  | { type: 'queueMember'; member: QueueMemberPayload; at: number }
  | { type: 'queueCalls'; queueId: number; calls: QueueCallPayload[]; at: number }
  | { type: 'queueCounters'; queueId: number; counters: StatCounter[]; at: number };

export interface QueueContext {
  queueId: number;
  queueName: string;
  directory: NameDirectory;
  /** Members by interface, as the last QueueMember* event described them. */
  members: Readonly<Record<string, MemberState>>;
  /** Waiting callers in position order. */
  callers: readonly QueueCaller[];
  /**
   * Members (by interface) in the queue's wrap-up after an answered call: epoch ms when it ends.
   * Asterisk announces neither its start nor its end, so the queue times it like the agent does.
   */
  wrapUpEnds: Readonly<Record<string, number>>;
  /** Hold times (s) of the latest answered calls, newest last, for the EWT. */
  recentHolds: ReadonlyArray<{ uniqueId: string; seconds: number }>;
  /** Last published counters. */
  counters: LiveCounters;
  now: number;
}

/** The members that are configured agents, as `QueueMember` payloads. */
export function queueMembersOf(context: Pick<QueueContext, 'members' | 'directory' | 'queueId'>): QueueMemberPayload[] {
  const list: QueueMemberPayload[] = [];
  for (const key in context.members) {
    const payload = memberPayload(context, context.members[key], context.members[key].penalty);
    if (payload) list.push(payload);
  }
  return list;
}

function memberPayload(context: Pick<QueueContext, 'directory' | 'queueId'>, member: MemberState, penalty: number): QueueMemberPayload | undefined {
  const agentId = member.agentNumber === undefined ? undefined : context.directory.agentIdOf(member.agentNumber);
  return agentId === undefined ? undefined : { agentId, queueId: context.queueId, penalty };
}

/**
 * The counters of a context, computed once per context: the `countersChanged` guard runs after
 * every step and `publishCounters` wants the same figures. Contexts are never changed in place.
 */
const countersOfContext = new WeakMap<QueueContext, LiveCounters>();
function countersOf(c: QueueContext): LiveCounters {
  let counters = countersOfContext.get(c);
  if (counters === undefined) {
    counters = liveCounters(c.members, c.callers, c.recentHolds.map((h) => h.seconds), c.wrapUpEnds, c.now);
    countersOfContext.set(c, counters);
  }
  return counters;
}

const firstWrapUpEnd = (c: QueueContext) => Math.min(...Object.values(c.wrapUpEnds));

/** Wrap-ups still running at `now`; the same object when none ended. */
function runningWrapUps(ends: QueueContext['wrapUpEnds'], now: number, keep: (key: string) => boolean = () => true): QueueContext['wrapUpEnds'] {
  let next: Record<string, number> | undefined;
  for (const key in ends) {
    if (ends[key] <= now || !keep(key)) {
      next ??= { ...ends };
      delete next[key];
    }
  }
  return next ?? ends;
}

const later = (c: QueueContext, at: number) => Math.max(c.now, at);

function withHold(holds: QueueContext['recentHolds'], uniqueId: string, seconds: number): QueueContext['recentHolds'] {
  // A NaN here would make the EWT differ from itself forever and republish it without end.
  if (!Number.isFinite(seconds)) return holds;
  const next = holds.filter((h) => h.uniqueId !== uniqueId);
  next.push({ uniqueId, seconds: Math.max(0, seconds) });
  return next.length > holdSamples ? next.slice(next.length - holdSamples) : next;
}

/** The member an ACD event is about (app_queue names agents by number). */
function memberKeyOf(members: QueueContext['members'], agentNumber: string): string | undefined {
  for (const key in members) if (members[key].agentNumber === agentNumber) return key;
  return undefined;
}

export const queueMachine = setup({
  types: {
    context: {} as QueueContext,
    events: {} as QueueMachineEvent,
    input: {} as QueueMachineInput,
    emitted: {} as QueueMachineEmitted,
  },
  guards: {
    isWellFormed: ({ event }) => isWellFormedMachineEvent(event),
    isThisQueue: ({ context, event }) => !('queue' in event) || event.queue === context.queueName,
    countersChanged: ({ context }) => countersDiffer(context.counters, countersOf(context)),
    hasWrapUp: ({ context }) => Object.keys(context.wrapUpEnds).length > 0,
    hasNoWrapUp: ({ context }) => Object.keys(context.wrapUpEnds).length === 0,
  },
  actions: {
    updateMember: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'member.updated') return;
      const previous = context.members[event.member.interface];
      if (!previous || previous.penalty !== event.member.penalty) {
        const member = memberPayload(context, event.member, event.member.penalty);
        if (member) enqueue.emit({ type: 'queueMember', member, at: event.at });
      }
      enqueue.assign({ members: { ...context.members, [event.member.interface]: event.member }, now: later(context, event.at) });
    }),
    removeMember: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'member.removed') return;
      const previous = context.members[event.member.interface];
      if (!previous) return;
      const member = memberPayload(context, previous, -1);
      if (member) enqueue.emit({ type: 'queueMember', member, at: event.at });
      const { [event.member.interface]: _removed, ...members } = context.members;
      const wrapUpEnds = runningWrapUps(context.wrapUpEnds, context.now, (key) => key !== event.member.interface);
      enqueue.assign({ members, wrapUpEnds, now: later(context, event.at) });
    }),
    addCaller: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'queue.callerJoined') return;
      const callers = withCallerJoined(context.callers, event.caller);
      enqueue.assign({ callers, now: later(context, event.at) });
      enqueue.emit({ type: 'queueCalls', queueId: context.queueId, calls: queueCallsOf(callers), at: event.at });
    }),
    removeCaller: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'queue.callerLeft' && event.type !== 'queue.callerAbandoned') return;
      const callers = withCallerLeft(context.callers, event.uniqueId);
      let recentHolds = context.recentHolds;
      if (event.type === 'queue.callerLeft' && event.exit === 'answered') {
        const caller = context.callers.find((c) => c.uniqueId === event.uniqueId);
        // app_queue's own HoldTime (from AgentConnect) replaces this estimate when it comes.
        if (caller && !recentHolds.some((h) => h.uniqueId === caller.uniqueId)) {
          recentHolds = withHold(recentHolds, caller.uniqueId, Math.floor((event.at - caller.joinedAt) / 1000));
        }
      }
      enqueue.assign({ callers, recentHolds, now: later(context, event.at) });
      if (callers !== context.callers) enqueue.emit({ type: 'queueCalls', queueId: context.queueId, calls: queueCallsOf(callers), at: event.at });
    }),
    trackAcd: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'agent.acd') return;
      const now = later(context, event.at);
      const key = memberKeyOf(context.members, event.agentNumber);
      // InCall is never reported turning to 1 (README "AMI facts"), so app_queue's connect says it.
      const inCall = event.phase === 'connected' ? true : event.phase === 'completed' ? false : undefined;
      const members =
        key !== undefined && inCall !== undefined && context.members[key].inCall !== inCall
          ? { ...context.members, [key]: { ...context.members[key], inCall } }
          : context.members;
      const recentHolds =
        event.phase === 'connected' && event.holdTime !== undefined
          ? withHold(context.recentHolds, event.callerUniqueId, event.holdTime)
          : context.recentHolds;
      const wrapUpMs = context.directory.queueWrapUpSecondsOf(context.queueName) * 1000;
      const wrapUpEnds =
        key !== undefined && event.phase === 'completed' && wrapUpMs > 0 ? { ...context.wrapUpEnds, [key]: now + wrapUpMs } : context.wrapUpEnds;
      enqueue.assign({ members, recentHolds, wrapUpEnds, now });
    }),
    noteTick: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'queue.tick') return;
      const now = later(context, event.at);
      enqueue.assign({ now, wrapUpEnds: runningWrapUps(context.wrapUpEnds, now) });
    }),
    /** The first wrap-up timer fired: its due time is the time now (no event carries it). */
    endDueWrapUps: enqueueActions(({ context, enqueue }) => {
      const first = firstWrapUpEnd(context);
      const now = Number.isFinite(first) ? Math.max(context.now, first) : context.now;
      enqueue.assign({ now, wrapUpEnds: runningWrapUps(context.wrapUpEnds, now) });
    }),
    applyForce: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'queue.force') return;
      const members: Record<string, MemberState> = {};
      for (const m of event.members) {
        members[m.interface] = m;
        const previous = context.members[m.interface];
        if (!previous || previous.penalty !== m.penalty) {
          const member = memberPayload(context, m, m.penalty);
          if (member) enqueue.emit({ type: 'queueMember', member, at: event.at });
        }
      }
      for (const key in context.members) {
        if (!(key in members)) {
          const member = memberPayload(context, context.members[key], -1);
          if (member) enqueue.emit({ type: 'queueMember', member, at: event.at });
        }
      }
      const callers = [...event.callers].sort((a, b) => a.position - b.position);
      if (!sameCallers(callers, context.callers)) {
        enqueue.emit({ type: 'queueCalls', queueId: context.queueId, calls: queueCallsOf(callers), at: event.at });
      }
      // A snapshot cannot show app_queue's wrap-ups: those of members still there go on.
      const wrapUpEnds = runningWrapUps(context.wrapUpEnds, context.now, (key) => key in members);
      enqueue.assign({ members, callers, wrapUpEnds, now: later(context, event.at) });
    }),
    publishCounters: enqueueActions(({ context, enqueue }) => {
      const next = countersOf(context);
      const counters = changedCounters(context.counters, next);
      enqueue.assign({ counters: next });
      enqueue.emit({ type: 'queueCounters', queueId: context.queueId, counters, at: context.now });
    }),
  },
  delays: {
    firstWrapUpEnd: ({ context }) => Math.max(0, firstWrapUpEnd(context) - context.now),
  },
}).createMachine({
  id: 'queue',
  context: ({ input }) => ({
    queueId: input.queueId,
    queueName: input.queueName,
    directory: input.directory,
    members: {},
    callers: [],
    wrapUpEnds: {},
    recentHolds: [],
    counters: zeroCounters,
    now: input.now ?? 0,
  }),
  // After every step: only the counters that changed go out, in one message.
  always: { guard: 'countersChanged', actions: 'publishCounters' },
  on: {
    'member.updated': { guard: and(['isWellFormed', 'isThisQueue']), actions: 'updateMember' },
    'member.removed': { guard: and(['isWellFormed', 'isThisQueue']), actions: 'removeMember' },
    'queue.callerJoined': { guard: and(['isWellFormed', 'isThisQueue']), actions: 'addCaller' },
    'queue.callerLeft': { guard: and(['isWellFormed', 'isThisQueue']), actions: 'removeCaller' },
    'queue.callerAbandoned': { guard: and(['isWellFormed', 'isThisQueue']), actions: 'removeCaller' },
    'agent.acd': { guard: and(['isWellFormed', 'isThisQueue']), actions: 'trackAcd' },
    'queue.force': { guard: 'isWellFormed', actions: 'applyForce' },
    'queue.tick': { guard: 'isWellFormed', actions: 'noteTick' },
  },
  initial: 'noWrapUp',
  states: {
    noWrapUp: { always: { guard: 'hasWrapUp', target: 'wrapUpRunning' } },
    // One timer for the member whose wrap-up ends first. When it fires, the queue goes back
    // through noWrapUp, which comes straight back here (timing the next one) only while wrap-ups
    // remain: re-entering directly would time an empty set, an infinite delay that Node turns into 1 ms.
    wrapUpRunning: {
      always: { guard: 'hasNoWrapUp', target: 'noWrapUp' },
      after: { firstWrapUpEnd: { target: 'noWrapUp', actions: 'endDueWrapUps' } },
    },
  },
});

export type QueueMachine = typeof queueMachine;
