import type { RingStrategy } from './pbxDefinition.js';

/** A member that could be rung now, with what the strategies look at. */
export interface RingCandidate {
  readonly interface: string;
  readonly penalty: number;
  readonly callsTaken: number;
  /** Epoch seconds of the member's last call (0: never). */
  readonly lastCall: number;
}

/**
 * Orders the members app_queue would try, best first. A penalty only orders members: a
 * higher-penalty member is tried as soon as every lower-penalty one is busy (queue-penalties).
 * `members` is the queue's member list order (rrmemory and ringall follow it).
 */
export function orderCandidates(
  strategy: RingStrategy,
  candidates: readonly RingCandidate[],
  memberOrder: readonly string[],
  context: { lastRung?: string; random: () => number },
): RingCandidate[] {
  const index = new Map(memberOrder.map((iface, i) => [iface, i]));
  const pos = (c: RingCandidate) => index.get(c.interface) ?? memberOrder.length;
  const after = context.lastRung !== undefined ? (index.get(context.lastRung) ?? -1) : -1;
  const randomKey = new Map(candidates.map((c) => [c.interface, context.random()]));
  const metric = (c: RingCandidate): number => {
    switch (strategy) {
      case 'leastrecent':
        return c.lastCall;
      case 'fewestcalls':
        return c.callsTaken;
      case 'random':
        return randomKey.get(c.interface)!;
      case 'rrmemory': {
        // The member after the one rung last comes first, wrapping around.
        const p = pos(c);
        return p > after ? p : p + memberOrder.length + 1;
      }
      case 'ringall':
        return pos(c);
    }
  };
  return [...candidates].sort((a, b) => a.penalty - b.penalty || metric(a) - metric(b) || pos(a) - pos(b));
}
