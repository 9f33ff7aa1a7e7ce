import type { Queryable, SqlParam } from './db.js';

export const callStatuses = [
  'answered', 'abandoned', 'full', 'closed', 'joinempty', 'leaveempty', 'divert_ca_ratio', 'divert_waittime', 'timeout',
  'emitted', 'missed', 'ongoing',
] as const;
export type CallStatus = (typeof callStatuses)[number];

/** One call as the engine reports it when it ends (or while it is ongoing). */
export interface CallRecord {
  /** The call's linkedid: recording it again replaces the earlier record. */
  callId: string;
  /** Epoch milliseconds. */
  start: number;
  durationSeconds: number;
  status: CallStatus;
  srcNum: string;
  srcFirstName?: string;
  srcLastName?: string;
  srcUsername?: string | null;
  dstNum: string;
  dstFirstName?: string;
  dstLastName?: string;
  dstUsername?: string | null;
  agentId?: number | null;
  agentName?: string | null;
  queueId?: number | null;
  queueName?: string | null;
}

export interface StoredCall extends Required<Omit<CallRecord, 'start'>> {
  start: Date;
}

/** Filterable columns of the customer history, mapped to SQL; nothing else reaches the query. */
export const callFilterColumns = {
  src_num: 'src_num', dst_num: 'dst_num', status: 'status', queue_name: 'queue_name', agent_id: 'agent_id',
  src_username: 'src_username', dst_username: 'dst_username', start: 'start_time',
} as const;
export type CallFilterField = keyof typeof callFilterColumns;
export const callFilterOperators = ['=', '!=', '<', '<=', '>', '>=', 'like'] as const;
export interface CallFilter {
  field: CallFilterField;
  operator: (typeof callFilterOperators)[number];
  value: string | number;
}

const select = `SELECT call_id AS "callId", start_time AS start, duration_seconds AS "durationSeconds", status,
  src_num AS "srcNum", src_first_name AS "srcFirstName", src_last_name AS "srcLastName", src_username AS "srcUsername",
  dst_num AS "dstNum", dst_first_name AS "dstFirstName", dst_last_name AS "dstLastName", dst_username AS "dstUsername",
  agent_id AS "agentId", agent_name AS "agentName", queue_id AS "queueId", queue_name AS "queueName" FROM call_history`;

const normalise = (row: StoredCall): StoredCall => ({ ...row, start: new Date(row.start) });

export async function upsertCall(db: Queryable, c: CallRecord): Promise<void> {
  await db.query(
    `INSERT INTO call_history (call_id, start_time, duration_seconds, status, src_num, src_first_name, src_last_name,
       src_username, dst_num, dst_first_name, dst_last_name, dst_username, agent_id, agent_name, queue_id, queue_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (call_id) DO UPDATE SET start_time = EXCLUDED.start_time, duration_seconds = EXCLUDED.duration_seconds,
       status = EXCLUDED.status, src_num = EXCLUDED.src_num, src_first_name = EXCLUDED.src_first_name,
       src_last_name = EXCLUDED.src_last_name, src_username = EXCLUDED.src_username, dst_num = EXCLUDED.dst_num,
       dst_first_name = EXCLUDED.dst_first_name, dst_last_name = EXCLUDED.dst_last_name,
       dst_username = EXCLUDED.dst_username, agent_id = EXCLUDED.agent_id, agent_name = EXCLUDED.agent_name,
       queue_id = EXCLUDED.queue_id, queue_name = EXCLUDED.queue_name`,
    [c.callId, new Date(c.start), c.durationSeconds, c.status, c.srcNum, c.srcFirstName ?? '', c.srcLastName ?? '',
      c.srcUsername ?? null, c.dstNum, c.dstFirstName ?? '', c.dstLastName ?? '', c.dstUsername ?? null,
      c.agentId ?? null, c.agentName ?? null, c.queueId ?? null, c.queueName ?? null],
  );
}

/** A user's calls (as caller or callee), newest first; `since` limits to calls after it. */
export async function callsOfUser(db: Queryable, username: string, size: number, since?: Date): Promise<StoredCall[]> {
  const rows = since
    ? await db.query<StoredCall>(
      `${select} WHERE (src_username = $1 OR dst_username = $1) AND start_time >= $3 ORDER BY start_time DESC LIMIT $2`,
      [username, size, since])
    : await db.query<StoredCall>(
      `${select} WHERE src_username = $1 OR dst_username = $1 ORDER BY start_time DESC LIMIT $2`, [username, size]);
  return rows.map(normalise);
}

export async function callsOfAgent(db: Queryable, agentId: number, size: number): Promise<StoredCall[]> {
  return (await db.query<StoredCall>(`${select} WHERE agent_id = $1 ORDER BY start_time DESC LIMIT $2`, [agentId, size])).map(normalise);
}

export async function callsOfQueue(db: Queryable, queueName: string, size: number): Promise<StoredCall[]> {
  return (await db.query<StoredCall>(`${select} WHERE queue_name = $1 ORDER BY start_time DESC LIMIT $2`, [queueName, size]))
    .map(normalise);
}

/** Calls matching every filter, newest first, with the total. */
export async function findCalls(
  db: Queryable, filters: readonly CallFilter[], size: number,
): Promise<{ list: StoredCall[]; total: number }> {
  const params: SqlParam[] = [];
  const where = filters.map((f) => {
    params.push(f.field === 'start' ? new Date(f.value) : f.value);
    return `${callFilterColumns[f.field]} ${f.operator === 'like' ? 'LIKE' : f.operator} $${params.length}`;
  });
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [count] = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM call_history ${clause}`, params);
  const rows = await db.query<StoredCall>(`${select} ${clause} ORDER BY start_time DESC LIMIT $${params.length + 1}`, [...params, size]);
  return { list: rows.map(normalise), total: Number(count.n) };
}
