import type { ConfigStore } from '../domain/configStore.js';
import type { Logger } from '../log.js';
import type { UserSettingsService as StoredUserSettings } from '../services/userSettingsService.js';
import { defaultUserSettings, type UserSettings, type UserSettingsService } from '../transport/ws/userSettings.js';

const forwardKinds = ['na', 'unc', 'busy'] as const;

/**
 * DND and forwards kept in the database, served synchronously to the transports from a cache
 * filled once the database is ready. Presence (`status`) stays in memory, as in the original.
 * A change is written first and cached after, so a client is never told of a setting that a
 * restart would lose; while the database is down it fails with XUC_ERR_DB_UNAVAILABLE.
 */
export class PersistentUserSettings implements UserSettingsService {
  private readonly cache = new Map<number, UserSettings>();

  constructor(
    private readonly stored: StoredUserSettings,
    private readonly config: ConfigStore,
    private readonly logger: Logger,
  ) {}

  /** Reads every configured user's settings (on each database (re)connection). */
  async load(): Promise<void> {
    for (const user of this.config.current().users) {
      try {
        const saved = await this.stored.get(user.id);
        this.cache.set(user.id, { ...this.get(user.id), ...saved });
      } catch (error) {
        this.logger.warn({ err: error, user: user.id }, 'user settings not loaded');
      }
    }
  }

  get(userId: number): UserSettings {
    return this.cache.get(userId) ?? defaultUserSettings;
  }

  async update(userId: number, patch: Partial<UserSettings>): Promise<UserSettings> {
    const current = this.get(userId);
    const next = { ...current, ...patch };
    if (next.dndEnabled !== current.dndEnabled) await this.stored.setDnd(userId, next.dndEnabled);
    for (const kind of forwardKinds) {
      const enabled = `${kind}FwdEnabled` as const;
      const destination = `${kind}FwdDestination` as const;
      if (next[enabled] !== current[enabled] || next[destination] !== current[destination]) {
        await this.stored.setForward(userId, kind, next[enabled], next[destination]);
      }
    }
    this.cache.set(userId, next);
    return next;
  }
}
