import type { ForwardSettings } from '../../domain/userSettings.js';

/** A user's DND, forwards and presence, as `UserConfigUpdate` and `UserStatusUpdate` carry them. */
export interface UserSettings extends ForwardSettings {
  /** Presence: a `UsersStatuses` name, or '' before the user chose one. */
  status: string;
}

export const defaultUserSettings: Readonly<UserSettings> = {
  dndEnabled: false,
  naFwdEnabled: false,
  naFwdDestination: '',
  uncFwdEnabled: false,
  uncFwdDestination: '',
  busyFwdEnabled: false,
  busyFwdDestination: '',
  status: '',
};

/** Where user settings live; the persistence area can back it with PostgreSQL. */
export interface UserSettingsService {
  get(userId: number): UserSettings;
  update(userId: number, patch: Partial<UserSettings>): Promise<UserSettings>;
}

/** Settings kept in memory: they survive reconnections but not a restart. */
export class MemoryUserSettings implements UserSettingsService {
  private readonly byUser = new Map<number, UserSettings>();

  get(userId: number): UserSettings {
    return this.byUser.get(userId) ?? defaultUserSettings;
  }

  async update(userId: number, patch: Partial<UserSettings>): Promise<UserSettings> {
    const next = { ...this.get(userId), ...patch };
    this.byUser.set(userId, next);
    return next;
  }
}
