import { createAmiQueueLogState, amiFrameToQueueLog, flushStaleAbandons } from '../../src/stats/amiQueueLog.js';
import type { QueueLogRecord } from '../../src/stats/queueLogRecord.js';
import {
  applyQueueLogRecord,
  createQueueStatsState,
  type QueueStatsOptions,
  type QueueStatsState,
} from '../../src/stats/queueStats.js';
import { resetSchedule } from '../../src/stats/statsDay.js';
import type { RecordedFrame } from './recordingLoader.js';

/** Statistics options as the defaults give them (UTC, reset at midnight, 15 s). */
export const defaultQueueOptions = (overrides: Partial<QueueStatsOptions> = {}): QueueStatsOptions => ({
  schedule: resetSchedule({ timeZone: 'UTC', resetTime: '00:00' }),
  thresholdSeconds: 15,
  thresholdSecondsByQueue: {},
  windowMs: 3_600_000,
  ...overrides,
});

export function reduce(records: readonly QueueLogRecord[], options = defaultQueueOptions()): QueueStatsState {
  const state = createQueueStatsState();
  for (const r of records) applyQueueLogRecord(state, r, options);
  return state;
}

/** The records an AMI stream gives, as the service derives them. */
export function recordsFromAmi(frames: readonly RecordedFrame[]): QueueLogRecord[] {
  const state = createAmiQueueLogState();
  const out = frames.flatMap(({ frame, receivedAt }) => amiFrameToQueueLog(state, frame, receivedAt));
  const last = frames.at(-1)?.receivedAt ?? 0;
  return [...out, ...flushStaleAbandons(state, last + 60_000, 10_000)];
}
