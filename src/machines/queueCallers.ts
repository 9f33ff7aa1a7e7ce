import type { QueueCaller } from '../domain/domainEvents.js';
import type { QueueCallPayload } from '../domain/xucMessages.js';

/**
 * The callers waiting in one queue, in position order, as app_queue numbers them: a caller who
 * leaves moves everyone behind one place up, so positions stay 1..n without gaps.
 */
export function withCallerJoined(callers: readonly QueueCaller[], caller: QueueCaller): QueueCaller[] {
  const others = callers.filter((c) => c.uniqueId !== caller.uniqueId);
  const at = others.findIndex((c) => c.position >= caller.position);
  const next = at < 0 ? [...others, caller] : [...others.slice(0, at), caller, ...others.slice(at)];
  return renumbered(next);
}

/** The callers without `uniqueId`; the same array when it was not there (abandon then leave). */
export function withCallerLeft(callers: readonly QueueCaller[], uniqueId: string): readonly QueueCaller[] {
  if (!callers.some((c) => c.uniqueId === uniqueId)) return callers;
  return renumbered(callers.filter((c) => c.uniqueId !== uniqueId));
}

function renumbered(callers: QueueCaller[]): QueueCaller[] {
  return callers.map((c, i) => (c.position === i + 1 ? c : { ...c, position: i + 1 }));
}

export function sameCallers(a: readonly QueueCaller[], b: readonly QueueCaller[]): boolean {
  return a.length === b.length && a.every((c, i) => c.uniqueId === b[i].uniqueId && c.position === b[i].position);
}

/** `QueueCalls.calls`: position, caller name and number, time of entry in ISO 8601 UTC. */
export function queueCallsOf(callers: readonly QueueCaller[]): QueueCallPayload[] {
  return callers.map((c) => ({
    position: c.position,
    name: c.callerIdName,
    number: c.callerIdNum,
    queueTime: new Date(Number.isFinite(c.joinedAt) ? c.joinedAt : 0).toISOString(),
  }));
}
