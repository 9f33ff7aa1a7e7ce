import type { AnyActorRef } from 'xstate';
import type { Clock } from '../domain/clock.js';
import { queueActorId, type NameIndex } from './nameIndex.js';
import { hasWaitingCallers } from './queueKind.js';

/** How often the waiting time of queued callers is refreshed. */
export const queueTickMs = 1_000;

/**
 * Sends `queue.tick` every second, on the engine's clock, to the queues that have waiting callers:
 * AMI says nothing while a caller waits, yet LongestWaitTime and EWT grow. The timer runs only while
 * some caller waits (`wake()` when one joins), so an idle contact center costs nothing.
 */
export class QueueTicker {
  private timer: unknown;
  private running = true;

  constructor(
    private readonly deps: {
      clock: Clock;
      index: () => NameIndex;
      actor: (systemId: string) => AnyActorRef | undefined;
    },
  ) {}

  /** A caller is waiting somewhere: make sure the ticks run. */
  wake(): void {
    if (!this.running || this.timer !== undefined) return;
    this.timer = this.deps.clock.setTimeout(() => this.tick(), queueTickMs);
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    this.timer = undefined;
    const at = this.deps.clock.now();
    let waiting = false;
    for (const queue of this.deps.index().config.queues) {
      const ref = this.deps.actor(queueActorId(queue.name));
      if (!ref || !hasWaitingCallers(ref)) continue;
      waiting = true;
      ref.send({ type: 'queue.tick', at });
    }
    if (waiting) this.wake();
  }
}
