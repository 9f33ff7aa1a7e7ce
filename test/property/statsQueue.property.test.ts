import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { QueueLogRecord } from '../../src/stats/queueLogRecord.js';
import { MemoryQueueLogStore } from '../../src/stats/queueLogStore.js';
import {
  applyQueueLogRecord,
  createQueueStatsState,
  queueCountersOf,
  queueStatCounters,
  type QueueStatsOptions,
  type QueueStatsState,
  tickQueueStats,
} from '../../src/stats/queueStats.js';
import { resetSchedule } from '../../src/stats/statsDay.js';

/**
 * Queue statistics over generated days of calls (Europe/Paris, across the March daylight-saving
 * change), fed in one piece, in chunks, or across a restart.
 */
const RUNS = 200;
const QUEUES = ['sales', 'support', 'travels'];
// Friday 27 March 2026, 20:00 Paris: the generated traffic crosses Sunday's 02:00 → 03:00 change.
const START = Date.UTC(2026, 2, 27, 19, 0, 0);
const SPAN_S = 3 * 24 * 3600;

const options = (resetTime: string): QueueStatsOptions => ({
  schedule: resetSchedule({ timeZone: 'Europe/Paris', resetTime }),
  thresholdSeconds: 15,
  thresholdSecondsByQueue: { travels: 5 },
  windowMs: 3_600_000,
});

const outcomes = ['answered', 'abandoned', 'timeout', 'leaveempty', 'closed', 'full', 'joinempty', 'waiting'] as const;

const callArb = fc.record({
  queue: fc.constantFrom(...QUEUES),
  at: fc.integer({ min: 0, max: SPAN_S }),
  outcome: fc.constantFrom(...outcomes),
  wait: fc.integer({ min: 0, max: 120 }),
});

const resetTimeArb = fc.constantFrom('00:00', '02:30', '03:00', '06:00', '23:59', '12:15');

/** Turns generated calls into the queue_log records Asterisk would write, in time order. */
function toRecords(calls: Array<{ queue: string; at: number; outcome: (typeof outcomes)[number]; wait: number }>): QueueLogRecord[] {
  const out: QueueLogRecord[] = [];
  calls.forEach((c, i) => {
    const callId = `17958${i}.${i}`;
    const t = START + c.at * 1000;
    const r = (atMs: number, event: string, data: string[] = []) => out.push({ timeMs: atMs, callId, queue: c.queue, agent: 'NONE', event, data });
    const end = t + c.wait * 1000;
    switch (c.outcome) {
      case 'closed':
        return r(t, 'CLOSED');
      case 'full':
        return r(t, 'FULL');
      case 'joinempty':
        return r(t, 'JOINEMPTY');
      default:
        r(t, 'ENTERQUEUE', ['', '0601020304', '1']);
    }
    if (c.outcome === 'answered') {
      r(end, 'CONNECT', [String(c.wait), 'm', '0']);
      r(end + 30_000, 'COMPLETECALLER', [String(c.wait), '30', '1']);
    } else if (c.outcome === 'abandoned') r(end, 'ABANDON', ['1', '1', String(c.wait)]);
    else if (c.outcome === 'timeout') r(end, 'EXITWITHTIMEOUT', ['1', '1', String(c.wait)]);
    else if (c.outcome === 'leaveempty') r(end, 'EXITEMPTY', ['1', '1', String(c.wait)]);
  });
  // Stable: records of the same second keep the order a call produced them in.
  return out.sort((a, b) => a.timeMs - b.timeMs);
}

const snapshot = (state: QueueStatsState) =>
  Object.fromEntries(QUEUES.map((q) => [q, queueStatCounters(queueCountersOf(state, q))]));

/** The invariants a wallboard reader relies on; returns the first one broken (plain checks: this runs often). */
function brokenInvariant(state: QueueStatsState): string | undefined {
  for (const q of QUEUES) {
    const { day, lastHour } = queueCountersOf(state, q);
    for (const [name, t] of [['day', day], ['lastHour', lastHour]] as const) {
      if (t.answered + t.abandoned + t.timeout + t.closed + t.joinEmpty + t.leaveEmpty + t.full > t.entered) return `${q} ${name}: outcomes exceed entered`;
      if (t.answeredBefore > t.answered || t.abandonedAfter > t.abandoned) return `${q} ${name}: threshold counts exceed their totals`;
    }
    for (const k of Object.keys(day) as Array<keyof typeof day>) {
      if (lastHour[k] < 0 || lastHour[k] > day[k]) return `${q}: last hour ${k} ${lastHour[k]} outside 0..${day[k]}`;
    }
    for (const c of queueStatCounters({ day, lastHour })) {
      if (c.statName.startsWith('Percentage') && !(c.value >= 0 && c.value <= 100)) return `${q}: ${c.statName} = ${c.value}`;
    }
  }
  return undefined;
}

