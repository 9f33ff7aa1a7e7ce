import { expect, test } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { QueueStatisticsPayload } from '../../src/domain/xucMessages.js';
import { silentLogger } from '../../src/log.js';
import { createStatsService } from '../../src/stats/statsService.js';
import { amiEvent, FakeEngine, fixedConfigStore } from './fakeEngine.js';

const QUEUES = 100;
const CALLS_PER_SECOND = 50;
const LOAD_SECONDS = 30;
const INTERVAL_MS = 1000;

test('a supervisor on 100 queues under 50 calls/s gets at most one message per queue per interval, only changed counters, and ends with the reducer state', async () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 28, 10, 0, 0));
  const engine = new FakeEngine();
  const queues = Array.from({ length: QUEUES }, (_, i) => ({ id: i + 1, name: `q${i + 1}` }));
  const service = createStatsService({
    config: loadConfig({}, { stats: { publishIntervalMs: INTERVAL_MS } }),
    clock,
    engine,
    contactCenter: fixedConfigStore({ queues }),
    logger: silentLogger,
  });
  await service.start();

  const received: Array<{ at: number; message: QueueStatisticsPayload }> = [];
  service.subscribeQueueStats((message) => received.push({ at: clock.now(), message }));
  expect(received).toHaveLength(QUEUES);
  const view = new Map<number, Map<string, number>>();
  for (const { message } of received) view.set(message.queueId, new Map(message.counters.map((c) => [c.statName, c.value])));
  const initial = received.length;

  const step = 1000 / CALLS_PER_SECOND;
  const totalCalls = CALLS_PER_SECOND * LOAD_SECONDS;
  const waiting = new Map<number, number>();
  for (let i = 0; i < totalCalls + CALLS_PER_SECOND; i++) {
    clock.advance(step);
    const now = clock.now();
    if (i < totalCalls) {
      const queue = queues[i % QUEUES];
      engine.frame(amiEvent('QueueCallerJoin', { Uniqueid: `c${i}`, Queue: queue.name, Position: '1', CallerIDNum: '0601020304' }), now);
      waiting.set(queue.id, (waiting.get(queue.id) ?? 0) + 1);
      engine.publish({ kind: 'queueLiveCounters', queueId: queue.id, counters: [{ statName: 'WaitingCalls', value: waiting.get(queue.id)! }] });
    }
    // Each caller leaves one second after joining: every seventh abandons, the others are answered.
    const j = i - CALLS_PER_SECOND;
    if (j >= 0) {
      const queue = queues[j % QUEUES];
      if (j % 7 === 0) {
        engine.frame(amiEvent('QueueCallerAbandon', { Uniqueid: `c${j}`, Queue: queue.name, Position: '1', OriginalPosition: '1', HoldTime: '1' }), now);
        engine.frame(amiEvent('Hangup', { Uniqueid: `c${j}` }), now);
      } else {
        engine.frame(amiEvent('AgentConnect', { Uniqueid: `c${j}`, Queue: queue.name, MemberName: 'Agent/1001', HoldTime: '1', DestUniqueid: `m${j}`, RingTime: '0' }), now);
      }
      waiting.set(queue.id, waiting.get(queue.id)! - 1);
      engine.publish({ kind: 'queueLiveCounters', queueId: queue.id, counters: [{ statName: 'WaitingCalls', value: waiting.get(queue.id)! }] });
    }
  }
  clock.advance(3 * INTERVAL_MS);

  const updates = received.slice(initial);
  const lastAt = new Map<number, number>();
  for (const { at, message } of updates) {
    const previous = lastAt.get(message.queueId);
    if (previous !== undefined) expect(at - previous, `queue ${message.queueId}`).toBeGreaterThanOrEqual(INTERVAL_MS);
    lastAt.set(message.queueId, at);
    const seen = view.get(message.queueId)!;
    for (const c of message.counters) {
      expect(seen.get(c.statName), `${c.statName} of queue ${message.queueId} was sent unchanged`).not.toBe(c.value);
      seen.set(c.statName, c.value);
    }
  }
  expect(lastAt.size).toBe(QUEUES);
  expect(updates.length).toBeLessThanOrEqual(QUEUES * (LOAD_SECONDS + 4));

  for (const q of queues) {
    const state = service.queueStatistics(q.id)!;
    expect(Object.fromEntries(view.get(q.id)!)).toEqual(Object.fromEntries(state.counters.map((c) => [c.statName, c.value])));
  }
  expect(service.queueStatistics(1)!.counters).toEqual(
    expect.arrayContaining([
      { statName: 'TotalNumberCallsEntered', value: totalCalls / QUEUES },
      // Queue 1 gets calls 0, 100, …, 1400; 0, 700 and 1400 abandon.
      { statName: 'TotalNumberCallsAnswered', value: 12 },
      { statName: 'TotalNumberCallsAbandonned', value: 3 },
      { statName: 'WaitingCalls', value: 0 },
    ]),
  );
  await service.stop();
});

test('a subscriber that throws does not stop the others from receiving', async () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 28, 10, 0, 0));
  const engine = new FakeEngine();
  const service = createStatsService({
    config: loadConfig({}, {}),
    clock,
    engine,
    contactCenter: fixedConfigStore({ queues: [{ id: 1, name: 'sales' }] }),
    logger: silentLogger,
  });
  await service.start();
  service.subscribeQueueStats(() => {
    throw new Error('socket closed');
  });
  const got: QueueStatisticsPayload[] = [];
  const unsubscribe = service.subscribeQueueStats((m) => got.push(m));
  engine.frame(amiEvent('QueueCallerJoin', { Uniqueid: 'c1', Queue: 'sales', Position: '1' }), clock.now());
  clock.advance(1000);
  expect(got.at(-1)?.counters).toContainEqual({ statName: 'TotalNumberCallsEntered', value: 1 });
  unsubscribe();
  engine.frame(amiEvent('QueueCallerJoin', { Uniqueid: 'c2', Queue: 'sales', Position: '1' }), clock.now());
  const count = got.length;
  clock.advance(1000);
  expect(got).toHaveLength(count);
  await service.stop();
});
