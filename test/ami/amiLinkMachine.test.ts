import fc from 'fast-check';
import { createActor, fromCallback, fromPromise } from 'xstate';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { amiLinkMachine, amiLinkStateName, backoffDelayMs, type AmiLinkEvent } from '../../src/machines/amiLinkMachine.js';

const timings = { backoffInitialMs: 100, backoffMaxMs: 5_000, pingIntervalMs: 10_000, pingTimeoutMs: 5_000, connectTimeoutMs: 5_000 };

/** The machine with fake edges: a test-controlled connection, resync and ping. */
function harness(opts: { resync?: () => Promise<void>; ping?: () => Promise<void>; random?: () => number } = {}) {
  const clock = new ManualClock(0);
  let toMachine: ((e: AmiLinkEvent) => void) | undefined;
  let opened = 0;
  let closed = 0;
  const machine = amiLinkMachine.provide({
    actors: {
      connection: fromCallback<AmiLinkEvent>(({ sendBack }) => {
        opened++;
        toMachine = sendBack;
        return () => void closed++;
      }),
      resync: fromPromise(opts.resync ?? (async () => undefined)),
      ping: fromPromise(opts.ping ?? (async () => undefined)),
    },
  });
  const actor = createActor(machine, { input: { ...timings, random: opts.random ?? (() => 1) }, clock }).start();
  return {
    clock,
    actor,
    state: () => amiLinkStateName(actor.getSnapshot()),
    socket: (e: AmiLinkEvent) => toMachine!(e),
    get opened() {
      return opened;
    },
    get closed() {
      return closed;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('AMI link machine (no socket)', () => {
  it('goes connecting → authenticating → resyncing → live', async () => {
    const h = harness();
    expect(h.state()).toBe('stopped');
    h.actor.send({ type: 'START' });
    expect(h.state()).toBe('connecting');
    h.socket({ type: 'TCP_CONNECTED' });
    expect(h.state()).toBe('authenticating');
    h.socket({ type: 'LOGGED_IN' });
    expect(h.state()).toBe('resyncing');
    await settle();
    expect(h.state()).toBe('live');
  });

  it('retries forever after losses, first within 100 ms, doubling up to 5 s, and closes the old connection', () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      h.socket({ type: 'CLOSED', reason: 'ECONNREFUSED' });
      expect(h.state()).toBe('backoff');
      delays.push(h.actor.getSnapshot().context.retryDelayMs);
      h.clock.advance(delays[i] - 1);
      expect(h.state()).toBe('backoff');
      h.clock.advance(1);
      expect(h.state()).toBe('connecting');
    }
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000, 5000, 5000]);
    expect(h.opened).toBe(13);
    expect(h.closed).toBe(12);
    expect(h.actor.getSnapshot().context.lastError).toBe('ECONNREFUSED');
  });

  it('starts the backoff over once live again', async () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.socket({ type: 'CLOSED', reason: 'x' });
    h.clock.advance(100);
    h.socket({ type: 'CLOSED', reason: 'x' });
    h.clock.advance(200);
    h.socket({ type: 'LOGGED_IN' });
    await settle();
    expect(h.state()).toBe('live');
    h.socket({ type: 'CLOSED', reason: 'x' });
    expect(h.actor.getSnapshot().context.retryDelayMs).toBe(100);
  });

  it('backs off when the login is refused, the login never answers, or the resync fails', async () => {
    const refused = harness();
    refused.actor.send({ type: 'START' });
    refused.socket({ type: 'LOGIN_REFUSED', message: 'Authentication failed' });
    expect(refused.state()).toBe('backoff');
    expect(refused.actor.getSnapshot().context.lastError).toMatch(/Authentication failed/);

    const silent = harness();
    silent.actor.send({ type: 'START' });
    silent.socket({ type: 'TCP_CONNECTED' });
    silent.clock.advance(4_999);
    expect(silent.state()).toBe('authenticating');
    silent.clock.advance(1);
    expect(silent.state()).toBe('backoff');
    expect(silent.closed).toBe(1);

    const failing = harness({ resync: async () => Promise.reject(new Error('QueueStatus timed out')) });
    failing.actor.send({ type: 'START' });
    failing.socket({ type: 'LOGGED_IN' });
    await settle();
    expect(failing.state()).toBe('backoff');
    expect(failing.actor.getSnapshot().context.lastError).toMatch(/QueueStatus timed out/);
  });

  it('pings every interval and drops the link when a Ping is not answered within its deadline', async () => {
    let answer = true;
    const h = harness({ ping: () => (answer ? Promise.resolve() : new Promise(() => undefined)) });
    h.actor.send({ type: 'START' });
    h.socket({ type: 'LOGGED_IN' });
    await settle();
    h.clock.advance(10_000);
    await settle();
    expect(h.state()).toBe('live');
    answer = false;
    h.clock.advance(10_000);
    h.clock.advance(4_999);
    expect(h.state()).toBe('live');
    h.clock.advance(1);
    expect(h.state()).toBe('backoff');
    expect(h.actor.getSnapshot().context.lastError).toBe('no answer to Ping');
    expect(h.closed).toBe(1);
  });

  it('stops from any state and closes the connection', async () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.socket({ type: 'LOGGED_IN' });
    await settle();
    h.actor.send({ type: 'STOP' });
    expect(h.state()).toBe('stopped');
    expect(h.closed).toBe(1);
    h.actor.send({ type: 'START' });
    h.socket({ type: 'CLOSED', reason: 'x' });
    h.actor.send({ type: 'STOP' });
    h.clock.advance(10_000);
    expect(h.state()).toBe('stopped');
  });
});

