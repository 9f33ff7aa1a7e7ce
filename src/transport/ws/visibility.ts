import { canSeeAgent, canSeeQueue, type RightsView } from '../../auth/rights.js';
import type { ContactCenterConfig, User } from '../../domain/contactCenterConfig.js';

/** The configured objects a user may see, for lists and directories. */
export const visibleAgents = (user: User, config: ContactCenterConfig, view: RightsView) =>
  config.agents.filter((a) => canSeeAgent(user, a.id, view));

export const visibleQueues = (user: User, config: ContactCenterConfig, view: RightsView) =>
  config.queues.filter((q) => canSeeQueue(user, q.id, view));

/** Live memberships where the user sees the queue or the agent. */
export const visibleMembers = (user: User, view: RightsView) =>
  view.members.filter((m) => canSeeQueue(user, m.queueId, view) || canSeeAgent(user, m.agentId, view));

/** Groups the user supervises, plus the groups of the agents it sees. */
export function visibleGroups(user: User, config: ContactCenterConfig, view: RightsView) {
  if (user.rights === 'admin') return config.agentGroups;
  const ids = new Set(user.supervises.groups);
  for (const agent of visibleAgents(user, config, view)) if (agent.groupId !== undefined) ids.add(agent.groupId);
  return config.agentGroups.filter((g) => ids.has(g.id));
}
