import type { AnyActorRef } from 'xstate';
import type { QueueCallPayload, QueueMemberPayload, StatCounter } from '../domain/xucMessages.js';
import { queueCallsOf } from '../machines/queueCallers.js';
import { countersAsList } from '../machines/queueCounters.js';
import { queueMachine, queueMembersOf, type QueueContext, type QueueMachineEmitted } from '../machines/queueMachine.js';
import type { EngineKind } from './engineKind.js';

/** Queues: one `queue:<name>` per configured queue. */
export const queueKind: EngineKind = {
  kind: 'queue',
  spec: (deps) => ({
    kind: 'queue',
    logic: queueMachine,
    desired: (config) =>
      new Map(config.queues.map((q) => [q.name, { queueId: q.id, queueName: q.name, directory: deps.directory, now: deps.now() }])),
    // Wrap-up and names are read through the shared directory: nothing to tell the actor.
    reconfigure: () => undefined,
    identity: (input) => `${(input as { queueId: number }).queueId}`,
  }),
  published: (emitted) => {
    const e = emitted as QueueMachineEmitted;
    switch (e.type) {
      case 'queueMember':
        return [{ kind: 'queueMember', member: e.member }];
      case 'queueCalls':
        return [{ kind: 'queueCalls', queueId: e.queueId, calls: e.calls }];
      case 'queueCounters':
        return e.counters.length ? [{ kind: 'queueLiveCounters', queueId: e.queueId, counters: e.counters }] : [];
      default:
        return [];
    }
  },
};

const contextOf = (ref: AnyActorRef | undefined) => (ref?.getSnapshot() as { context?: QueueContext } | undefined)?.context;

export const queueMembersFrom = (ref: AnyActorRef | undefined): QueueMemberPayload[] => {
  const context = contextOf(ref);
  return context ? queueMembersOf(context) : [];
};

export const queueCountersFrom = (ref: AnyActorRef | undefined): StatCounter[] => {
  const context = contextOf(ref);
  return context ? countersAsList(context.counters) : [];
};

export const queueCallsFrom = (ref: AnyActorRef | undefined): QueueCallPayload[] => {
  const context = contextOf(ref);
  return context ? queueCallsOf(context.callers) : [];
};

/** The queue has callers waiting (no payload built: this is asked every second while they wait). */
export const hasWaitingCallers = (ref: AnyActorRef | undefined): boolean => (contextOf(ref)?.callers.length ?? 0) > 0;
