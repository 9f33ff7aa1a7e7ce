import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { XucConfig } from '../config.js';
import type { Db } from './db.js';
import { PgDb } from './pgDb.js';
import { PgliteDb } from './pgliteDb.js';

/** Opens the configured backend: PostgreSQL when `database.url` is set, else PGlite under `dataDir`. */
export async function openConfiguredDb(database: XucConfig['database']): Promise<Db> {
  if (database.url) return PgDb.open({ connectionString: database.url });
  const dir = join(database.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  return PgliteDb.open({ dataDir: dir });
}
