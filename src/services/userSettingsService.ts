import { z } from 'zod';
import type { ConfigStore } from '../domain/configStore.js';
import { XucError } from '../errors.js';
import type { DbAccess } from '../persistence/db.js';
import { getUserSettings, lockUserSettings, saveUserSettings, type UserSettings } from '../persistence/userSettingsRepository.js';
import { parseInput } from './parseInput.js';

export type { UserSettings } from '../persistence/userSettingsRepository.js';

/** `naFwd` (no answer), `uncFwd` (unconditional), `busyFwd` (busy). */
export type ForwardKind = 'na' | 'unc' | 'busy';

const userIdSchema = z.number().int().positive();
const forwardSchema = z.object({
  enabled: z.boolean(),
  destination: z.string().trim().max(40).regex(/^(\+?[0-9*#]+)?$/, 'must be a phone number'),
}).refine((f) => !f.enabled || f.destination !== '', { message: 'an enabled forward needs a destination', path: ['destination'] });

/** DND and forwards per user, kept across restarts (`dnd`, `naFwd`, `uncFwd`, `busyFwd`). */
export class UserSettingsService {
  constructor(private readonly deps: { db: DbAccess; config: ConfigStore }) {}

  async get(userId: number): Promise<UserSettings> {
    const id = this.user(userId);
    return this.deps.db.run((db) => getUserSettings(db, id));
  }

  async setDnd(userId: number, enabled: boolean): Promise<UserSettings> {
    const on = parseInput(z.boolean(), enabled, 'state');
    return this.update(userId, (s) => ({ ...s, dndEnabled: on }));
  }

  async setForward(userId: number, kind: ForwardKind, enabled: boolean, destination: string): Promise<UserSettings> {
    const f = parseInput(forwardSchema, { enabled, destination }, 'forward');
    return this.update(userId, (s) => ({ ...s, [`${kind}FwdEnabled`]: f.enabled, [`${kind}FwdDestination`]: f.destination }));
  }

  private async update(userId: number, change: (s: UserSettings) => UserSettings): Promise<UserSettings> {
    const id = this.user(userId);
    return this.deps.db.run((db) =>
      db.transaction(async (tx) => {
        const next = change(await lockUserSettings(tx, id));
        await saveUserSettings(tx, id, next);
        return next;
      }),
    );
  }

  private user(userId: number): number {
    const id = parseInput(userIdSchema, userId, 'userId');
    if (!this.deps.config.current().users.some((u) => u.id === id)) throw new XucError('XUC_ERR_UNKNOWN_USER', { user: id });
    return id;
  }
}
