import type { CallbackContact, CallbackRequest } from '../domain/callback.js';
import type { Queryable, SqlParam } from './db.js';
import { periodColumns, periodFromJoinedRow } from './callbackPeriodRepository.js';

/** A request to store; the period is already resolved to its uuid. */
export interface NewCallbackRequest extends CallbackContact {
  uuid: string;
  listUuid: string;
  dueDate: string;
  periodUuid: string;
}

/** Columns a `findCallbackRequest` filter may name, mapped to SQL; nothing else reaches the query. */
export const requestFilterColumns = {
  uuid: 'r.uuid::text', listUuid: 'r.list_uuid::text', queueId: 'l.queue_id', agentId: 'r.agent_id',
  phoneNumber: 'r.phone_number', mobilePhoneNumber: 'r.mobile_phone_number', firstName: 'r.first_name',
  lastName: 'r.last_name', company: 'r.company', description: 'r.description', dueDate: 'r.due_date',
  periodUuid: 'r.period_uuid::text', clotured: 'r.clotured',
} as const;
export type RequestFilterField = keyof typeof requestFilterColumns;

export const requestFilterOperators = ['=', '!=', '<', '<=', '>', '>=', 'like', 'ilike', 'is null', 'is not null'] as const;
export type RequestFilterOperator = (typeof requestFilterOperators)[number];

export interface RequestFilter {
  field: RequestFilterField;
  operator: RequestFilterOperator;
  value?: string | number | boolean | null;
}

interface RequestRow {
  uuid: string; list_uuid: string; queue_id: number; phone_number: string | null; mobile_phone_number: string | null;
  first_name: string | null; last_name: string | null; company: string | null; description: string | null;
  agent_id: number | null; due_date: string; clotured: boolean;
  period_uuid: string; period_name: string; period_start: string; period_end: string; period_is_default: boolean;
}

const select = `SELECT r.uuid::text AS uuid, r.list_uuid::text AS list_uuid, l.queue_id, r.phone_number, r.mobile_phone_number,
    r.first_name, r.last_name, r.company, r.description, r.agent_id, r.due_date::text AS due_date, r.clotured, ${periodColumns}
  FROM callback_request r JOIN callback_list l ON l.uuid = r.list_uuid JOIN callback_period p ON p.uuid = r.period_uuid`;

const order = 'ORDER BY r.due_date, p.period_start, r.created_at, r.uuid';

const fromRow = (r: RequestRow): CallbackRequest => ({
  uuid: r.uuid, listUuid: r.list_uuid, queueId: r.queue_id, phoneNumber: r.phone_number,
  mobilePhoneNumber: r.mobile_phone_number, firstName: r.first_name, lastName: r.last_name, company: r.company,
  description: r.description, agentId: r.agent_id, dueDate: r.due_date, preferredPeriod: periodFromJoinedRow(r),
  clotured: r.clotured,
});

/** Inserts requests (call inside a transaction for an all-or-nothing import). */
export async function insertRequests(tx: Queryable, requests: readonly NewCallbackRequest[], createdAt: Date): Promise<void> {
  for (const q of requests) {
    await tx.query(
      `INSERT INTO callback_request (uuid, list_uuid, phone_number, mobile_phone_number, first_name, last_name, company,
         description, due_date, period_uuid, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [q.uuid, q.listUuid, q.phoneNumber, q.mobilePhoneNumber, q.firstName, q.lastName, q.company, q.description,
        q.dueDate, q.periodUuid, createdAt],
    );
  }
}

export async function getRequest(db: Queryable, uuid: string): Promise<CallbackRequest | undefined> {
  const [row] = await db.query<RequestRow>(`${select} WHERE r.uuid = $1`, [uuid]);
  return row && fromRow(row);
}

/** The open requests of the given lists (all lists when absent). */
export async function openRequests(db: Queryable, listUuids?: readonly string[]): Promise<CallbackRequest[]> {
  const rows = listUuids
    ? await db.query<RequestRow>(`${select} WHERE NOT r.clotured AND r.list_uuid::text = ANY($1::text[]) ${order}`, [listUuids])
    : await db.query<RequestRow>(`${select} WHERE NOT r.clotured ${order}`);
  return rows.map(fromRow);
}

/** Requests matching every filter, a page of them and the total. */
export async function findRequests(
  db: Queryable,
  filters: readonly RequestFilter[],
  offset: number,
  limit: number,
): Promise<{ list: CallbackRequest[]; total: number }> {
  const params: SqlParam[] = [];
  const where = filters.map((f) => {
    const column = requestFilterColumns[f.field];
    if (f.operator === 'is null' || f.operator === 'is not null') return `${column} ${f.operator.toUpperCase()}`;
    params.push(f.value === undefined ? null : f.value);
    const cast = f.field === 'dueDate' ? '::date' : '';
    const op = f.operator === 'like' ? 'LIKE' : f.operator === 'ilike' ? 'ILIKE' : f.operator;
    return `${column} ${op} $${params.length}${cast}`;
  });
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [count] = await db.query<{ n: number | string }>(
    `SELECT count(*) AS n FROM callback_request r JOIN callback_list l ON l.uuid = r.list_uuid ${clause}`, params);
  const rows = await db.query<RequestRow>(
    `${select} ${clause} ${order} OFFSET $${params.length + 1} LIMIT $${params.length + 2}`, [...params, offset, limit]);
  return { list: rows.map(fromRow), total: Number(count.n) };
}

/** Reserves a free open request for an agent; false when someone else holds it (or it is gone). */
export async function takeRequest(db: Queryable, uuid: string, agentId: number): Promise<boolean> {
  const rows = await db.query(
    'UPDATE callback_request SET agent_id = $2 WHERE uuid = $1 AND agent_id IS NULL AND NOT clotured RETURNING uuid',
    [uuid, agentId]);
  return rows.length > 0;
}

/** Frees a request held by that agent; false when that agent did not hold it. */
export async function releaseRequest(db: Queryable, uuid: string, agentId: number): Promise<boolean> {
  const rows = await db.query(
    'UPDATE callback_request SET agent_id = NULL WHERE uuid = $1 AND agent_id = $2 AND NOT clotured RETURNING uuid',
    [uuid, agentId]);
  return rows.length > 0;
}

export async function clotureRequest(db: Queryable, uuid: string, agentId: number): Promise<boolean> {
  const rows = await db.query(
    'UPDATE callback_request SET clotured = true WHERE uuid = $1 AND agent_id = $2 AND NOT clotured RETURNING uuid',
    [uuid, agentId]);
  return rows.length > 0;
}

/** Puts a request back to pending with a new due date and period. */
export async function rescheduleRequest(
  db: Queryable, uuid: string, agentId: number, dueDate: string, periodUuid: string,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE callback_request SET agent_id = NULL, due_date = $3, period_uuid = $4
     WHERE uuid = $1 AND agent_id = $2 AND NOT clotured RETURNING uuid`,
    [uuid, agentId, dueDate, periodUuid]);
  return rows.length > 0;
}

export async function deleteRequest(db: Queryable, uuid: string): Promise<boolean> {
  return (await db.query('DELETE FROM callback_request WHERE uuid = $1 RETURNING uuid', [uuid])).length > 0;
}
