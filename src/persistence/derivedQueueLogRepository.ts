import type { QueueLogRecord } from '../stats/queueLogRecord.js';
import type { Queryable } from './db.js';

/** Appends queue_log records derived from AMI in one statement, keeping their order. */
export async function appendDerivedQueueLog(db: Queryable, records: readonly QueueLogRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.query(
    `INSERT INTO derived_queue_log (time_ms, callid, queuename, agent, event, data)
     SELECT (r->>'timeMs')::bigint, r->>'callId', r->>'queue', r->>'agent', r->>'event', r->'data'
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, n) ORDER BY n`,
    [JSON.stringify(records)],
  );
}

interface Row {
  time_ms: string | number;
  callid: string;
  queuename: string;
  agent: string;
  event: string;
  data: unknown;
}

/** Every record from `sinceMs` on, in the order appended. */
export async function derivedQueueLogSince(db: Queryable, sinceMs: number): Promise<QueueLogRecord[]> {
  const rows = await db.query<Row>(
    'SELECT time_ms, callid, queuename, agent, event, data FROM derived_queue_log WHERE time_ms >= $1 ORDER BY id',
    [Math.floor(sinceMs)],
  );
  return rows.map((r) => {
    const data = typeof r.data === 'string' ? JSON.parse(r.data) : r.data;
    return { timeMs: Number(r.time_ms), callId: r.callid, queue: r.queuename, agent: r.agent, event: r.event, data: Array.isArray(data) ? data.map(String) : [] };
  });
}

/** Deletes the records older than `beforeMs`. */
export async function forgetDerivedQueueLog(db: Queryable, beforeMs: number): Promise<void> {
  await db.query('DELETE FROM derived_queue_log WHERE time_ms < $1', [Math.floor(beforeMs)]);
}
