import { appendFileSync } from 'node:fs';

/** One queue_log record, in Asterisk's `epoch|callid|queue|agent|event|data…` layout. */
export interface QueueLogRecord {
  readonly time: number;
  readonly callid: string;
  readonly queue: string;
  readonly agent: string;
  readonly event: string;
  readonly data: readonly string[];
}

export const formatQueueLogLine = (r: QueueLogRecord): string =>
  [String(r.time), r.callid, r.queue, r.agent, r.event, ...(r.data.length ? r.data : [''])].join('|');

/** Keeps the queue_log in memory (bounded) and appends it to a file when one is configured. */
export class QueueLogWriter {
  private readonly records: QueueLogRecord[] = [];
  private readonly listeners = new Set<(r: QueueLogRecord) => void>();

  constructor(private readonly file?: string, private readonly keep = 100_000) {}

  write(record: QueueLogRecord): void {
    this.records.push(record);
    if (this.records.length > this.keep) this.records.splice(0, this.records.length - this.keep);
    if (this.file) appendFileSync(this.file, formatQueueLogLine(record) + '\n');
    for (const l of this.listeners) l(record);
  }

  all(): readonly QueueLogRecord[] {
    return this.records;
  }

  lines(): string[] {
    return this.records.map(formatQueueLogLine);
  }

  onRecord(listener: (r: QueueLogRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
