import type { CallbackStatus, CallbackTicket } from '../domain/callback.js';
import type { Queryable } from './db.js';

interface TicketRow {
  uuid: string; request_uuid: string; list_uuid: string; phone_number: string | null; mobile_phone_number: string | null;
  first_name: string | null; last_name: string | null; company: string | null; description: string | null;
  due_date: string; period_name: string; called_number: string; start_date: string; last_update: string;
  comment: string | null; status: CallbackStatus | null; agent_id: number;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}`;

const select = `SELECT uuid::text AS uuid, request_uuid::text AS request_uuid, list_uuid::text AS list_uuid, phone_number,
    mobile_phone_number, first_name, last_name, company, description, due_date::text AS due_date, period_name,
    called_number, ${iso('start_date')}, ${iso('last_update')}, comment, status, agent_id
  FROM callback_ticket`;

const fromRow = (r: TicketRow): CallbackTicket => ({
  uuid: r.uuid, requestUuid: r.request_uuid, listUuid: r.list_uuid, phoneNumber: r.phone_number,
  mobilePhoneNumber: r.mobile_phone_number, firstName: r.first_name, lastName: r.last_name, company: r.company,
  description: r.description, dueDate: r.due_date, periodName: r.period_name, calledNumber: r.called_number,
  startDate: r.start_date, lastUpdate: r.last_update, comment: r.comment, status: r.status, agentId: r.agent_id,
});

/** Opens a ticket from the request as it stands now (copied, so the ticket outlives the request). */
export async function insertTicketFromRequest(
  tx: Queryable, ticket: { uuid: string; requestUuid: string; agentId: number; calledNumber: string; at: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO callback_ticket (uuid, request_uuid, list_uuid, phone_number, mobile_phone_number, first_name, last_name,
       company, description, due_date, period_name, called_number, start_date, last_update, agent_id)
     SELECT $1, r.uuid, r.list_uuid, r.phone_number, r.mobile_phone_number, r.first_name, r.last_name, r.company,
       r.description, r.due_date, p.name, $3, $4, $4, $2
     FROM callback_request r JOIN callback_period p ON p.uuid = r.period_uuid WHERE r.uuid = $5`,
    [ticket.uuid, ticket.agentId, ticket.calledNumber, ticket.at, ticket.requestUuid],
  );
}

export async function getTicket(db: Queryable, uuid: string): Promise<CallbackTicket | undefined> {
  const [row] = await db.query<TicketRow>(`${select} WHERE uuid = $1`, [uuid]);
  return row && fromRow(row);
}

/** The ticket an agent opened on a request and has not yet given a status. */
export async function openTicketOfRequest(db: Queryable, requestUuid: string): Promise<CallbackTicket | undefined> {
  const [row] = await db.query<TicketRow>(
    `${select} WHERE request_uuid = $1 AND status IS NULL ORDER BY start_date DESC LIMIT 1`, [requestUuid]);
  return row && fromRow(row);
}

/** Records the result of a ticket; false when the ticket is unknown or already has one. */
export async function closeTicket(
  db: Queryable, uuid: string, update: { status: CallbackStatus; comment: string | null; at: Date },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE callback_ticket SET status = $2, comment = $3, last_update = $4 WHERE uuid = $1 AND status IS NULL RETURNING uuid`,
    [uuid, update.status, update.comment, update.at]);
  return rows.length > 0;
}

export async function ticketsOfList(db: Queryable, listUuid: string): Promise<CallbackTicket[]> {
  return (await db.query<TicketRow>(`${select} WHERE list_uuid = $1 ORDER BY start_date, uuid`, [listUuid])).map(fromRow);
}
