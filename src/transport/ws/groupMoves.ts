import type { Agent } from '../../domain/contactCenterConfig.js';
import type { QueueMemberPayload } from '../../domain/xucMessages.js';

/** One membership change the group commands turn into. */
export type MembershipChange =
  | { op: 'set'; agentId: number; queueId: number; penalty: number }
  | { op: 'remove'; agentId: number; queueId: number };

const groupAgentIds = (agents: readonly Agent[], groupId: number) =>
  new Set(agents.filter((a) => a.groupId === groupId).map((a) => a.id));

const memberAt = (members: readonly QueueMemberPayload[], queueId: number, penalty: number) =>
  members.filter((m) => m.queueId === queueId && m.penalty === penalty);

/**
 * The changes of `moveAgentsInGroup` (keep = false) and `addAgentsInGroup` (keep = true): agents of
 * the group in `from` at `fromPenalty` join `to` at `toPenalty`, and leave `from` unless kept.
 */
export function planGroupMove(
  agents: readonly Agent[],
  members: readonly QueueMemberPayload[],
  cmd: { groupId: number; fromQueueId: number; fromPenalty: number; toQueueId: number; toPenalty: number },
  keep: boolean,
): MembershipChange[] {
  const group = groupAgentIds(agents, cmd.groupId);
  const selected = memberAt(members, cmd.fromQueueId, cmd.fromPenalty).filter((m) => group.has(m.agentId));
  return selected.flatMap((m): MembershipChange[] => {
    const join: MembershipChange = { op: 'set', agentId: m.agentId, queueId: cmd.toQueueId, penalty: cmd.toPenalty };
    if (keep || cmd.fromQueueId === cmd.toQueueId) return [join];
    return [join, { op: 'remove', agentId: m.agentId, queueId: cmd.fromQueueId }];
  });
}

/** `removeAgentGroupFromQueueGroup`: agents of the group in the queue at that penalty leave it. */
export function planGroupRemoval(
  agents: readonly Agent[],
  members: readonly QueueMemberPayload[],
  cmd: { groupId: number; queueId: number; penalty: number },
): MembershipChange[] {
  const group = groupAgentIds(agents, cmd.groupId);
  return memberAt(members, cmd.queueId, cmd.penalty)
    .filter((m) => group.has(m.agentId))
    .map((m) => ({ op: 'remove', agentId: m.agentId, queueId: cmd.queueId }));
}

/** `addAgentsNotInQueueFromGroupTo`: agents of the group not in the queue join it. */
export function planGroupAddition(
  agents: readonly Agent[],
  members: readonly QueueMemberPayload[],
  cmd: { groupId: number; queueId: number; penalty: number },
): MembershipChange[] {
  const inQueue = new Set(members.filter((m) => m.queueId === cmd.queueId && m.penalty >= 0).map((m) => m.agentId));
  return [...groupAgentIds(agents, cmd.groupId)]
    .filter((agentId) => !inQueue.has(agentId))
    .map((agentId) => ({ op: 'set', agentId, queueId: cmd.queueId, penalty: cmd.penalty }));
}
