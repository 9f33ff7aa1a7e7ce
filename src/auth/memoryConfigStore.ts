import { readFile } from 'node:fs/promises';
import type { ConfigStore } from '../domain/configStore.js';
import {
  emptyContactCenterConfig,
  parseContactCenterConfig,
  type ContactCenterConfig,
} from '../domain/contactCenterConfig.js';
import { XucError } from '../errors.js';
import { hashPassword, isPasswordHash } from './passwords.js';

/** Replaces plain-text passwords by scrypt hashes; existing hashes are kept as they are. */
export async function withHashedPasswords(config: ContactCenterConfig): Promise<ContactCenterConfig> {
  const users = await Promise.all(
    config.users.map(async (u) => (isPasswordHash(u.password) ? u : { ...u, password: await hashPassword(u.password) })),
  );
  return { ...config, users };
}

/** Parses and validates raw configuration JSON, throwing one error that lists every problem. */
export function validateContactCenterConfig(raw: unknown, source: string): ContactCenterConfig {
  const result = parseContactCenterConfig(raw);
  if (!result.ok) {
    const detail = result.problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ');
    throw new XucError('XUC_ERR_INVALID_IMPORT', { detail: `${source}: ${detail}` });
  }
  return result.config;
}

/** Reads a configuration file (shared/config-format.md), rejecting it whole when anything is wrong. */
export async function readContactCenterConfigFile(path: string): Promise<ContactCenterConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new XucError('XUC_ERR_INVALID_IMPORT', { detail: `${path}: ${(e as Error).message}` });
  }
  return validateContactCenterConfig(raw, path);
}

/** The configuration held in memory (used before persistence, and in tests). */
export class MemoryConfigStore implements ConfigStore {
  private config: ContactCenterConfig;
  private readonly listeners = new Set<(config: ContactCenterConfig) => void>();

  private constructor(config: ContactCenterConfig) {
    this.config = config;
  }

  /** Builds a store from a validated configuration, hashing its passwords. */
  static async create(config: ContactCenterConfig = emptyContactCenterConfig()): Promise<MemoryConfigStore> {
    return new MemoryConfigStore(await withHashedPasswords(config));
  }

  current(): ContactCenterConfig {
    return this.config;
  }

  async replace(config: ContactCenterConfig): Promise<void> {
    this.config = await withHashedPasswords(config);
    for (const l of this.listeners) l(this.config);
  }

  onChange(listener: (config: ContactCenterConfig) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
