import type { ContactCenterConfig, User } from '../domain/contactCenterConfig.js';
import type { QueueMemberPayload } from '../domain/xucMessages.js';
import { XucError } from '../errors.js';

/**
 * Who may see and act on what (docs/rights.md): an agent on its own agent and line, a supervisor
 * also on the agents of its groups and of its queues, an admin on everything. Pure functions of
 * the user, the configuration and the live queue membership.
 */
export interface RightsView {
  config: ContactCenterConfig;
  /** Live membership; config membership is used as well so a logged-out agent stays visible. */
  members: readonly QueueMemberPayload[];
}

export function canSeeAgent(user: User, agentId: number, view: RightsView): boolean {
  if (user.rights === 'admin' || user.agentId === agentId) return true;
  if (user.rights !== 'supervisor') return false;
  const agent = view.config.agents.find((a) => a.id === agentId);
  if (agent?.groupId !== undefined && user.supervises.groups.includes(agent.groupId)) return true;
  const inQueue = (m: { agentId: number; queueId: number; penalty: number }) =>
    m.agentId === agentId && m.penalty >= 0 && user.supervises.queues.includes(m.queueId);
  return view.members.some(inQueue) || view.config.queueMembers.some(inQueue);
}

/** Agents see the queues they are members of; supervisors the queues they supervise. */
export function canSeeQueue(user: User, queueId: number, view: RightsView): boolean {
  if (user.rights === 'admin') return true;
  if (user.rights === 'supervisor' && user.supervises.queues.includes(queueId)) return true;
  if (user.agentId === undefined) return false;
  const mine = (m: { agentId: number; queueId: number; penalty: number }) =>
    m.agentId === user.agentId && m.queueId === queueId && m.penalty >= 0;
  return view.members.some(mine) || view.config.queueMembers.some(mine);
}

/** Changing a queue's membership is a supervisor's act on a supervised queue. */
export function canManageQueue(user: User, queueId: number): boolean {
  return user.rights === 'admin' || (user.rights === 'supervisor' && user.supervises.queues.includes(queueId));
}

export function canManageGroup(user: User, groupId: number): boolean {
  return user.rights === 'admin' || (user.rights === 'supervisor' && user.supervises.groups.includes(groupId));
}

export function canSeeUser(user: User, userId: number): boolean {
  return user.rights !== 'agent' || user.id === userId;
}

/** Throws Forbidden unless `allowed`. */
export function requireRight(allowed: boolean, detail: string): void {
  if (!allowed) throw new XucError('XUC_ERR_FORBIDDEN', { detail });
}
