import { createServer } from 'node:net';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { Database } from '../../src/persistence/database.js';
import type { Db } from '../../src/persistence/db.js';
import { bundledMigrations, migrate } from '../../src/persistence/migrations.js';
import { PgDb } from '../../src/persistence/pgDb.js';
import { PgliteDb } from '../../src/persistence/pgliteDb.js';
import { describeEachBackend, dropSchemas, newSchemaName, testDatabaseUrl } from './backends.js';

const versions = bundledMigrations().map((m) => m.version);

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describeEachBackend('migrations', ({ newDb }) => {
  it('are applied once, recorded, and a second start applies nothing', async () => {
    const db = await newDb();
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(versions);
  });

  it('a failing migration rolls back whole and is not recorded', async () => {
    const db = await newDb();
    const broken = [{ version: 999, name: 'broken', sql: 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;' }];
    await expect(migrate(db, broken)).rejects.toThrow(/no_such_table/);
    expect(await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'")).toEqual([]);
    expect(await db.query('SELECT 1 FROM schema_migrations WHERE version = 999')).toEqual([]);
  });
});

describe.skipIf(!testDatabaseUrl)(`migrations on one PostgreSQL database${testDatabaseUrl ? '' : ' — skipped: TEST_DATABASE_URL is not set'}`, () => {
  it('two servers starting at once: the advisory lock lets exactly one of them migrate', async () => {
    const schema = newSchemaName();
    const [a, b] = [
      await PgDb.open({ connectionString: testDatabaseUrl!, schema }),
      await PgDb.open({ connectionString: testDatabaseUrl!, schema }),
    ];
    try {
      const [appliedA, appliedB] = await Promise.all([migrate(a), migrate(b)]);
      expect([...appliedA, ...appliedB].sort((x, y) => x - y)).toEqual(versions);
      expect([appliedA.length, appliedB.length].sort()).toEqual([0, versions.length]);
      const rows = await a.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
      expect(Number(rows[0].n)).toBe(versions.length);
    } finally {
      await a.close();
      await b.close();
      await dropSchemas([schema]);
    }
  });
});

describe('database unreachable at start', () => {
  it('retries with a clear log line, answers XUC_ERR_DB_UNAVAILABLE meanwhile, then becomes ready', async () => {
    const port = await closedPort();
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const clock = new ManualClock(0);
    const schema = newSchemaName();
    let target = `postgres://postgres@127.0.0.1:${port}/test`;
    // The server comes back: the real PostgreSQL when CI provides one, else the embedded one.
    const open = async (): Promise<Db> =>
      target === 'embedded' ? PgliteDb.open() : PgDb.open({ connectionString: target, schema, connectionTimeoutMillis: 2_000 });
    const database = new Database({ open, clock, logger, retryInitialMs: 1_000 });
    database.start();
    await expect.poll(() => database.status().attempts === 1 && database.status().lastError !== undefined).toBe(true);
    expect(database.ready).toBe(false);
    await expect(database.run((db) => db.query('SELECT 1'))).rejects.toMatchObject({ code: 'XUC_ERR_DB_UNAVAILABLE' });
    await expect.poll(() => lines.join('')).toMatch(/database unreachable.*retrying in 1000 ms/);

    target = testDatabaseUrl ?? 'embedded';
    clock.advance(1_000);
    const db = await database.whenReady();
    expect(database.status()).toMatchObject({ state: 'ready', attempts: 2 });
    expect(await database.run(() => db.query<{ one: number }>('SELECT 1 AS one'))).toEqual([{ one: 1 }]);
    expect(await db.query('SELECT version FROM schema_migrations')).toHaveLength(versions.length);
    // A service that subscribes once the database is ready still gets to load its state.
    const late = await new Promise<Db>((resolve) => database.onReady(resolve));
    expect(late).toBe(db);
    await database.close();
    await dropSchemas([schema]);
  });
});
