import type { AnyActorRef, InspectionEvent } from 'xstate';

type SessionRef = AnyActorRef & { systemId?: string };

// XState announces an actor before it sets its systemId; the transport gives sessions the same id.
const isSession = (ref: SessionRef) => (ref.systemId ?? ref.id).startsWith('session:');

/**
 * Follows the CTI sessions through XState inspection (the transport does not expose its session
 * hub): the live session actors, so a shutdown can close each with 1001 and a reason, and the
 * clients dropped as slow consumers, for /metrics. Costs one string test per inspection event.
 */
export class SessionTracker {
  private readonly live = new Set<SessionRef>();
  private readonly overflowed = new WeakSet<SessionRef>();
  private dropped = 0;
  private readonly closedWaiters = new Set<() => void>();

  /** The inspection observer to give the transport (compose it with others). */
  readonly observer = (event: InspectionEvent): void => {
    const ref = event.actorRef as SessionRef;
    if (!isSession(ref)) return;
    if (event.type === '@xstate.actor') {
      this.live.add(ref);
    } else if (event.type === '@xstate.snapshot') {
      const snapshot = event.snapshot as { status?: string; value?: unknown };
      if (event.event.type === 'OVERFLOW' && snapshot.value === 'closing' && !this.overflowed.has(ref)) {
        this.overflowed.add(ref);
        this.dropped += 1;
      }
      if (snapshot.status !== 'active') {
        this.live.delete(ref);
        if (this.live.size === 0) for (const resolve of this.closedWaiters) resolve();
      }
    }
  };

  get droppedSlowClients(): number {
    return this.dropped;
  }

  /** The session actors open now. */
  refs(): Iterable<AnyActorRef> {
    return [...this.live];
  }

  /**
   * Asks every session to close with `code` and `reason`, and resolves once their sockets are
   * closed or `graceMs` has passed (a client that never answers the close must not hold the stop).
   */
  closeAll(code: number, reason: string, graceMs: number): Promise<void> {
    for (const ref of this.live) ref.send({ type: 'CLOSE', code, reason });
    if (this.live.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.closedWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, graceMs);
      this.closedWaiters.add(done);
    });
  }
}
