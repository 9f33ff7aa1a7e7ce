import pg from 'pg';
import type { Db, Queryable, SqlParam } from './db.js';

/** Options for the `pg` backend. */
export interface PgDbOptions {
  connectionString: string;
  /** Every connection uses this schema (created if missing); tests isolate themselves with it. */
  schema?: string;
  max?: number;
  connectionTimeoutMillis?: number;
}

const quoteIdent = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid schema name "${name}"`);
  return `"${name}"`;
};

/** A PostgreSQL server reached through a `pg` Pool. */
export class PgDb implements Db {
  readonly kind = 'pg' as const;

  private constructor(private readonly pool: pg.Pool) {}

  /** Opens a pool and checks one connection, so an unreachable server fails here. */
  static async open(options: PgDbOptions): Promise<PgDb> {
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 5,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 3_000,
      options: options.schema ? `-c search_path=${quoteIdent(options.schema)}` : undefined,
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => {});
    try {
      if (options.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)}`);
      else await pool.query('SELECT 1');
    } catch (e) {
      await pool.end().catch(() => {});
      throw e;
    }
    return new PgDb(pool);
  }

  async query<Row extends object>(sql: string, params: readonly SqlParam[] = []): Promise<Row[]> {
    const result = await this.pool.query(sql, params as unknown[]);
    return result.rows as Row[];
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: Queryable = {
      query: async <Row extends object>(sql: string, params: readonly SqlParam[] = []) =>
        (await client.query(sql, params as unknown[])).rows as Row[],
      exec: async (sql: string) => {
        await client.query(sql);
      },
    };
    try {
      await client.query('BEGIN');
      const result = await work(tx);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (e) {
      // A failed ROLLBACK means the connection is broken: drop it rather than reuse it.
      const rolledBack = await client.query('ROLLBACK').then(() => true, () => false);
      client.release(rolledBack ? undefined : true);
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
