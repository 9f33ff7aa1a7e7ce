import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import type { QueueCallPayload, QueueMemberPayload, StatCounter } from '../../src/domain/xucMessages.js';
import { queueMachine, queueMembersOf, type QueueMachineEvent } from '../../src/machines/queueMachine.js';
import { acd, caller, directory, member } from './domainEventBuilders.js';

const T0 = 1_795_000_000_000;
type DistributiveOmit<T, K extends keyof any> = T extends unknown ? Omit<T, K> : never;

function startQueue(queueName = 'sales', queueId = 1) {
  const clock = new ManualClock(T0);
  const actor = createActor(queueMachine, { input: { queueId, queueName, directory, now: T0 }, clock });
  const members: QueueMemberPayload[] = [];
  const calls: QueueCallPayload[][] = [];
  const counters: StatCounter[][] = [];
  actor.on('queueMember', (e) => members.push(e.member));
  actor.on('queueCalls', (e) => calls.push(e.calls));
  actor.on('queueCounters', (e) => counters.push(e.counters));
  actor.start();
  const send = (event: DistributiveOmit<QueueMachineEvent, 'at'>, advanceMs = 0) => {
    clock.advance(advanceMs);
    actor.send({ ...event, at: clock.now() } as QueueMachineEvent);
  };
  const live = () => actor.getSnapshot().context.counters;
  return { actor, clock, members, calls, counters, send, live };
}

