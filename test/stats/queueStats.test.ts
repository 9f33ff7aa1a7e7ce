import { describe, expect, test } from 'vitest';
import type { QueueLogRecord } from '../../src/stats/queueLogRecord.js';
import {
  applyQueueLogRecord,
  createQueueStatsState,
  queueCountersOf,
  queueStatCounters,
  type QueueStatsState,
  tickQueueStats,
} from '../../src/stats/queueStats.js';
import { resetSchedule } from '../../src/stats/statsDay.js';
import { defaultQueueOptions } from './queueCountersOf.js';

const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);
const rec = (atMs: number, callId: string, event: string, data: string[] = [], queue = 'sales'): QueueLogRecord => ({
  timeMs: atMs,
  callId,
  queue,
  agent: 'NONE',
  event,
  data,
});
const wire = (state: QueueStatsState, queue = 'sales') =>
  Object.fromEntries(queueStatCounters(queueCountersOf(state, queue)).map((c) => [c.statName, c.value]));

describe('the 15 s threshold', () => {
  const options = defaultQueueOptions({ thresholdSecondsByQueue: { support: 30 } });
  const state = createQueueStatsState();
  const feed = (rs: QueueLogRecord[]) => rs.forEach((r) => applyQueueLogRecord(state, r, options));
  feed([
    rec(T0, 'a', 'ENTERQUEUE'),
    rec(T0 + 15_000, 'a', 'CONNECT', ['15', 'm', '0']),
    rec(T0, 'b', 'ENTERQUEUE'),
    rec(T0 + 16_000, 'b', 'CONNECT', ['16', 'm', '0']),
    rec(T0, 'c', 'ENTERQUEUE'),
    rec(T0 + 16_000, 'c', 'ABANDON', ['1', '1', '16']),
    rec(T0, 'd', 'ENTERQUEUE'),
    rec(T0 + 15_000, 'd', 'ABANDON', ['1', '1', '15']),
    rec(T0, 'e', 'ENTERQUEUE', [], 'support'),
    rec(T0 + 20_000, 'e', 'CONNECT', ['20', 'm', '0'], 'support'),
  ]);

  test('a call answered after waiting exactly the threshold is answered before it; one more second is not', () => {
    expect(wire(state)).toMatchObject({ TotalNumberCallsAnswered: 2, TotalNumberCallsAnsweredBefore15: 1, PercentageAnsweredBefore15: 25 });
  });

  test('only a caller who waited longer than the threshold abandoned after it', () => {
    expect(wire(state)).toMatchObject({ TotalNumberCallsAbandonned: 2, TotalNumberCallsAbandonnedAfter15: 1, PercentageAbandonnedAfter15: 25 });
  });

  test('a queue with its own threshold uses it', () => {
    expect(wire(state, 'support')).toMatchObject({ TotalNumberCallsAnsweredBefore15: 1, PercentageAnsweredBefore15: 100 });
  });
});

test('closed, full, refused, timed-out and emptied calls each have their counter, and all count as entered', () => {
  const options = defaultQueueOptions();
  const state = createQueueStatsState();
  [
    rec(T0, 'a', 'CLOSED'),
    rec(T0, 'b', 'FULL'),
    rec(T0, 'c', 'JOINEMPTY'),
    rec(T0, 'd', 'ENTERQUEUE'),
    rec(T0 + 8000, 'd', 'EXITWITHTIMEOUT', ['1', '1', '8']),
    rec(T0, 'e', 'ENTERQUEUE'),
    rec(T0 + 3000, 'e', 'EXITEMPTY', ['1', '1', '3']),
  ].forEach((r) => applyQueueLogRecord(state, r, options));
  expect(wire(state)).toMatchObject({
    TotalNumberCallsEntered: 5,
    TotalNumberCallsClosed: 1,
    TotalNumberCallsFull: 1,
    TotalNumberCallsJoinEmpty: 1,
    TotalNumberCallsTimeout: 1,
    TotalNumberCallsLeaveEmpty: 1,
    TotalNumberCallsAbandonned: 0,
    TotalNumberCallsAnswered: 0,
  });
});

test('the last hour slides with the clock even when no call arrives, and counts the calls that entered in it', () => {
  const options = defaultQueueOptions();
  const state = createQueueStatsState();
  applyQueueLogRecord(state, rec(T0, 'a', 'ENTERQUEUE'), options);
  applyQueueLogRecord(state, rec(T0 + 30 * 60_000, 'b', 'ENTERQUEUE'), options);
  // a is answered 59 minutes after it entered.
  applyQueueLogRecord(state, rec(T0 + 59 * 60_000, 'a', 'CONNECT', ['3540', 'm', '0']), options);
  tickQueueStats(state, T0 + 3_599_000, options);
  expect(wire(state)).toMatchObject({ TotalNumberCallsEnteredLastHour: 2, TotalNumberCallsAnsweredLastHour: 1 });
  tickQueueStats(state, T0 + 3_600_000, options);
  expect(wire(state)).toMatchObject({
    TotalNumberCallsEnteredLastHour: 1,
    TotalNumberCallsAnsweredLastHour: 0,
    TotalNumberCallsEntered: 2,
    TotalNumberCallsAnswered: 1,
  });
  tickQueueStats(state, T0 + 90 * 60_000, options);
  expect(wire(state)).toMatchObject({ TotalNumberCallsEnteredLastHour: 0, TotalNumberCallsEntered: 2 });
});

test('counters reset at the configured time in the configured zone, and a late record of the day before is not counted', () => {
  const options = defaultQueueOptions({ schedule: resetSchedule({ timeZone: 'Europe/Paris', resetTime: '06:30' }) });
  const state = createQueueStatsState();
  const beforeReset = Date.UTC(2026, 10, 28, 5, 29, 0); // 06:29 in Paris (UTC+1 in November)
  applyQueueLogRecord(state, rec(beforeReset, 'a', 'ENTERQUEUE'), options);
  tickQueueStats(state, beforeReset + 59_000, options);
  expect(wire(state).TotalNumberCallsEntered).toBe(1);
  tickQueueStats(state, beforeReset + 60_000, options);
  expect(wire(state)).toMatchObject({ TotalNumberCallsEntered: 0, TotalNumberCallsEnteredLastHour: 0 });
  applyQueueLogRecord(state, rec(beforeReset + 1000, 'b', 'ENTERQUEUE'), options);
  applyQueueLogRecord(state, rec(beforeReset + 61_000, 'a', 'CONNECT', ['61', 'm', '0']), options);
  // The caller who entered before the reset is not an answered call of the new day.
  expect(wire(state)).toMatchObject({ TotalNumberCallsEntered: 0, TotalNumberCallsAnswered: 0 });
});

test('records with odd data never throw and count what they can', () => {
  const options = defaultQueueOptions();
  const state = createQueueStatsState();
  applyQueueLogRecord(state, rec(T0, 'a', 'ENTERQUEUE'), options);
  applyQueueLogRecord(state, rec(T0, 'a', 'CONNECT', ['not a number']), options);
  applyQueueLogRecord(state, rec(T0, 'x', 'ABANDON', []), options);
  applyQueueLogRecord(state, rec(T0, 'y', 'SOMETHINGNEW', ['1']), options);
  applyQueueLogRecord(state, rec(T0, 'z', 'ENTERQUEUE', [], 'NONE'), options);
  expect(wire(state)).toMatchObject({ TotalNumberCallsEntered: 1, TotalNumberCallsAnswered: 1, TotalNumberCallsAbandonned: 0 });
});
