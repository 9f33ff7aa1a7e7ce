/**
 * The one database interface the repositories use. Two backends implement it with the same SQL:
 * `pg` (a real PostgreSQL server) and PGlite (embedded, on disk or in memory).
 */
export type SqlParam = string | number | boolean | null | Date | readonly number[] | readonly string[];

export interface Queryable {
  /** Runs one parameterised statement (`$1`, `$2` …) and returns its rows. */
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** `pg` or `pglite`, for logs and the status page. */
  readonly kind: 'pg' | 'pglite';
}

/** How services reach the database: XUC_ERR_DB_UNAVAILABLE while it is not there (see Database). */
export interface DbAccess {
  run<T>(work: (db: Db) => Promise<T>): Promise<T>;
}

/** Access to a connection that is known to be open (the CLI, tests). */
export const directDbAccess = (db: Db): DbAccess => ({ run: (work) => work(db) });
