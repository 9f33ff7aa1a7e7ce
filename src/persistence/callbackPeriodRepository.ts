import type { CallbackPeriod } from '../domain/callback.js';
import type { Queryable } from './db.js';

interface PeriodRow { uuid: string; name: string; period_start: string; period_end: string; is_default: boolean }

export const periodColumns = `p.uuid::text AS period_uuid, p.name AS period_name, p.period_start::text AS period_start,
  p.period_end::text AS period_end, p.is_default AS period_is_default`;

/** Maps the `periodColumns` of a joined row. */
export const periodFromJoinedRow = (r: {
  period_uuid: string; period_name: string; period_start: string; period_end: string; period_is_default: boolean;
}): CallbackPeriod => ({
  uuid: r.period_uuid, name: r.period_name, periodStart: r.period_start, periodEnd: r.period_end, default: r.period_is_default,
});

const fromRow = (r: PeriodRow): CallbackPeriod => ({
  uuid: r.uuid, name: r.name, periodStart: r.period_start, periodEnd: r.period_end, default: r.is_default,
});

const select = `SELECT uuid::text AS uuid, name, period_start::text AS period_start, period_end::text AS period_end, is_default
  FROM callback_period`;

export async function listPeriods(db: Queryable): Promise<CallbackPeriod[]> {
  return (await db.query<PeriodRow>(`${select} ORDER BY period_start, name`)).map(fromRow);
}

export async function getPeriod(db: Queryable, uuid: string): Promise<CallbackPeriod | undefined> {
  const [row] = await db.query<PeriodRow>(`${select} WHERE uuid = $1`, [uuid]);
  return row && fromRow(row);
}

/** Inserts a period; a new default period takes the flag from the previous one. */
export async function insertPeriod(tx: Queryable, period: CallbackPeriod): Promise<void> {
  if (period.default) await tx.query('UPDATE callback_period SET is_default = false WHERE is_default');
  await tx.query(
    'INSERT INTO callback_period (uuid, name, period_start, period_end, is_default) VALUES ($1, $2, $3, $4, $5)',
    [period.uuid, period.name, period.periodStart, period.periodEnd, period.default],
  );
}

/** Deletes a period no request uses; returns false when it did not exist. */
export async function deletePeriod(db: Queryable, uuid: string): Promise<boolean> {
  return (await db.query('DELETE FROM callback_period WHERE uuid = $1 RETURNING uuid', [uuid])).length > 0;
}

export async function periodUsageCount(db: Queryable, uuid: string): Promise<number> {
  const [row] = await db.query<{ n: string | number }>('SELECT count(*) AS n FROM callback_request WHERE period_uuid = $1', [uuid]);
  return Number(row.n);
}
