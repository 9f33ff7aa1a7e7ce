import { createActor, type AnyActorLogic } from 'xstate';
import { describe, expect, it } from 'vitest';
import { agentMachine } from '../../src/machines/agentMachine.js';
import { lineMachine } from '../../src/machines/lineMachine.js';
import { queueMachine } from '../../src/machines/queueMachine.js';
import { directory } from './domainEventBuilders.js';

/**
 * Bad input never takes an actor down: events with missing parts (a router bug, a hand-made
 * command) are ignored, and the actor goes on answering the next good event.
 */
const broken = [
  { type: 'agent.call', agentNumber: '1001', at: 1 },
  { type: 'agent.call', agentNumber: '1001', call: null, at: 1 },
  { type: 'agent.acd', agentNumber: '1001', at: 1 },
  { type: 'member.updated', queue: 'sales', at: 1 },
  { type: 'member.removed', queue: 'sales', member: null, at: 1 },
  { type: 'line.call', lineInterface: 'x', at: 1 },
  { type: 'line.call', lineInterface: 'x', call: { state: 'ringing' }, at: 1 },
  { type: 'queue.callerJoined', queue: 'sales', at: 1 },
  { type: 'queue.callerLeft', queue: 'sales', at: 1 },
  { type: 'agent.force', at: 1 },
  { type: 'line.force', at: 1 },
  { type: 'queue.force', at: 1 },
  { type: 'agent.loggedIn', agentNumber: '1001', at: 'soon' },
  { type: 'no.such.event' },
];

const machines: Array<[string, AnyActorLogic, unknown]> = [
  ['agent', agentMachine, { agentId: 1, agentNumber: '1001', directory }],
  ['line', lineMachine, { lineId: 1, lineInterface: 'Local/1001@phones', number: '1001' }],
  ['queue', queueMachine, { queueId: 1, queueName: 'sales', directory }],
];

describe('malformed events', () => {
  for (const [name, logic, input] of machines) {
    it(`the ${name} machine stays up and keeps working`, () => {
      const actor = createActor(logic, { input });
      const errors: unknown[] = [];
      actor.subscribe({ error: (e) => errors.push(e) });
      actor.start();
      for (const event of broken) actor.send(event as never);
      expect(errors).toEqual([]);
      expect(actor.getSnapshot().status).toBe('active');
    });
  }

  it('the agent still logs in after them', () => {
    const actor = createActor(agentMachine, { input: { agentId: 1, agentNumber: '1001', directory } }).start();
    for (const event of broken) actor.send(event as never);
    actor.send({ type: 'agent.loggedIn', agentNumber: '1001', lineInterface: 'Local/1001@phones', channel: 'c', at: 5 });
    actor.send({ type: 'agent.deviceState', agentNumber: '1001', state: 'NOT_INUSE', at: 6 });
    expect(actor.getSnapshot().context.phase).toBe('ready');
  });
});

describe('numbers that are not numbers', () => {
  it('a hold time that is not a number does not reach the EWT', () => {
    const actor = createActor(queueMachine, { input: { queueId: 1, queueName: 'sales', directory } }).start();
    actor.send({ type: 'agent.acd', agentNumber: '1001', phase: 'connected', queue: 'sales', callerUniqueId: 'C1', callerIdNum: '', callerIdName: '', holdTime: Number.NaN, at: 1 });
    actor.send({ type: 'queue.callerJoined', queue: 'sales', caller: { uniqueId: 'C2', channel: '', callerIdNum: '1', callerIdName: '', position: 1, joinedAt: 1 }, count: 1, at: 2 });
    expect(actor.getSnapshot().context.counters.EWT).toBe(0);
    expect(actor.getSnapshot().status).toBe('active');
  });
});
