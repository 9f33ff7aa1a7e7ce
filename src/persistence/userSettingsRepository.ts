import type { ForwardSettings } from '../domain/userSettings.js';

import type { Queryable } from './db.js';

/** A user's DND and forwards, as `UserConfigUpdate` carries them. */
export type UserSettings = ForwardSettings;

export const defaultUserSettings: UserSettings = {
  dndEnabled: false, naFwdEnabled: false, naFwdDestination: '', uncFwdEnabled: false, uncFwdDestination: '',
  busyFwdEnabled: false, busyFwdDestination: '',
};

const select = `SELECT dnd_enabled AS "dndEnabled", na_fwd_enabled AS "naFwdEnabled", na_fwd_destination AS "naFwdDestination",
  unc_fwd_enabled AS "uncFwdEnabled", unc_fwd_destination AS "uncFwdDestination", busy_fwd_enabled AS "busyFwdEnabled",
  busy_fwd_destination AS "busyFwdDestination" FROM user_setting`;

export async function getUserSettings(db: Queryable, userId: number): Promise<UserSettings> {
  const [row] = await db.query<UserSettings>(`${select} WHERE user_id = $1`, [userId]);
  return row ?? { ...defaultUserSettings };
}

/** Reads a user's settings and locks them until the transaction ends, so concurrent changes do not overwrite each other. */
export async function lockUserSettings(tx: Queryable, userId: number): Promise<UserSettings> {
  await tx.query('INSERT INTO user_setting (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING', [userId]);
  const [row] = await tx.query<UserSettings>(`${select} WHERE user_id = $1 FOR UPDATE`, [userId]);
  return row;
}

/** Writes the whole settings of a user. */
export async function saveUserSettings(db: Queryable, userId: number, s: UserSettings): Promise<void> {
  await db.query(
    `INSERT INTO user_setting (user_id, dnd_enabled, na_fwd_enabled, na_fwd_destination, unc_fwd_enabled,
       unc_fwd_destination, busy_fwd_enabled, busy_fwd_destination) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (user_id) DO UPDATE SET dnd_enabled = EXCLUDED.dnd_enabled, na_fwd_enabled = EXCLUDED.na_fwd_enabled,
       na_fwd_destination = EXCLUDED.na_fwd_destination, unc_fwd_enabled = EXCLUDED.unc_fwd_enabled,
       unc_fwd_destination = EXCLUDED.unc_fwd_destination, busy_fwd_enabled = EXCLUDED.busy_fwd_enabled,
       busy_fwd_destination = EXCLUDED.busy_fwd_destination`,
    [userId, s.dndEnabled, s.naFwdEnabled, s.naFwdDestination, s.uncFwdEnabled, s.uncFwdDestination, s.busyFwdEnabled,
      s.busyFwdDestination]);
}
