import type { ContactCenterConfig } from './contactCenterConfig.js';

/**
 * Where the engine and the transports read the contact-center configuration from. The
 * configuration's user passwords are always scrypt hashes here, never plain text.
 * Implemented in memory (from the file) and over PostgreSQL (src/persistence).
 */
export interface ConfigStore {
  /** The current configuration; the same object until the next change. */
  current(): ContactCenterConfig;
  /** Called after every change with the new configuration. */
  onChange(listener: (config: ContactCenterConfig) => void): () => void;
}
