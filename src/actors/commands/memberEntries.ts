import type { Agent } from '../../domain/contactCenterConfig.js';
import type { MemberState } from '../../domain/domainEvents.js';
import type { RouterView } from '../router/index.js';
import type { NameIndex } from '../nameIndex.js';

/** The agent's queue memberships as Asterisk last reported them (the router's view). */
export function memberEntries(view: Readonly<RouterView>, index: NameIndex, agent: Agent): Array<{ queue: string; member: MemberState }> {
  const out: Array<{ queue: string; member: MemberState }> = [];
  for (const [queue, q] of Object.entries(view.queues)) {
    for (const member of Object.values(q.members)) {
      const number = member.agentNumber ?? index.agentByMember(member.interface)?.number;
      if (number === agent.number) out.push({ queue, member });
    }
  }
  return out;
}
