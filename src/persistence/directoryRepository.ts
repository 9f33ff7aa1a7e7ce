import type { Queryable } from './db.js';

/** Where a directory entry comes from: a configured user, or the contacts table. */
export type DirectorySource = 'internal' | 'contacts';

export interface DirectoryEntry {
  source: DirectorySource;
  contactId: string;
  firstName: string;
  lastName: string;
  number: string;
  mobile: string;
}

export interface NewContact {
  firstName?: string;
  lastName?: string;
  number?: string;
  mobileNumber?: string;
  company?: string;
  email?: string;
}

/** `%`, `_` and `\` in a search term are literal, not wildcards. */
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const entriesSql = `
  SELECT 'internal' AS source, u.id::text AS "contactId", u.first_name AS "firstName", u.last_name AS "lastName",
         coalesce(l.number, '') AS number, u.mobile_number AS mobile
  FROM xuc_user u LEFT JOIN line l ON l.id = u.line_id
  UNION ALL
  SELECT 'contacts', c.id::text, c.first_name, c.last_name, c.number, c.mobile_number FROM contact c`;

/** Users and contacts whose name, number or mobile contains the term (case-insensitive). */
export async function searchDirectory(db: Queryable, term: string, limit: number): Promise<DirectoryEntry[]> {
  return db.query<DirectoryEntry>(
    `SELECT * FROM (${entriesSql}) e
     WHERE (e."firstName" || ' ' || e."lastName") ILIKE $1 OR e.number ILIKE $1 OR e.mobile ILIKE $1
     ORDER BY e."lastName", e."firstName", e.source, e."contactId" LIMIT $2`,
    [likePattern(term), limit]);
}

export async function favoriteEntries(db: Queryable, userId: number): Promise<DirectoryEntry[]> {
  return db.query<DirectoryEntry>(
    `SELECT e.* FROM (${entriesSql}) e JOIN favorite f ON f.source = e.source AND f.contact_id = e."contactId"
     WHERE f.user_id = $1 ORDER BY e."lastName", e."firstName"`, [userId]);
}

export async function favoriteKeys(db: Queryable, userId: number): Promise<Set<string>> {
  const rows = await db.query<{ source: string; contact_id: string }>('SELECT source, contact_id FROM favorite WHERE user_id = $1', [userId]);
  return new Set(rows.map((r) => `${r.source}/${r.contact_id}`));
}

/** Adds a favourite that exists in the directory; false when there is no such entry. */
export async function addFavorite(db: Queryable, userId: number, source: DirectorySource, contactId: string): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO favorite (user_id, source, contact_id)
     SELECT $1, e.source, e."contactId" FROM (${entriesSql}) e WHERE e.source = $2 AND e."contactId" = $3
     ON CONFLICT DO NOTHING RETURNING contact_id`, [userId, source, contactId]);
  if (rows.length) return true;
  return (await db.query('SELECT 1 FROM favorite WHERE user_id = $1 AND source = $2 AND contact_id = $3', [userId, source, contactId])).length > 0;
}

export async function removeFavorite(db: Queryable, userId: number, source: string, contactId: string): Promise<boolean> {
  return (await db.query('DELETE FROM favorite WHERE user_id = $1 AND source = $2 AND contact_id = $3 RETURNING contact_id',
    [userId, source, contactId])).length > 0;
}

export async function insertContact(db: Queryable, c: NewContact): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO contact (first_name, last_name, number, mobile_number, company, email) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [c.firstName ?? '', c.lastName ?? '', c.number ?? '', c.mobileNumber ?? '', c.company ?? '', c.email ?? '']);
  return row.id;
}
