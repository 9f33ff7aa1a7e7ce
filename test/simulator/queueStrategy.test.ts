import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RingStrategy } from '../../src/simulator/pbxDefinition.js';
import { orderCandidates, type RingCandidate } from '../../src/simulator/queueStrategy.js';

const strategies: RingStrategy[] = ['ringall', 'leastrecent', 'fewestcalls', 'random', 'rrmemory'];
const candidatesArb = fc
  .uniqueArray(fc.integer({ min: 1000, max: 1050 }), { minLength: 1, maxLength: 12 })
  .chain((ids) =>
    fc.tuple(
      fc.constant(ids.map((n) => `Local/${n}@agents`)),
      fc.array(fc.record({ penalty: fc.integer({ min: 0, max: 5 }), callsTaken: fc.nat(50), lastCall: fc.nat(1_000_000) }), {
        minLength: ids.length,
        maxLength: ids.length,
      }),
    ),
  )
  .map(([ifaces, stats]) => ifaces.map((iface, i): RingCandidate => ({ interface: iface, ...stats[i] })));

describe('ring strategies', () => {
  it('every strategy tries each candidate once, lower penalties first', () => {
    fc.assert(
      fc.property(fc.constantFrom(...strategies), candidatesArb, fc.option(fc.nat(11)), fc.double({ min: 0, max: 0.999 }), (strategy, candidates, last, r) => {
        const order = candidates.map((c) => c.interface);
        const lastRung = last === null ? undefined : order[last % order.length];
        const out = orderCandidates(strategy, candidates, order, { lastRung, random: () => r });
        expect(out.map((c) => c.interface).sort()).toEqual([...order].sort());
        for (let i = 1; i < out.length; i++) expect(out[i - 1].penalty).toBeLessThanOrEqual(out[i].penalty);
      }),
      { numRuns: 300 },
    );
  });

  it('within a penalty: fewestcalls by calls taken, leastrecent by last call, rrmemory after the last rung', () => {
    fc.assert(
      fc.property(candidatesArb, fc.nat(11), (raw, last) => {
        const candidates = raw.map((c) => ({ ...c, penalty: 0 }));
        const order = candidates.map((c) => c.interface);
        const random = () => 0.5;
        const fewest = orderCandidates('fewestcalls', candidates, order, { random });
        expect(fewest[0].callsTaken).toBe(Math.min(...candidates.map((c) => c.callsTaken)));
        const recent = orderCandidates('leastrecent', candidates, order, { random });
        expect(recent[0].lastCall).toBe(Math.min(...candidates.map((c) => c.lastCall)));
        const lastRung = order[last % order.length];
        const rr = orderCandidates('rrmemory', candidates, order, { lastRung, random });
        expect(rr[0].interface).toBe(order[(order.indexOf(lastRung) + 1) % order.length]);
      }),
      { numRuns: 300 },
    );
  });
});
