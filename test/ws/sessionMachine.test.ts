import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import fc from 'fast-check';
import { ManualClock } from '../../src/domain/clock.js';
import { applySubscription, noSubscriptions, sessionMachine, type SubscriptionChange } from '../../src/machines/sessionMachine.js';
import { testContactCenter } from './support/testContactCenter.js';

const alice = testContactCenter.users[0]!;

function start(clock = new ManualClock(0), pending = 0) {
  const closes: Array<{ code: number; reason: string }> = [];
  let released = 0;
  const actor = createActor(
    sessionMachine.provide({
      actions: {
        closeSocket: (_, params) => void closes.push(params),
        release: () => void released++,
      },
    }),
    { input: { id: 7, address: '127.0.0.1', outbound: { push() {}, pending }, idleTimeoutMs: 30_000 }, clock },
  ).start();
  return { actor, closes, released: () => released, clock };
}

describe('session machine', () => {
  it('goes unauthenticated → authenticated → closing → closed, closing the socket once with the reason', () => {
    const { actor, closes, released } = start();
    expect(actor.getSnapshot().value).toBe('unauthenticated');
    actor.send({ type: 'AUTHENTICATED', user: alice, phoneNumber: '1001' });
    expect(actor.getSnapshot().matches('authenticated')).toBe(true);
    expect(actor.getSnapshot().context).toMatchObject({ user: alice, phoneNumber: '1001' });
    actor.send({ type: 'CLOSE', code: 1008, reason: 'rate limit exceeded' });
    expect(actor.getSnapshot().value).toBe('closing');
    expect(closes).toEqual([{ code: 1008, reason: 'rate limit exceeded' }]);
    actor.send({ type: 'SOCKET_CLOSED' });
    expect(actor.getSnapshot().status).toBe('done');
    expect(released()).toBe(1);
  });

  it('a refused upgrade ends the session without ever closing a socket', () => {
    const { actor, closes, released } = start();
    actor.send({ type: 'REFUSED' });
    expect(actor.getSnapshot().status).toBe('done');
    expect(closes).toEqual([]);
    expect(released()).toBe(1);
  });

  it('closes an idle session after idleTimeoutMs of the injected clock; activity restarts the timer', () => {
    const { actor, closes, clock } = start();
    actor.send({ type: 'AUTHENTICATED', user: alice, phoneNumber: '' });
    clock.advance(29_000);
    actor.send({ type: 'ACTIVITY' });
    clock.advance(29_000);
    expect(closes).toEqual([]);
    clock.advance(1_000);
    expect(closes).toEqual([{ code: 1001, reason: 'idle: nothing received for 30000 ms' }]);
  });

  it('an outbound overflow closes with 1008 "slow consumer"', () => {
    const { actor, closes } = start(new ManualClock(0), 5000);
    actor.send({ type: 'AUTHENTICATED', user: alice, phoneNumber: '' });
    actor.send({ type: 'OVERFLOW' });
    expect(closes[0]!.code).toBe(1008);
    expect(closes[0]!.reason).toMatch(/^slow consumer/);
  });

  it('ignores subscriptions before authentication', () => {
    const { actor } = start();
    actor.send({ type: 'SUBSCRIPTION', change: { topic: 'agentEvents', on: true } });
    expect(actor.getSnapshot().context.subscriptions).toEqual(noSubscriptions);
  });
});

describe('applySubscription', () => {
  const change: fc.Arbitrary<SubscriptionChange> = fc.oneof(
    fc.record({ topic: fc.constantFrom('agentEvents', 'agentStats', 'queueStats', 'queueConfig', 'agentConfig', 'queueMembers' as const), on: fc.boolean() }),
    fc.record({ topic: fc.constant('queueCalls' as const), queueId: fc.integer({ min: 1, max: 5 }), on: fc.boolean() }),
    fc.record({ topic: fc.constant('phoneHints' as const), numbers: fc.array(fc.constantFrom('1001', '1002', '1003')), on: fc.boolean() }),
  );

  it('the last change to a topic decides it, and lists never hold duplicates', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), (changes) => {
        const subs = changes.reduce(applySubscription, noSubscriptions);
        expect(new Set(subs.queueCalls).size).toBe(subs.queueCalls.length);
        expect(new Set(subs.phoneHints).size).toBe(subs.phoneHints.length);
        for (let q = 1; q <= 5; q++) {
          const last = changes.filter((c) => c.topic === 'queueCalls' && c.queueId === q).at(-1);
          expect(subs.queueCalls.includes(q)).toBe(last?.on ?? false);
        }
        const lastAgent = changes.filter((c) => c.topic === 'agentEvents').at(-1);
        expect(subs.agentEvents).toBe(lastAgent?.on ?? false);
      }),
      { numRuns: 300 },
    );
  });
});
