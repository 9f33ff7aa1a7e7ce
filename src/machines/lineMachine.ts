/**
 * One configured phone line and the calls on it, as clients see them through `PhoneEvent`
 * (protocol §4.3, §5.2) and the line's `PhoneStatusUpdate`. Several calls at once, keyed by the
 * uniqueId of the line's own channel; a released call leaves the context at once.
 *
 * How the engine uses it:
 * - spawn: `spawn(lineMachine, { systemId: `line:${lineInterface}`, input: { lineId, lineInterface, number } })`.
 * - send: `line.call` DomainEvents of this interface, and `line.force` from a resync snapshot
 *   (see `resyncForce.ts`): calls that vanished are released, new ones appear.
 * - subscribe: `actor.on('phoneEvent', (e) => bus.publish({ kind: 'phoneEvent', lineId: e.lineId, event: e.event }))`
 *   and `actor.on('phoneStatus', …)` for the line's status (emitted only when it changes).
 * - query: `currentPhoneEvents(actor.getSnapshot().context)` for `getCurrentCallsPhoneEvents`.
 */
import { enqueueActions, setup } from 'xstate';
import type { CallInfo } from '../domain/domainEvents.js';
import type { PhoneEventPayload, PhoneStatusName } from '../domain/xucMessages.js';
import { isWellFormedMachineEvent } from './machineEventShape.js';
import { isNewPhoneEvent, phoneEventOf } from './phoneEventOf.js';
import { phoneStatusOf } from './phoneStatus.js';

export interface LineMachineInput {
  lineId: number;
  lineInterface: string;
  /** The line's number: `DN` of every PhoneEvent. */
  number: string;
}

export interface LineForceEvent {
  type: 'line.force';
  at: number;
  /** Every call Asterisk reports on this line now. */
  calls: readonly CallInfo[];
}

export type LineMachineEvent = { type: 'line.call'; lineInterface: string; call: CallInfo; at: number } | LineForceEvent;

export type LineMachineEmitted =
  | { type: 'phoneEvent'; lineId: number; event: PhoneEventPayload; at: number }
  | { type: 'phoneStatus'; lineId: number; status: PhoneStatusName; at: number };

export interface LineContext {
  lineId: number;
  lineInterface: string;
  number: string;
  /** Live calls by uniqueId: the latest PhoneEvent of each, with data attached since it was sent. */
  calls: Readonly<Record<string, PhoneEventPayload>>;
  /** Last published status. */
  status: PhoneStatusName;
  now: number;
}

/** The last PhoneEvent of each call in progress, oldest first. */
export function currentPhoneEvents(context: Pick<LineContext, 'calls'>): PhoneEventPayload[] {
  return Object.values(context.calls);
}

/** No call: one shared, frozen object, so thousands of idle lines do not each keep an empty one. */
const noCalls: LineContext['calls'] = Object.freeze({});

function sharedIfEmpty(calls: LineContext['calls']): LineContext['calls'] {
  for (const _ in calls) return calls;
  return noCalls;
}

const statusOf = (calls: LineContext['calls']) => phoneStatusOf(Object.values(calls).map((c) => c.eventType));

type Enqueue = Parameters<Parameters<typeof enqueueActions<LineContext, LineMachineEvent, undefined, LineMachineEvent, never, never, never, never, LineMachineEmitted>>[0]>[0]['enqueue'];

/** Applies one call change to `calls` (mutated: a fresh copy owned by the caller) and emits what clients see. */
function applyCall(context: LineContext, calls: Record<string, PhoneEventPayload>, call: CallInfo, at: number, enqueue: Enqueue): void {
  const previous = calls[call.uniqueId];
  // A release of a call never shown is not news to anyone.
  if (call.state === 'released' && !previous) return;
  const event = phoneEventOf(context.number, call, previous);
  if (call.state === 'released') delete calls[call.uniqueId];
  else calls[call.uniqueId] = event;
  if (isNewPhoneEvent(event, previous)) enqueue.emit({ type: 'phoneEvent', lineId: context.lineId, event, at });
}

export const lineMachine = setup({
  types: {
    context: {} as LineContext,
    events: {} as LineMachineEvent,
    input: {} as LineMachineInput,
    emitted: {} as LineMachineEmitted,
  },
  guards: {
    isWellFormed: ({ event }) => isWellFormedMachineEvent(event),
    hasCalls: ({ context }) => Object.keys(context.calls).length > 0,
    hasNoCalls: ({ context }) => Object.keys(context.calls).length === 0,
    statusChanged: ({ context }) => statusOf(context.calls) !== context.status,
  },
  actions: {
    trackCall: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'line.call') return;
      const calls = { ...context.calls };
      applyCall(context, calls, event.call, event.at, enqueue);
      enqueue.assign({ calls: sharedIfEmpty(calls), now: Math.max(context.now, event.at) });
    }),
    applyForce: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'line.force') return;
      const calls = { ...context.calls };
      const present = new Set(event.calls.map((c) => c.uniqueId));
      for (const uniqueId in context.calls) {
        if (!present.has(uniqueId)) {
          const gone = context.calls[uniqueId];
          delete calls[uniqueId];
          enqueue.emit({ type: 'phoneEvent', lineId: context.lineId, event: { ...gone, eventType: 'EventReleased' }, at: event.at });
        }
      }
      for (const call of event.calls) applyCall(context, calls, call, event.at, enqueue);
      enqueue.assign({ calls: sharedIfEmpty(calls), now: Math.max(context.now, event.at) });
    }),
    publishStatus: enqueueActions(({ context, enqueue }) => {
      const status = statusOf(context.calls);
      enqueue.assign({ status });
      enqueue.emit({ type: 'phoneStatus', lineId: context.lineId, status, at: context.now });
    }),
  },
}).createMachine({
  id: 'line',
  context: ({ input }) => ({
    lineId: input.lineId,
    lineInterface: input.lineInterface,
    number: input.number,
    calls: noCalls,
    status: 'AVAILABLE',
    now: 0,
  }),
  initial: 'idle',
  // After every step: the line's status goes out only when it changed.
  always: { guard: 'statusChanged', actions: 'publishStatus' },
  on: {
    'line.call': { guard: 'isWellFormed', actions: 'trackCall' },
    'line.force': { guard: 'isWellFormed', actions: 'applyForce' },
  },
  states: {
    idle: { always: { guard: 'hasCalls', target: 'inUse' } },
    inUse: { always: { guard: 'hasNoCalls', target: 'idle' } },
  },
});

export type LineMachine = typeof lineMachine;
