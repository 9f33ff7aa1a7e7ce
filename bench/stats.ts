import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../src/domain/clock.js';
import { silentLogger } from '../src/log.js';
import { parseQueueLogLine, type QueueLogRecord } from '../src/stats/queueLogRecord.js';
import { applyQueueLogRecord, createQueueStatsState, queueCountersOf, queueStatCounters, type QueueStatsOptions } from '../src/stats/queueStats.js';
import { resetSchedule } from '../src/stats/statsDay.js';
import { StatsPublisher } from '../src/stats/statsPublisher.js';

/**
 * Statistics: load-small's queue_log scaled to `queues` queues (call ids renamed per copy, times
 * spread over one day) through the queue statistics reducer. Baseline: parsing the same lines
 * (parseQueueLogLine) alone. Coalescing: the records replayed against a ManualClock with the
 * publisher's 1 s interval; ratio = messages one subscriber receives / records applied.
 */
export interface StatsParams {
  records: number;
  queues: number;
  /** Records per simulated second during the coalescing run. */
  recordsPerSecond: number;
}

export interface StatsResult {
  records: number;
  queues: number;
  reducerRecordsPerSecond: number;
  baselineParsePerSecond: number;
  ratio: number;
  publisherMessages: number;
  coalescingRatio: number;
}

const fixturesDir = fileURLToPath(new URL('../../shared/fixtures/ami/', import.meta.url));

/** `count` queue_log lines: load-small's, copy k with queues `<q>_<k % half>` and call ids suffixed. */
export function scaledQueueLog(count: number, queues: number, startSeconds: number): string[] {
  const source = readFileSync(`${fixturesDir}load-small.queue_log`, 'utf8').trim().split('\n');
  const first = Number(source[0]!.split('|')[0]);
  const span = Number(source.at(-1)!.split('|')[0]) - first + 1;
  const half = Math.max(1, Math.floor(queues / 2));
  const out: string[] = [];
  for (let copy = 0; out.length < count; copy++) {
    for (const line of source) {
      if (out.length >= count) break;
      const [time, callId, queue, ...rest] = line.split('|');
      const t = startSeconds + (Number(time) - first) + Math.floor(copy / half) * span;
      const q = queue === 'sales' || queue === 'support' ? `${queue}_${copy % half}` : queue;
      out.push([t, callId === 'NONE' ? callId : `${callId}-${copy}`, q, ...rest].join('|'));
    }
  }
  return out;
}

export function runStats(params: StatsParams): StatsResult {
  // A day that starts at 06:00 UTC: records run from 06:10 on.
  const dayStart = Date.UTC(2026, 10, 28, 6, 10) / 1000;
  const lines = scaledQueueLog(params.records, params.queues, dayStart);
  const options: QueueStatsOptions = {
    schedule: resetSchedule({ timeZone: 'UTC', resetTime: '04:00' }),
    thresholdSeconds: 15,
    thresholdSecondsByQueue: {},
    windowMs: 3_600_000,
  };

  let t0 = performance.now();
  const records: QueueLogRecord[] = [];
  for (const l of lines) {
    const r = parseQueueLogLine(l);
    if (r) records.push(r);
  }
  const parseSeconds = (performance.now() - t0) / 1000;

  const state = createQueueStatsState();
  t0 = performance.now();
  for (const r of records) applyQueueLogRecord(state, r, options);
  const reduceSeconds = (performance.now() - t0) / 1000;

  // Coalescing: the same records at `recordsPerSecond`, the publisher flushing every second.
  const clock = new ManualClock(records[0]!.timeMs);
  const live = createQueueStatsState();
  const ids = new Map<string, number>();
  const publisher = new StatsPublisher({
    clock, intervalMs: 1_000, logger: silentLogger,
    readQueues: () => {
      const out = new Map<number, Map<string, number>>();
      for (const name of live.queues.keys()) {
        if (!ids.has(name)) ids.set(name, ids.size + 1);
        out.set(ids.get(name)!, new Map(queueStatCounters(queueCountersOf(live, name)).map((c) => [c.statName, c.value])));
      }
      return out;
    },
    readAgents: () => new Map(),
  });
  let messages = 0;
  publisher.subscribeQueueStats(() => messages++);
  const initial = messages;
  publisher.start();
  for (let i = 0; i < records.length; i++) {
    applyQueueLogRecord(live, records[i]!, options);
    if ((i + 1) % params.recordsPerSecond === 0) clock.advance(1_000);
  }
  clock.advance(1_000);
  publisher.stop();
  const published = messages - initial;
  return {
    records: records.length, queues: params.queues,
    reducerRecordsPerSecond: Math.round(records.length / reduceSeconds),
    baselineParsePerSecond: Math.round(records.length / parseSeconds),
    ratio: parseSeconds / reduceSeconds,
    publisherMessages: published,
    coalescingRatio: published / records.length,
  };
}