describe('queue machine', () => {
  it('queue-penalties: support has no wrap-up, so a member is available again at the hang-up', () => {
    const q = startQueue('support', 2);
    q.send({ type: 'member.updated', queue: 'support', member: member('1006') });
    q.send({ ...acd('1006', 'connected', 0, 'support', 'C1'), holdTime: 1 });
    expect(q.live()).toMatchObject({ AvailableAgents: 0, TalkingAgents: 1 });
    q.send(acd('1006', 'completed', 0, 'support', 'C1'), 5000);
    expect(q.live()).toMatchObject({ AvailableAgents: 1, TalkingAgents: 0 });
  });

  it('a member removed or logged off during its wrap-up leaves no timer behind', () => {
    const q = startQueue();
    q.send({ type: 'member.updated', queue: 'sales', member: member('1001') });
    q.send(acd('1001', 'connected', 0, 'sales', 'C1'));
    q.send(acd('1001', 'completed', 0, 'sales', 'C1'), 1000);
    expect(q.actor.getSnapshot().value).toBe('wrapUpRunning');
    q.send({ type: 'member.removed', queue: 'sales', member: member('1001') }, 1000);
    expect(q.actor.getSnapshot().value).toBe('noWrapUp');
    expect(q.actor.getSnapshot().context.wrapUpEnds).toEqual({});
  });

  it('wrap-ups ending one after the other leave no timer, and never one with an endless delay', () => {
    // Node turns a delay it cannot hold (Infinity) into 1 ms: such a timer would fire nonstop.
    const clock = new ManualClock(T0);
    const delays: number[] = [];
    let pending = 0;
    const recording = {
      now: () => clock.now(),
      setTimeout: (fn: () => void, ms: number) => (delays.push(ms), pending++, clock.setTimeout(() => (pending--, fn()), ms)),
      clearTimeout: (handle: unknown) => (pending--, clock.clearTimeout(handle)),
    };
    const actor = createActor(queueMachine, { input: { queueId: 1, queueName: 'sales', directory, now: T0 }, clock: recording }).start();
    const send = (event: DistributiveOmit<QueueMachineEvent, 'at'>) => actor.send({ ...event, at: clock.now() } as QueueMachineEvent);
    for (const agent of ['1001', '1002']) {
      send({ type: 'member.updated', queue: 'sales', member: member(agent) });
      send(acd(agent, 'connected', 0, 'sales', `C${agent}`));
      send(acd(agent, 'completed', 0, 'sales', `C${agent}`));
      clock.advance(2000);
    }
    clock.advance(10_000);
    expect(actor.getSnapshot().value).toBe('noWrapUp');
    expect(actor.getSnapshot().context.counters.AvailableAgents).toBe(2);
    expect(delays.every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true);
    expect(pending).toBe(0);
  });

  it('queue-call-answered: two agents join, a caller waits then is answered; counters follow', () => {
    const q = startQueue();
    q.send({ type: 'member.updated', queue: 'sales', member: member('1001') });
    q.send({ type: 'member.updated', queue: 'sales', member: member('1002') });
    expect(q.members).toEqual([
      { agentId: 1, queueId: 1, penalty: 0 },
      { agentId: 2, queueId: 1, penalty: 0 },
    ]);
    expect(q.live()).toMatchObject({ LoggedAgents: 2, AvailableAgents: 2, WaitingCalls: 0 });
    q.send({ type: 'queue.callerJoined', queue: 'sales', caller: caller('C1', 1, T0 + 1000), count: 1 }, 1000);
    expect(q.calls.at(-1)).toEqual([
      { position: 1, name: 'Jean Dupont', number: '0601020304', queueTime: new Date(T0 + 1000).toISOString() },
    ]);
    expect(q.counters.at(-1)).toEqual([{ statName: 'WaitingCalls', value: 1 }]);
    q.send({ type: 'member.updated', queue: 'sales', member: member('1001', { status: 2 }) }, 100);
    q.send({ type: 'queue.callerLeft', queue: 'sales', uniqueId: 'C1', count: 0, exit: 'answered' }, 1300);
    q.send({ ...acd('1001', 'connected', 0, 'sales', 'C1'), holdTime: 1 });
    expect(q.calls.at(-1)).toEqual([]);
    expect(q.live()).toMatchObject({ WaitingCalls: 0, LongestWaitTime: 0, TalkingAgents: 1, AvailableAgents: 1, LoggedAgents: 2 });
    q.send(acd('1001', 'completed', 0, 'sales', 'C1'), 3000);
    q.send({ type: 'member.updated', queue: 'sales', member: member('1001', { callsTaken: 1 }) });
    // sales has a 5 s wrap-up: app_queue will not ring 1001 before it ends, and says nothing when it does.
    expect(q.live()).toMatchObject({ TalkingAgents: 0, AvailableAgents: 1, LoggedAgents: 2 });
    q.clock.advance(4999);
    expect(q.live().AvailableAgents).toBe(1);
    q.clock.advance(1);
    expect(q.live().AvailableAgents).toBe(2);
    expect(q.counters.at(-1)).toEqual([{ statName: 'AvailableAgents', value: 2 }]);
    // No member message for a status change: the penalty did not move.
    expect(q.members).toHaveLength(2);
  });

  it('queue-call-abandoned: the abandon then the leave remove the caller once', () => {
    const q = startQueue();
    q.send({ type: 'member.updated', queue: 'sales', member: member('1002', { paused: true, pausedReason: 'break' }) });
    expect(q.live()).toMatchObject({ LoggedAgents: 1, AvailableAgents: 0 });
    q.send({ type: 'queue.callerJoined', queue: 'sales', caller: caller('C1', 1, T0), count: 1 });
    q.send({ type: 'queue.callerAbandoned', queue: 'sales', uniqueId: 'C1', position: 1, originalPosition: 1, holdTime: 4 }, 4000);
    q.send({ type: 'queue.callerLeft', queue: 'sales', uniqueId: 'C1', count: 0, exit: 'abandoned' });
    expect(q.calls).toHaveLength(2);
    expect(q.live().WaitingCalls).toBe(0);
  });

  it('LongestWaitTime is the oldest caller’s wait in seconds; positions close up when a caller leaves', () => {
    const q = startQueue();
    q.send({ type: 'queue.callerJoined', queue: 'sales', caller: caller('C1', 1, T0), count: 1 });
    q.send({ type: 'queue.callerJoined', queue: 'sales', caller: caller('C2', 2, T0 + 2000, { callerIdNum: '0655443322' }), count: 2 }, 2000);
    q.send({ type: 'queue.tick' }, 35_000);
    expect(q.live()).toMatchObject({ WaitingCalls: 2, LongestWaitTime: 37 });
    q.send({ type: 'queue.callerLeft', queue: 'sales', uniqueId: 'C1', count: 1, exit: 'abandoned' });
    expect(q.calls.at(-1)).toEqual([expect.objectContaining({ position: 1, number: '0655443322' })]);
    expect(q.live()).toMatchObject({ WaitingCalls: 1, LongestWaitTime: 35 });
  });

  it('publishes only the counters that changed', () => {
    const q = startQueue();
    q.send({ type: 'member.updated', queue: 'sales', member: member('1001') });
    expect(q.counters).toEqual([
      [
        { statName: 'AvailableAgents', value: 1 },
        { statName: 'LoggedAgents', value: 1 },
      ],
    ]);
    q.send({ type: 'member.updated', queue: 'sales', member: member('1001', { callsTaken: 5 }) });
    expect(q.counters).toHaveLength(1);
  });

  it('membership-changes: penalty change and removal are published (removal with penalty -1)', () => {
    const q = startQueue('support', 2);
    q.send({ type: 'member.updated', queue: 'support', member: member('1003', { penalty: 2 }) });
    q.send({ type: 'member.updated', queue: 'support', member: member('1003', { penalty: 5 }) });
    q.send({ type: 'member.removed', queue: 'support', member: member('1003', { penalty: 5 }) });
    q.send({ type: 'member.removed', queue: 'support', member: member('1003', { penalty: 5 }) });
    expect(q.members).toEqual([
      { agentId: 3, queueId: 2, penalty: 2 },
      { agentId: 3, queueId: 2, penalty: 5 },
      { agentId: 3, queueId: 2, penalty: -1 },
    ]);
    expect(queueMembersOf(q.actor.getSnapshot().context)).toEqual([]);
  });

  it('agent-logoff-during-wrapup: a logged-off member stays a member but is no longer logged', () => {
    const q = startQueue();
    q.send({ type: 'member.updated', queue: 'sales', member: member('1001') });
    q.send({ type: 'member.updated', queue: 'sales', member: member('1001', { status: 5, callsTaken: 1 }) });
    expect(q.live()).toMatchObject({ LoggedAgents: 0, AvailableAgents: 0 });
    expect(queueMembersOf(q.actor.getSnapshot().context)).toEqual([{ agentId: 1, queueId: 1, penalty: 0 }]);
  });

  it('EWT: 0 while an agent is free for every caller, otherwise from recent hold times', () => {
    const q = startQueue();
    q.send({ type: 'member.updated', queue: 'sales', member: member('1001') });
    q.send({ type: 'queue.callerJoined', queue: 'sales', caller: caller('C1', 1, T0), count: 1 });
    expect(q.live().EWT).toBe(0);
    q.send({ ...acd('1001', 'connected', 0, 'sales', 'C0'), holdTime: 20 });
    q.send({ type: 'queue.callerJoined', queue: 'sales', caller: caller('C2', 2, T0), count: 2 });
    // Mean hold 20 s, 2 callers waiting + the new one, 1 logged agent.
    expect(q.live().EWT).toBe(60);
  });

  it('ignores events about another queue', () => {
    const q = startQueue();
    q.send({ type: 'member.updated', queue: 'support', member: member('1001') });
    q.send({ type: 'queue.callerJoined', queue: 'support', caller: caller('C1', 1, T0), count: 1 });
    expect(q.members).toEqual([]);
    expect(q.live().WaitingCalls).toBe(0);
  });

  it('force from a snapshot: members and callers become the snapshot’s, with the differences published', () => {
    const q = startQueue();
    q.send({ type: 'member.updated', queue: 'sales', member: member('1001') });
    q.send({ type: 'queue.callerJoined', queue: 'sales', caller: caller('C1', 1, T0), count: 1 });
    q.members.length = 0;
    q.send({ type: 'queue.force', members: [member('1002', { penalty: 1 })], callers: [] }, 1000);
    expect(q.members).toEqual([
      { agentId: 2, queueId: 1, penalty: 1 },
      { agentId: 1, queueId: 1, penalty: -1 },
    ]);
    expect(q.calls.at(-1)).toEqual([]);
    expect(q.live()).toMatchObject({ WaitingCalls: 0, LoggedAgents: 1, AvailableAgents: 1 });
  });
});
