import { readdirSync, readFileSync } from 'node:fs';
import type { Db } from './db.js';

/** One forward-only schema change: `migrations/NNN_name.sql`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const migrationsDir = new URL('./migrations/', import.meta.url);

/** The migrations shipped with the server, in version order. */
export function bundledMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .map((file) => {
      const [, version, name] = /^(\d+)_([\w-]+)\.sql$/.exec(file)!;
      return { version: Number(version), name, sql: readFileSync(new URL(file, migrationsDir), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
}

/**
 * Any fixed number works; every xuc server uses the same one, so two servers starting at once on
 * one database queue up here and the second finds the work done.
 */
const MIGRATION_LOCK_KEY = 7_372_001;

/**
 * Applies the pending migrations in one transaction under a transaction-level advisory lock, and
 * records each in `schema_migrations`. Returns the versions this call applied.
 */
export async function migrate(db: Db, migrations: readonly Migration[] = bundledMigrations()): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
