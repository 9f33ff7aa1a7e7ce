import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Db } from '../../src/persistence/db.js';
import { migrate } from '../../src/persistence/migrations.js';
import { PgDb } from '../../src/persistence/pgDb.js';
import { PgliteDb } from '../../src/persistence/pgliteDb.js';

/**
 * Runs a suite against both backends: PGlite in memory and the real PostgreSQL server named by
 * TEST_DATABASE_URL. Each `newDb()` is a fresh schema, so tests and parallel files never meet.
 */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;

export interface BackendContext {
  /** A migrated database in a schema of its own. */
  newDb(): Promise<Db>;
  kind: 'pglite' | 'pg';
}

export const newSchemaName = () => `t_${randomBytes(6).toString('hex')}`;

export function describeEachBackend(title: string, suite: (ctx: BackendContext) => void): void {
  describe(`${title} [pglite]`, () => {
    let instance: PGlite;
    const opened: Db[] = [];
    beforeAll(async () => {
      instance = await PGlite.create();
    });
    afterAll(async () => {
      for (const db of opened) await db.close();
      await instance.close();
    });
    suite({
      kind: 'pglite',
      newDb: async () => {
        const db = await PgliteDb.open({ instance, schema: newSchemaName() });
        opened.push(db);
        await migrate(db);
        return db;
      },
    });
  });

  const pgTitle = `${title} [postgresql]`;
  if (!testDatabaseUrl) {
    describe.skip(`${pgTitle} — skipped: TEST_DATABASE_URL is not set (CI sets it)`, () => suite({ kind: 'pg', newDb: () => never() }));
    return;
  }
  describe(pgTitle, () => {
    const opened: Db[] = [];
    const schemas: string[] = [];
    afterAll(async () => {
      for (const db of opened) await db.close();
      await dropSchemas(schemas);
    });
    suite({
      kind: 'pg',
      newDb: async () => {
        const schema = newSchemaName();
        schemas.push(schema);
        const db = await PgDb.open({ connectionString: testDatabaseUrl, schema });
        opened.push(db);
        await migrate(db);
        return db;
      },
    });
  });
}

const never = (): Promise<never> => Promise.reject(new Error('TEST_DATABASE_URL is not set'));

/** Drops test schemas on the real server. */
export async function dropSchemas(schemas: readonly string[]): Promise<void> {
  if (!testDatabaseUrl || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await client.end();
  }
}
