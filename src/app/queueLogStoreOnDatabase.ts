import type { Clock } from '../domain/clock.js';
import type { Logger } from '../log.js';
import type { Database } from '../persistence/database.js';
import { appendDerivedQueueLog, derivedQueueLogSince, forgetDerivedQueueLog } from '../persistence/derivedQueueLogRepository.js';
import type { QueueLogRecord } from '../stats/queueLogRecord.js';
import type { QueueLogStore } from '../stats/queueLogStore.js';
import { OrderedBatchWriter } from '../stats/orderedBatchWriter.js';

/** Records older than what a rebuild reads, by this much, are deleted when the store is read. */
const KEPT_BEYOND_REBUILD_MS = 24 * 3_600_000;

/**
 * The queue_log records derived from AMI, in the database, so that queue statistics resume after a
 * restart. The statistics read it once at start and the server must start without a database: the
 * read waits for it `readWaitMs` at most, then the day starts from this run. Appends wait in order
 * while the database is down and are written once it is back.
 */
export class DatabaseQueueLogStore implements QueueLogStore {
  private readonly writer: OrderedBatchWriter<QueueLogRecord>;
  private readonly offReady: () => void;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly readWaitMs = 10_000,
  ) {
    this.writer = new OrderedBatchWriter(
      (batch) => database.run((db) => appendDerivedQueueLog(db, batch)),
      (err, waiting) => logger.warn({ err, waiting }, 'derived queue_log records not written; retrying on the next ones'),
    );
    this.offReady = database.onReady(() => void this.drain());
  }

  append(records: readonly QueueLogRecord[]): Promise<void> {
    this.writer.push(records);
    return this.drain();
  }

  async readSince(sinceMs: number): Promise<QueueLogRecord[]> {
    let timer: unknown;
    const timedOut = new Promise<false>((resolve) => (timer = this.clock.setTimeout(() => resolve(false), this.readWaitMs)));
    const ready = await Promise.race([this.database.whenReady().then(() => true), timedOut]);
    this.clock.clearTimeout(timer);
    if (!ready) {
      this.logger.warn({ waitedMs: this.readWaitMs }, 'database not ready: queue statistics start from this run, not from the stored records');
      return [];
    }
    return this.database.run(async (db) => {
      await forgetDerivedQueueLog(db, sinceMs - KEPT_BEYOND_REBUILD_MS);
      return derivedQueueLogSince(db, sinceMs);
    });
  }

  /** Writes what waits once the database is there; resolves when done or when a write failed. */
  drain(): Promise<void> {
    return this.database.ready ? this.writer.flush() : this.writer.settled();
  }

  /** Writes what waits, then stops following the database. */
  async close(): Promise<void> {
    await this.writer.settled();
    await this.drain();
    this.offReady();
  }
}
