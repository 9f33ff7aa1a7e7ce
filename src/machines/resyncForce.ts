import type { ResyncSnapshot } from '../domain/domainEvents.js';
import type { AgentForceEvent } from './agentMachine.js';
import type { LineForceEvent } from './lineMachine.js';
import type { QueueForceEvent } from './queueMachine.js';

/**
 * A resync snapshot cut into one `force` event per actor, in one pass over the snapshot (the
 * engine resyncs 10,000 agents; letting each read the whole snapshot would be quadratic).
 * Actors the snapshot does not mention still need their force: Asterisk reporting nothing about
 * them means logged out, no calls, no members. Use the `…ForceFor` functions for every actor.
 */
export interface ResyncForces {
  at: number;
  agents: ReadonlyMap<string, AgentForceEvent>;
  lines: ReadonlyMap<string, LineForceEvent>;
  queues: ReadonlyMap<string, QueueForceEvent>;
}

export function resyncForces(snapshot: ResyncSnapshot, at: number): ResyncForces {
  const memberships = new Map<string, AgentForceEvent['memberships'][number][]>();
  const queues = new Map<string, QueueForceEvent>();
  for (const [queue, q] of Object.entries(snapshot.queues)) {
    queues.set(queue, { type: 'queue.force', at, members: q.members, callers: q.callers });
    for (const m of q.members) {
      if (m.agentNumber === undefined) continue;
      const list = memberships.get(m.agentNumber) ?? [];
      list.push({ queue, paused: m.paused, pausedReason: m.pausedReason, inCall: m.inCall });
      memberships.set(m.agentNumber, list);
    }
  }
  const lines = new Map<string, LineForceEvent>();
  for (const [lineInterface, calls] of Object.entries(snapshot.lines)) lines.set(lineInterface, { type: 'line.force', at, calls });
  const agents = new Map<string, AgentForceEvent>();
  const agentNumbers = new Set([...Object.keys(snapshot.agents), ...memberships.keys()]);
  for (const agentNumber of agentNumbers) {
    const a = snapshot.agents[agentNumber];
    const loggedIn = a?.loggedIn ?? false;
    // The login channel itself is up on the line for the whole session: it is no call.
    const calls = loggedIn && a.lineInterface ? (snapshot.lines[a.lineInterface] ?? []).filter((c) => c.channel !== a.channel) : [];
    agents.set(agentNumber, {
      type: 'agent.force',
      at,
      loggedIn,
      lineInterface: loggedIn ? a.lineInterface : undefined,
      memberships: memberships.get(agentNumber) ?? [],
      calls,
      onCall: loggedIn && a.onCall,
    });
  }
  return { at, agents, lines, queues };
}

export const agentForceFor = (forces: ResyncForces, agentNumber: string): AgentForceEvent =>
  forces.agents.get(agentNumber) ?? { type: 'agent.force', at: forces.at, loggedIn: false, memberships: [], calls: [], onCall: false };

export const lineForceFor = (forces: ResyncForces, lineInterface: string): LineForceEvent =>
  forces.lines.get(lineInterface) ?? { type: 'line.force', at: forces.at, calls: [] };

export const queueForceFor = (forces: ResyncForces, queueName: string): QueueForceEvent =>
  forces.queues.get(queueName) ?? { type: 'queue.force', at: forces.at, members: [], callers: [] };
