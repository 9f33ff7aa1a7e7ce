import { createActor } from 'xstate';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AgentStatePayload, PhoneEventPayload, StatCounter } from '../../src/domain/xucMessages.js';
import { agentMachine } from '../../src/machines/agentMachine.js';
import { lineMachine } from '../../src/machines/lineMachine.js';
import { queueMachine } from '../../src/machines/queueMachine.js';
import { directory } from './domainEventBuilders.js';

/**
 * The contracts the engine codes against: which events each machine accepts and what it emits,
 * checked at compile time (`@ts-expect-error` marks what must not compile), and the fact that
 * nothing is emitted at spawn (10,000 agents start without flooding the bus).
 */
describe('machine contracts', () => {
  it('types the events each machine accepts and the events it emits', () => {
    const agent = createActor(agentMachine, { input: { agentId: 1, agentNumber: '1001', directory } });
    const line = createActor(lineMachine, { input: { lineId: 1, lineInterface: 'Local/1001@phones', number: '1001' } });
    const queue = createActor(queueMachine, { input: { queueId: 1, queueName: 'sales', directory } });
    agent.on('agentState', (e) => expectTypeOf(e.state).toEqualTypeOf<AgentStatePayload>());
    line.on('phoneEvent', (e) => expectTypeOf(e.event).toEqualTypeOf<PhoneEventPayload>());
    queue.on('queueCounters', (e) => expectTypeOf(e.counters).toEqualTypeOf<StatCounter[]>());
    if (Math.random() > 2) {
      // @ts-expect-error a line event is not an agent event
      agent.send({ type: 'line.call', lineInterface: 'x', call: {} as never, at: 0 });
      // @ts-expect-error every event carries its time
      agent.send({ type: 'agent.endWrapup' });
      // @ts-expect-error the agent emits no PhoneEvent
      agent.on('phoneEvent', () => {});
      // @ts-expect-error a queue needs its directory
      createActor(queueMachine, { input: { queueId: 1, queueName: 'sales' } });
    }
    expect(agent.getSnapshot().status).toBe('active');
  });

  it('emits nothing when spawned', () => {
    const seen: string[] = [];
    const agent = createActor(agentMachine, { input: { agentId: 1, agentNumber: '1001', directory } });
    const line = createActor(lineMachine, { input: { lineId: 1, lineInterface: 'Local/1001@phones', number: '1001' } });
    const queue = createActor(queueMachine, { input: { queueId: 1, queueName: 'sales', directory } });
    agent.on('*', (e) => seen.push(e.type));
    line.on('*', (e) => seen.push(e.type));
    queue.on('*', (e) => seen.push(e.type));
    [agent, line, queue].forEach((a) => a.start());
    expect(seen).toEqual([]);
  });
});
