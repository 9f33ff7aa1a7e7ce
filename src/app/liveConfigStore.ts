import type { ConfigStore } from '../domain/configStore.js';
import type { ContactCenterConfig } from '../domain/contactCenterConfig.js';

/**
 * The configuration the running server uses. It starts from the file (or the demo) so the engine
 * serves at once, then follows the database's configuration cache once the database is ready:
 * a database outage at start never keeps the engine down.
 */
export class LiveConfigStore implements ConfigStore {
  private readonly listeners = new Set<(config: ContactCenterConfig) => void>();
  private detach: (() => void) | undefined;

  constructor(private config: ContactCenterConfig) {}

  current(): ContactCenterConfig {
    return this.config;
  }

  onChange(listener: (config: ContactCenterConfig) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** From now on mirrors `source` (the database's store). */
  follow(source: ConfigStore): void {
    this.detach?.();
    this.set(source.current());
    this.detach = source.onChange((config) => this.set(config));
  }

  private set(config: ContactCenterConfig): void {
    if (config === this.config) return;
    this.config = config;
    for (const listener of this.listeners) listener(config);
  }
}