describe('AMI link machine under any sequence of socket events', () => {
  type Step = { kind: 'event'; event: AmiLinkEvent } | { kind: 'advance'; ms: number } | { kind: 'settle' };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.constantFrom<AmiLinkEvent>(
      { type: 'START' }, { type: 'STOP' }, { type: 'TCP_CONNECTED' }, { type: 'LOGGED_IN' },
      { type: 'LOGIN_REFUSED', message: 'Authentication failed' }, { type: 'CLOSED', reason: 'reset' },
    ).map((event) => ({ kind: 'event' as const, event })),
    fc.integer({ min: 0, max: 12_000 }).map((ms) => ({ kind: 'advance' as const, ms })),
    fc.constant({ kind: 'settle' as const }),
  );

  it('never holds two connections, keeps delays within bounds, and always comes back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), async (steps, r) => {
        const h = harness({ random: () => r });
        for (const s of steps) {
          if (s.kind === 'event' && s.event.type === 'START') h.actor.send(s.event);
          else if (s.kind === 'event' && s.event.type === 'STOP') h.actor.send(s.event);
          else if (s.kind === 'event' && h.opened > h.closed) h.socket(s.event);
          else if (s.kind === 'advance') h.clock.advance(s.ms);
          else await settle();
          const open = h.opened - h.closed;
          expect(open === 0 || open === 1).toBe(true);
          const name = h.state();
          expect(open === 1).toBe(name === 'connecting' || name === 'authenticating' || name === 'resyncing' || name === 'live');
          const { retryDelayMs } = h.actor.getSnapshot().context;
          expect(retryDelayMs).toBeLessThanOrEqual(5_000);
        }
        // Whatever happened, a started link is connecting again once its (capped) delay has passed.
        h.actor.send({ type: 'START' });
        if (h.state() === 'backoff') h.clock.advance(h.actor.getSnapshot().context.retryDelayMs);
        expect(['connecting', 'authenticating', 'resyncing', 'live']).toContain(h.state());
      }),
      { numRuns: 200 },
    );
  });
});

describe('backoff delay', () => {
  it('is jittered within [base/2, base], capped, and never shrinks below the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1_000, max: 60_000 }),
        (attempt, r1, r2, initial, max) => {
          const base = Math.min(max, initial * 2 ** attempt);
          const d = backoffDelayMs(attempt, initial, max, () => r1);
          expect(d).toBeGreaterThanOrEqual(Math.floor(base / 2));
          expect(d).toBeLessThanOrEqual(Math.min(max, base));
          expect(backoffDelayMs(0, initial, max, () => r1)).toBeLessThanOrEqual(initial);
          if (initial * 2 ** (attempt + 1) <= max) expect(backoffDelayMs(attempt + 1, initial, max, () => r2)).toBeGreaterThanOrEqual(d);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('spreads retries of many links (jitter)', () => {
    const delays = new Set([0.05, 0.35, 0.65, 0.95].map((r) => backoffDelayMs(6, 100, 5_000, () => r)));
    expect(delays.size).toBe(4);
  });
});
