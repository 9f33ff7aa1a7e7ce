import type { QueueLogRecord } from './queueLogRecord.js';

/**
 * Where the records derived from AMI are kept so that a restart in the middle of the day resumes the
 * counters. The persistence area backs it with a table; `MemoryQueueLogStore` is for tests.
 */
export interface QueueLogStore {
  append(records: readonly QueueLogRecord[]): Promise<void>;
  /** Every record with `timeMs >= sinceMs`, in the order they were appended. */
  readSince(sinceMs: number): Promise<QueueLogRecord[]>;
}

/** A QueueLogStore in memory (tests, and a process that does not need to resume). */
export class MemoryQueueLogStore implements QueueLogStore {
  private readonly records: QueueLogRecord[] = [];

  async append(records: readonly QueueLogRecord[]): Promise<void> {
    this.records.push(...records);
  }

  async readSince(sinceMs: number): Promise<QueueLogRecord[]> {
    return this.records.filter((r) => r.timeMs >= sinceMs);
  }
}
