import type { Clock } from '../domain/clock.js';
import type { AgentStatisticsPayload, QueueStatisticsPayload } from '../domain/xucMessages.js';
import type { Logger } from '../log.js';

/**
 * Delivers statistics to subscribers without flooding them: a new subscriber gets every current
 * value at once, then at most one message per queue (per agent) per interval, carrying only the
 * values that changed since the previous interval. Values are read from the owner at each interval
 * (`read…`), so bursts of calls between two intervals cost one message, not one per call.
 */
export type StatValues<V> = ReadonlyMap<string, V>;

export interface StatsPublisherOptions {
  clock: Clock;
  intervalMs: number;
  logger: Logger;
  /** Current values of every queue, by queue id. */
  readQueues: () => ReadonlyMap<number, StatValues<number>>;
  /** Current values of every agent, by agent id. */
  readAgents: () => ReadonlyMap<number, StatValues<number | string>>;
  /** Runs at every interval before the values are read (moves the reducers' time forward). */
  beforeFlush?: (now: number) => void;
}

type Listener<M> = (message: M) => void;

/** One kind of statistics (queues or agents): the last values sent, and who listens. */
class Coalescer<V, M> {
  private sent = new Map<number, Map<string, V>>();
  readonly listeners = new Set<Listener<M>>();

  constructor(
    private readonly toMessage: (id: number, values: Array<[string, V]>) => M,
    private readonly logger: Logger,
  ) {}

  /** Every current value of every key, one message per key. */
  snapshot(current: ReadonlyMap<number, StatValues<V>>): M[] {
    // With nobody else listening, what this listener gets is all anybody has seen: later
    // messages then carry only what changed after it.
    if (this.listeners.size === 0) this.sent = new Map([...current].map(([id, values]) => [id, new Map(values)]));
    return [...current].map(([id, values]) => this.toMessage(id, [...values]));
  }

  /** Messages with what changed since the last flush; remembers the current values as sent. */
  diff(current: ReadonlyMap<number, StatValues<V>>): M[] {
    const out: M[] = [];
    const next = new Map<number, Map<string, V>>();
    for (const [id, values] of current) {
      const before = this.sent.get(id);
      const changed: Array<[string, V]> = [];
      for (const [name, value] of values) if (before?.get(name) !== value) changed.push([name, value]);
      if (changed.length) out.push(this.toMessage(id, changed));
      next.set(id, new Map(values));
    }
    this.sent = next;
    return out;
  }

  deliver(listener: Listener<M>, messages: readonly M[]): void {
    for (const m of messages) {
      try {
        listener(m);
      } catch (e) {
        // One failing subscriber (a closed socket) must not deprive the others.
        this.logger.warn({ err: e }, 'statistics subscriber failed');
      }
    }
  }
}

export class StatsPublisher {
  private readonly queues: Coalescer<number, QueueStatisticsPayload>;
  private readonly agents: Coalescer<number | string, AgentStatisticsPayload>;
  private timer: unknown;
  private running = false;

  constructor(private readonly options: StatsPublisherOptions) {
    this.queues = new Coalescer(
      (queueId, values) => ({ queueId, counters: values.map(([statName, value]) => ({ statName, value })) }),
      options.logger,
    );
    this.agents = new Coalescer(
      (id, values) => ({ id, statistics: values.map(([name, value]) => ({ name, value })) }),
      options.logger,
    );
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** All current queue statistics now, then coalesced changes; returns the unsubscribe function. */
  subscribeQueueStats(listener: Listener<QueueStatisticsPayload>): () => void {
    this.queues.deliver(listener, this.queues.snapshot(this.options.readQueues()));
    this.queues.listeners.add(listener);
    return () => void this.queues.listeners.delete(listener);
  }

  /** All current agent statistics now, then coalesced changes; returns the unsubscribe function. */
  subscribeAgentStats(listener: Listener<AgentStatisticsPayload>): () => void {
    this.agents.deliver(listener, this.agents.snapshot(this.options.readAgents()));
    this.agents.listeners.add(listener);
    return () => void this.agents.listeners.delete(listener);
  }

  /** One interval's work: move time, then send what changed. Called by the timer; public for tests. */
  flush(): void {
    this.options.beforeFlush?.(this.options.clock.now());
    const queueMessages = this.queues.diff(this.options.readQueues());
    for (const l of [...this.queues.listeners]) this.queues.deliver(l, queueMessages);
    const agentMessages = this.agents.diff(this.options.readAgents());
    for (const l of [...this.agents.listeners]) this.agents.deliver(l, agentMessages);
  }

  private schedule(): void {
    this.timer = this.options.clock.setTimeout(() => {
      if (!this.running) return;
      try {
        this.flush();
      } catch (e) {
        this.options.logger.error({ err: e }, 'statistics interval failed');
      }
      this.schedule();
    }, this.options.intervalMs);
  }
}
