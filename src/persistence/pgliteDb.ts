import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, SqlParam } from './db.js';

/** Options for the embedded backend. */
export interface PgliteDbOptions {
  /** A directory for the data; absent: in memory. */
  dataDir?: string;
  /** Reuse a running instance (tests share one per file, each test in its own schema). */
  instance?: PGlite;
  schema?: string;
}

/** Embedded PostgreSQL (PGlite): one connection, so statements are serialised by PGlite itself. */
export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;

  private constructor(
    private readonly pglite: PGlite,
    private readonly owned: boolean,
  ) {}

  static async open(options: PgliteDbOptions = {}): Promise<PgliteDb> {
    const owned = options.instance === undefined;
    const pglite = options.instance ?? (await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {}));
    if (options.schema) {
      if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`invalid schema name "${options.schema}"`);
      await pglite.exec(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"; SET search_path TO "${options.schema}"`);
    }
    return new PgliteDb(pglite, owned);
  }

  async query<Row extends object>(sql: string, params: readonly SqlParam[] = []): Promise<Row[]> {
    return (await this.pglite.query<Row>(sql, params as unknown[])).rows;
  }

  async exec(sql: string): Promise<void> {
    await this.pglite.exec(sql);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pglite.transaction(async (t) =>
      work({
        query: async <Row extends object>(sql: string, params: readonly SqlParam[] = []) =>
          (await t.query<Row>(sql, params as unknown[])).rows,
        exec: async (sql: string) => {
          await t.exec(sql);
        },
      }),
    );
  }

  async close(): Promise<void> {
    if (this.owned) await this.pglite.close();
  }
}
