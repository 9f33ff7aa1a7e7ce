import type { Queryable } from './db.js';

/** A callback list without its requests. */
export interface CallbackListHeader {
  uuid: string;
  name: string;
  queueId: number;
}

const select = 'SELECT uuid::text AS uuid, name, queue_id AS "queueId" FROM callback_list';

export async function listLists(db: Queryable, queueIds?: readonly number[]): Promise<CallbackListHeader[]> {
  return queueIds
    ? db.query<CallbackListHeader>(`${select} WHERE queue_id = ANY($1::int[]) ORDER BY name, uuid`, [queueIds])
    : db.query<CallbackListHeader>(`${select} ORDER BY name, uuid`);
}

export async function getList(db: Queryable, uuid: string): Promise<CallbackListHeader | undefined> {
  const [row] = await db.query<CallbackListHeader>(`${select} WHERE uuid = $1`, [uuid]);
  return row;
}

export async function insertList(db: Queryable, list: CallbackListHeader): Promise<void> {
  await db.query('INSERT INTO callback_list (uuid, name, queue_id) VALUES ($1, $2, $3)', [list.uuid, list.name, list.queueId]);
}

/** Deletes a list with its requests and tickets; returns false when it did not exist. */
export async function deleteList(db: Queryable, uuid: string): Promise<boolean> {
  return (await db.query('DELETE FROM callback_list WHERE uuid = $1 RETURNING uuid', [uuid])).length > 0;
}
