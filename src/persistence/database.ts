import type { Clock } from '../domain/clock.js';
import { XucError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Db } from './db.js';
import { migrate } from './migrations.js';

export type DatabaseState = 'connecting' | 'ready' | 'closed';

export interface DatabaseStatus {
  state: DatabaseState;
  kind?: Db['kind'];
  attempts: number;
  lastError?: string;
}

export interface DatabaseOptions {
  /** Opens a connection; throws while the server is unreachable. */
  open: () => Promise<Db>;
  clock: Clock;
  logger: Logger;
  retryInitialMs?: number;
  retryMaxMs?: number;
}

/** Errors meaning "the server is not there" rather than "this statement is wrong". */
const isConnectionError = (e: unknown): boolean => {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string') return false;
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code) ||
    code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
};

/**
 * The database as the rest of the server sees it: connects and migrates in the background,
 * retrying with backoff while the server is unreachable, so the engine runs meanwhile. Until it is
 * ready, `run` fails with XUC_ERR_DB_UNAVAILABLE.
 */
export class Database {
  private db: Db | undefined;
  private state: DatabaseState = 'connecting';
  private attempts = 0;
  private lastError: string | undefined;
  private timer: unknown;
  private readonly readyWaiters: Array<(db: Db) => void> = [];
  private readonly readyListeners = new Set<(db: Db) => void>();

  constructor(private readonly options: DatabaseOptions) {}

  /** Starts connecting; returns at once. */
  start(): void {
    void this.attempt();
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  status(): DatabaseStatus {
    return { state: this.state, kind: this.db?.kind, attempts: this.attempts, lastError: this.lastError };
  }

  /** Resolves once connected and migrated. */
  whenReady(): Promise<Db> {
    if (this.db && this.state === 'ready') return Promise.resolve(this.db);
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /**
   * Called each time the database becomes ready (services load their state then), and at once
   * (next microtask) when it already is: a listener registered late must not miss the current one.
   */
  onReady(listener: (db: Db) => void): () => void {
    this.readyListeners.add(listener);
    const db = this.db;
    if (db && this.state === 'ready') queueMicrotask(() => this.readyListeners.has(listener) && listener(db));
    return () => this.readyListeners.delete(listener);
  }

  /** The connection, or XUC_ERR_DB_UNAVAILABLE. */
  get(): Db {
    if (!this.db || this.state !== 'ready') throw new XucError('XUC_ERR_DB_UNAVAILABLE');
    return this.db;
  }

  /** Runs work against the database; a lost connection becomes XUC_ERR_DB_UNAVAILABLE. */
  async run<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const db = this.get();
    try {
      return await work(db);
    } catch (e) {
      if (isConnectionError(e)) {
        this.options.logger.warn({ err: e }, 'database connection lost during a command');
        throw new XucError('XUC_ERR_DB_UNAVAILABLE', {}, { cause: e });
      }
      throw e;
    }
  }

  async close(): Promise<void> {
    this.state = 'closed';
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    const db = this.db;
    this.db = undefined;
    await db?.close();
  }

  /** Re-read after each await: `close()` may have run meanwhile. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private async attempt(): Promise<void> {
    if (this.state === 'closed') return;
    this.attempts += 1;
    let db: Db | undefined;
    try {
      db = await this.options.open();
      await migrate(db);
    } catch (e) {
      await db?.close().catch(() => {});
      if (this.isClosed()) return;
      this.lastError = (e as Error).message || String((e as { code?: string }).code ?? e);
      const delay = Math.min(
        (this.options.retryInitialMs ?? 500) * 2 ** Math.min(this.attempts - 1, 10),
        this.options.retryMaxMs ?? 10_000,
      );
      this.options.logger.warn(
        { attempt: this.attempts, retryInMs: delay, error: this.lastError },
        `database unreachable (${this.lastError}); retrying in ${delay} ms, commands needing it fail until then`,
      );
      this.timer = this.options.clock.setTimeout(() => {
        this.timer = undefined;
        void this.attempt();
      }, delay);
      return;
    }
    if (this.isClosed()) {
      await db.close();
      return;
    }
    this.db = db;
    this.state = 'ready';
    this.lastError = undefined;
    this.options.logger.info({ kind: db.kind, attempts: this.attempts }, 'database ready');
    for (const w of this.readyWaiters.splice(0)) w(db);
    for (const l of this.readyListeners) l(db);
  }
}
