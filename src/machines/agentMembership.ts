import type { MemberState } from '../domain/domainEvents.js';
import type { NameDirectory } from './nameDirectory.js';

/**
 * An agent's queue memberships and how their per-queue pauses make the agent's one pause.
 *
 * Rule: the agent is AgentOnPause when it is a member of at least one queue and paused in EVERY
 * one of them. The server's pause command pauses all queues at once (QueuePause without Queue),
 * so this is the normal case; an agent paused in only some queues still receives calls from the
 * others, and a supervisor would be misled by a "paused" badge, so it shows as ready. The cause
 * is the reason of the latest pause Asterisk reported (every queue carries the same reason when
 * the server paused it). A member with no queue cannot be paused in Asterisk, so it is ready.
 */
export interface AgentMembership {
  readonly queue: string;
  readonly paused: boolean;
}

const shared = new Map<string, readonly [AgentMembership, AgentMembership]>();

/**
 * The membership entry for `queue`, shared by every agent in that queue: entries are immutable,
 * so 10,000 agents in the same few queues keep a few objects, not one per agent and queue.
 */
export function membershipOf(queue: string, paused: boolean): AgentMembership {
  let pair = shared.get(queue);
  if (!pair) {
    // An own copy of the name: the event's may be a slice of a much larger AMI text.
    const name = `${queue} `.slice(0, -1);
    pair = [Object.freeze({ queue: name, paused: false }), Object.freeze({ queue: name, paused: true })];
    shared.set(name, pair);
  }
  return pair[paused ? 1 : 0];
}

/** Memberships after a `member.updated`; the array is reused when nothing the agent shows changed. */
export function withMemberUpdated(list: readonly AgentMembership[], member: MemberState, queue: string): readonly AgentMembership[] {
  const i = list.findIndex((m) => m.queue === queue);
  if (i >= 0 && list[i].paused === member.paused) return list;
  const entry = membershipOf(queue, member.paused);
  return i < 0 ? [...list, entry] : list.map((m, j) => (j === i ? entry : m));
}

export function withMemberRemoved(list: readonly AgentMembership[], queue: string): readonly AgentMembership[] {
  return list.some((m) => m.queue === queue) ? list.filter((m) => m.queue !== queue) : list;
}

export function isAgentPaused(list: readonly AgentMembership[]): boolean {
  return list.length > 0 && list.every((m) => m.paused);
}

/** Configured ids of the agent's queues, ascending (queues unknown to the configuration are left out). */
export function queueIdsOf(list: readonly AgentMembership[], directory: NameDirectory): number[] {
  const ids: number[] = [];
  for (const m of list) {
    const id = directory.queueIdOf(m.queue);
    if (id !== undefined) ids.push(id);
  }
  // An exact-size copy: every agent keeps its shown view, and a pushed array keeps spare room.
  return ids.sort((a, b) => a - b).slice();
}
