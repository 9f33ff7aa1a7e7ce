import type { Queryable } from './db.js';

/** One queue of a user's default membership. */
export interface DefaultMembershipEntry {
  queueId: number;
  penalty: number;
}

/** Every user's default membership that has at least one queue, by user id. */
export async function allDefaultMemberships(db: Queryable): Promise<Map<number, DefaultMembershipEntry[]>> {
  const rows = await db.query<{ user_id: number; queue_id: number; penalty: number }>(
    'SELECT user_id, queue_id, penalty FROM user_default_membership ORDER BY user_id, queue_id');
  const byUser = new Map<number, DefaultMembershipEntry[]>();
  for (const r of rows) {
    const list = byUser.get(r.user_id) ?? [];
    list.push({ queueId: r.queue_id, penalty: r.penalty });
    byUser.set(r.user_id, list);
  }
  return byUser;
}

export async function defaultMembership(db: Queryable, userId: number): Promise<DefaultMembershipEntry[]> {
  const rows = await db.query<{ queue_id: number; penalty: number }>(
    'SELECT queue_id, penalty FROM user_default_membership WHERE user_id = $1 ORDER BY queue_id', [userId]);
  return rows.map((r) => ({ queueId: r.queue_id, penalty: r.penalty }));
}

/** Replaces a user's whole default membership (run inside a transaction). */
export async function replaceDefaultMembership(
  tx: Queryable, userId: number, membership: readonly DefaultMembershipEntry[],
): Promise<void> {
  await tx.query('DELETE FROM user_default_membership WHERE user_id = $1', [userId]);
  for (const m of membership) {
    await tx.query('INSERT INTO user_default_membership (user_id, queue_id, penalty) VALUES ($1, $2, $3)', [userId, m.queueId, m.penalty]);
  }
}
