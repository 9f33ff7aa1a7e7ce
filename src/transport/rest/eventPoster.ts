import type { Clock } from '../../domain/clock.js';
import type { Logger } from '../../log.js';

export interface EventPosterOptions {
  url: string;
  clock: Clock;
  logger: Logger;
  /** Events waiting to be posted, all users together; the oldest is dropped beyond it. */
  maxQueued?: number;
  timeoutMs?: number;
  /** Attempts after the first failure. */
  retries?: number;
  backoffMs?: number;
  /** Users posted to at the same time (each user's events stay in order). */
  concurrency?: number;
}

interface Pending {
  username: string;
  body: string;
}

/**
 * Posts users' events to the integration's `eventUrl` (xuc-rest.md §3): in order per user, from
 * a bounded queue, with a timeout and a few retries with backoff. `post` returns at once, so a
 * dead or slow receiver never holds up the engine.
 */
export class EventPoster {
  private readonly queue: Pending[] = [];
  private readonly busyUsers = new Set<string>();
  private stopped = false;
  private readonly maxQueued: number;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly concurrency: number;

  constructor(private readonly options: EventPosterOptions) {
    this.maxQueued = options.maxQueued ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.retries = options.retries ?? 3;
    this.backoffMs = options.backoffMs ?? 200;
    this.concurrency = options.concurrency ?? 4;
  }

  post(username: string, event: unknown): void {
    if (this.stopped) return;
    this.queue.push({ username, body: JSON.stringify(event) });
    if (this.queue.length > this.maxQueued) {
      const dropped = this.queue.shift()!;
      this.options.logger.warn({ username: dropped.username, url: this.options.url }, 'event queue full: oldest event dropped');
    }
    this.pump();
  }

  /** Events not yet handed to the receiver. */
  get queued(): number {
    return this.queue.length;
  }

  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
  }

  private pump(): void {
    for (let i = 0; i < this.queue.length && this.busyUsers.size < this.concurrency; ) {
      const item = this.queue[i]!;
      if (this.busyUsers.has(item.username)) {
        i += 1;
        continue;
      }
      this.queue.splice(i, 1);
      this.busyUsers.add(item.username);
      void this.deliver(item, 0);
    }
  }

  private async deliver(item: Pending, attempt: number): Promise<void> {
    const error = await this.send(item.body);
    if (this.stopped) return;
    if (error && attempt < this.retries) {
      this.options.clock.setTimeout(() => void this.deliver(item, attempt + 1), this.backoffMs * 2 ** attempt);
      return;
    }
    if (error) this.options.logger.warn({ username: item.username, url: this.options.url, error }, 'event not delivered, dropped');
    this.busyUsers.delete(item.username);
    this.pump();
  }

  /** One POST; the failure's description, or undefined on a 2xx. */
  private async send(body: string): Promise<string | undefined> {
    const abort = new AbortController();
    const timer = this.options.clock.setTimeout(() => abort.abort(), this.timeoutMs);
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: abort.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.ok ? undefined : `HTTP ${res.status}`;
    } catch (e) {
      return abort.signal.aborted ? `timeout after ${this.timeoutMs} ms` : (e as Error).message;
    } finally {
      this.options.clock.clearTimeout(timer);
    }
  }
}
