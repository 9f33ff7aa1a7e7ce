import fc from 'fast-check';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { callbackManagerMachine, callbackSystemId } from '../../src/actors/callbackManager.js';
import { callbackMachine, type CallbackEvent } from '../../src/machines/callbackMachine.js';

const start = (agentId: number | null = null, ticketUuid: string | null = null) =>
  createActor(callbackMachine, { input: { uuid: 'u1', agentId, ticketUuid } }).start();

describe('callback machine', () => {
  it('pending → taken → started → clotured, only by the taking agent', () => {
    const actor = start();
    actor.send({ type: 'TAKE', agentId: 7 });
    actor.send({ type: 'START', agentId: 8, ticketUuid: 't' });
    expect(actor.getSnapshot()).toMatchObject({ value: 'taken', context: { agentId: 7, ticketUuid: null } });
    actor.send({ type: 'START', agentId: 7, ticketUuid: 't' });
    actor.send({ type: 'CLOTURE', agentId: 8, status: 'Answered' });
    expect(actor.getSnapshot().value).toBe('started');
    actor.send({ type: 'CLOTURE', agentId: 7, status: 'Answered' });
    expect(actor.getSnapshot()).toMatchObject({ value: 'clotured', status: 'done', context: { status: 'Answered' } });
  });

  it('rescheduling and releasing bring it back to pending, free for anyone', () => {
    const actor = start(7, 't');
    expect(actor.getSnapshot().value).toBe('started');
    actor.send({ type: 'RELEASE', agentId: 7 });
    expect(actor.getSnapshot().value).toBe('started');
    actor.send({ type: 'RESCHEDULE', agentId: 7 });
    expect(actor.getSnapshot()).toMatchObject({ value: 'pending', context: { agentId: null, ticketUuid: null } });
    actor.send({ type: 'TAKE', agentId: 8 });
    actor.send({ type: 'RELEASE', agentId: 8 });
    expect(actor.getSnapshot().value).toBe('pending');
  });

  it('under any sequence of events, only the holder ever moves a held callback (property)', () => {
    const agent = fc.integer({ min: 1, max: 3 });
    const event: fc.Arbitrary<CallbackEvent> = fc.oneof(
      agent.map((agentId) => ({ type: 'TAKE' as const, agentId })),
      agent.map((agentId) => ({ type: 'RELEASE' as const, agentId })),
      agent.map((agentId) => ({ type: 'START' as const, agentId, ticketUuid: `t${agentId}` })),
      agent.map((agentId) => ({ type: 'CLOTURE' as const, agentId, status: 'NoAnswer' as const })),
      agent.map((agentId) => ({ type: 'RESCHEDULE' as const, agentId })),
    );
    fc.assert(fc.property(fc.array(event, { maxLength: 40 }), (events) => {
      const actor = start();
      for (const e of events) {
        const before = actor.getSnapshot();
        actor.send(e);
        const after = actor.getSnapshot();
        if (before.value !== after.value && before.context.agentId !== null) expect(e.agentId).toBe(before.context.agentId);
        if (after.value === 'pending') expect(after.context.agentId).toBeNull();
        if (after.value === 'started') expect(after.context.ticketUuid).toBe(`t${after.context.agentId}`);
        if (before.value === 'clotured') expect(after).toBe(before);
      }
    }), { numRuns: 300 });
  });
});

describe('callback manager', () => {
  it('spawns one callback:<uuid> actor per open request and stops it on close', () => {
    const manager = createActor(callbackManagerMachine).start();
    manager.send({ type: 'callback.open', request: { uuid: 'a', agentId: 3, ticketUuid: null } });
    manager.send({ type: 'callback.open', request: { uuid: 'a', agentId: null, ticketUuid: null } });
    const child = manager.system.get(callbackSystemId('a'));
    expect(child.getSnapshot()).toMatchObject({ value: 'taken', context: { agentId: 3 } });
    manager.send({ type: 'callback.close', uuid: 'a' });
    manager.send({ type: 'callback.close', uuid: 'never-opened' });
    expect(manager.system.get(callbackSystemId('a'))).toBeUndefined();
    expect(child.getSnapshot().status).toBe('stopped');
  });
});
