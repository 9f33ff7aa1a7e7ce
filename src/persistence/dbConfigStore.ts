import type { ConfigStore } from '../domain/configStore.js';
import type { ContactCenterConfig } from '../domain/contactCenterConfig.js';
import { validateContactCenterConfig, withHashedPasswords } from '../auth/memoryConfigStore.js';
import type { Db } from './db.js';
import { countConfig, loadConfig, replaceConfig, type ConfigCounts } from './configRepository.js';

/**
 * The configuration cache over PostgreSQL. `current()` is served from memory; every change is
 * written in one transaction, then re-read and announced to the listeners (actors, transports).
 */
export class DbConfigStore implements ConfigStore {
  private config: ContactCenterConfig;
  private readonly listeners = new Set<(config: ContactCenterConfig) => void>();

  private constructor(
    private readonly db: Db,
    config: ContactCenterConfig,
  ) {
    this.config = config;
  }

  /** Loads the cache from the database. */
  static async load(db: Db): Promise<DbConfigStore> {
    return new DbConfigStore(db, await loadConfig(db));
  }

  current(): ContactCenterConfig {
    return this.config;
  }

  onChange(listener: (config: ContactCenterConfig) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Replaces the whole configuration: validated (rejected whole when bad), plain passwords hashed. */
  async replace(config: unknown, source = 'configuration'): Promise<void> {
    const hashed = await withHashedPasswords(validateContactCenterConfig(config, source));
    await this.db.transaction((tx) => replaceConfig(tx, hashed));
    await this.reload();
  }

  /** Re-reads the database (another server may have imported) and notifies when anything changed. */
  async reload(): Promise<void> {
    const next = await loadConfig(this.db);
    if (JSON.stringify(next) === JSON.stringify(this.config)) return;
    this.config = next;
    for (const l of this.listeners) l(next);
  }

  counts(): Promise<ConfigCounts> {
    return countConfig(this.db);
  }
}