describe('queue statistics over generated traffic', () => {
  test('outcomes never exceed entered calls, percentages stay within 0–100, the last hour never exceeds the day, and no count goes backwards within a day', () => {
    fc.assert(
      fc.property(fc.array(callArb, { maxLength: 60 }), resetTimeArb, fc.integer({ min: 10, max: 180 }), (calls, resetTime, tickMinutes) => {
        const o = options(resetTime);
        const state = createQueueStatsState();
        let previous = new Map(QUEUES.map((q) => [q, queueCountersOf(state, q).day]));
        let previousDay = state.day;
        const check = () => {
          const broken = brokenInvariant(state);
          if (broken) throw new Error(broken);
          for (const q of QUEUES) {
            const day = queueCountersOf(state, q).day;
            const before = previous.get(q)!;
            if (state.day === previousDay) {
              for (const k of Object.keys(day) as Array<keyof typeof day>) {
                if (day[k] < before[k]) throw new Error(`${q} ${k} went back from ${before[k]} to ${day[k]} within ${state.day}`);
              }
            }
            previous.set(q, day);
          }
          previousDay = state.day;
        };
        let nextTick = START;
        for (const r of toRecords(calls)) {
          for (; nextTick <= r.timeMs; nextTick += tickMinutes * 60_000) {
            tickQueueStats(state, nextTick, o);
            check();
          }
          applyQueueLogRecord(state, r, o);
          check();
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('the same records in one piece or in random chunks (ticks between them) give the same counters', () => {
    fc.assert(
      fc.property(fc.array(callArb, { maxLength: 60 }), resetTimeArb, fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1 }), (calls, resetTime, chunkSizes) => {
        const o = options(resetTime);
        const records = toRecords(calls);
        const end = START + SPAN_S * 1000 + 3_600_000;
        const whole = createQueueStatsState();
        for (const r of records) applyQueueLogRecord(whole, r, o);
        tickQueueStats(whole, end, o);
        const chunked = createQueueStatsState();
        let i = 0;
        for (let k = 0; i < records.length; k++) {
          const chunk = records.slice(i, i + chunkSizes[k % chunkSizes.length]);
          i += chunk.length;
          for (const r of chunk) applyQueueLogRecord(chunked, r, o);
          // The service ticks between chunks, at the time it has reached.
          tickQueueStats(chunked, chunk.at(-1)!.timeMs, o);
        }
        tickQueueStats(chunked, end, o);
        expect(snapshot(chunked)).toEqual(snapshot(whole));
        expect(chunked.day).toBe(whole.day);
      }),
      { numRuns: RUNS },
    );
  });

  test('a restart in the middle, rebuilt from the stored records, gives the same counters as running through', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(callArb, { minLength: 1, maxLength: 60 }), resetTimeArb, fc.nat(), async (calls, resetTime, cut) => {
        const o = options(resetTime);
        const records = toRecords(calls);
        const stopAt = cut % (records.length + 1);
        const end = START + SPAN_S * 1000 + 600_000;
        const through = createQueueStatsState();
        const store = new MemoryQueueLogStore();
        for (const [i, r] of records.entries()) {
          applyQueueLogRecord(through, r, o);
          if (i < stopAt) await store.append([r]);
        }
        const restartAt = stopAt > 0 ? records[stopAt - 1].timeMs + 1000 : START;
        const rebuilt = createQueueStatsState();
        for (const r of await store.readSince(restartAt - 26 * 3_600_000)) applyQueueLogRecord(rebuilt, r, o);
        tickQueueStats(rebuilt, restartAt, o);
        for (const r of records.slice(stopAt)) applyQueueLogRecord(rebuilt, r, o);
        tickQueueStats(through, end, o);
        tickQueueStats(rebuilt, end, o);
        expect(snapshot(rebuilt)).toEqual(snapshot(through));
      }),
      { numRuns: RUNS },
    );
  });
});
