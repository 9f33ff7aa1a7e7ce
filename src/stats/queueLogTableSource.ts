import { XucError } from '../errors.js';
import type { Logger } from '../log.js';
import type { QueueLogRecord } from './queueLogRecord.js';

/** The one thing the table source needs from a database: pg's Pool/Client and PGlite both fit. */
export interface SqlQueryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

interface QueueLogRow {
  id: number | string;
  epoch: number | string | null;
  callid: string | null;
  queuename: string | null;
  agent: string | null;
  event: string | null;
  data1: string | null;
  data2: string | null;
  data3: string | null;
  data4: string | null;
  data5: string | null;
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;
const BATCH_ROWS = 5_000;

/**
 * Reads a PostgreSQL `queue_log` table as XiVO keeps it (`id` serial, `time`, `callid`, `queuename`,
 * `agent`, `event`, `data1`..`data5`), polled by id. `time` may be a timestamp, a timestamptz or
 * XiVO's older text column; a timestamp without zone is read in the database session's zone.
 */
export class QueueLogTableSource {
  private lastId = 0;
  private readonly columns: string;
  private readonly quoted: string;

  constructor(
    private readonly db: SqlQueryable,
    readonly table: string,
    private readonly logger: Logger,
  ) {
    if (!TABLE_NAME.test(table)) {
      throw new XucError('XUC_ERR_INVALID_FIELD', { field: 'stats.queueLogTable', detail: `"${table}" is not a table name` });
    }
    const quoted = table.split('.').map((p) => `"${p}"`).join('.');
    this.quoted = quoted;
    this.columns =
      `SELECT id, extract(epoch from ("time")::timestamptz)::float8 AS epoch, callid, queuename, agent, event, ` +
      `data1, data2, data3, data4, data5 FROM ${quoted}`;
  }

  /** Every record from `sinceMs` on; later polls continue after the last one read. */
  async readSince(sinceMs: number): Promise<QueueLogRecord[]> {
    const { rows } = await this.db.query(
      `${this.columns} WHERE ("time")::timestamptz >= to_timestamp($1::float8) ORDER BY id`,
      [sinceMs / 1000],
    );
    const records = this.take(rows as QueueLogRow[]);
    if (rows.length === 0) {
      // Nothing today yet: start after whatever is already there.
      const { rows: max } = await this.db.query(`SELECT coalesce(max(id), 0) AS id FROM ${this.quoted}`);
      this.lastId = Math.max(this.lastId, Number((max[0] as { id: number | string }).id));
    }
    return records;
  }

  /** The rows added since the last read, in id order. */
  async poll(): Promise<QueueLogRecord[]> {
    const out: QueueLogRecord[] = [];
    for (;;) {
      const { rows } = await this.db.query(`${this.columns} WHERE id > $1 ORDER BY id LIMIT ${BATCH_ROWS}`, [this.lastId]);
      out.push(...this.take(rows as QueueLogRow[]));
      if (rows.length < BATCH_ROWS) return out;
    }
  }

  private take(rows: QueueLogRow[]): QueueLogRecord[] {
    const out: QueueLogRecord[] = [];
    for (const row of rows) {
      this.lastId = Math.max(this.lastId, Number(row.id));
      const epoch = Number(row.epoch);
      if (row.epoch === null || !Number.isFinite(epoch) || !row.event) {
        this.logger.warn({ table: this.table, id: row.id }, 'skipped a queue_log row without time or event');
        continue;
      }
      const data = [row.data1, row.data2, row.data3, row.data4, row.data5].map((d) => d ?? '');
      while (data.length > 1 && data[data.length - 1] === '') data.pop();
      out.push({
        timeMs: Math.round(epoch * 1000),
        callId: row.callid ?? 'NONE',
        queue: row.queuename ?? 'NONE',
        agent: row.agent ?? 'NONE',
        event: row.event,
        data,
      });
    }
    return out;
  }
}
