import { canManageGroup, canManageQueue, canSeeAgent, canSeeQueue, requireRight } from '../../auth/rights.js';
import type { ContactCenterConfig } from '../../domain/contactCenterConfig.js';
import { XucError } from '../../errors.js';
import { existingQueue, targetAgent, type CommandContext, type HandlerTable } from './commandContext.js';
import { agentGroupPayload, agentPayload, queuePayload } from './configMessages.js';
import { planGroupAddition, planGroupMove, planGroupRemoval, type MembershipChange } from './groupMoves.js';
import { required } from './services.js';
import { visibleAgents, visibleGroups, visibleMembers, visibleQueues } from './visibility.js';

/** Lists, subscriptions and queue membership (xuc-websocket.md §3.6), filtered by rights. */
export const supervisionCommands: HandlerTable<
  | 'getList' | 'getAgentStates' | 'subscribeToAgentEvents' | 'subscribeToAgentStats' | 'getAgentDirectory'
  | 'subscribeToQueueStats' | 'getQueueStatistics' | 'subscribeToQueueCalls' | 'unSubscribeToQueueCalls'
  | 'setAgentQueue' | 'removeAgentFromQueue' | 'moveAgentsInGroup' | 'addAgentsInGroup'
  | 'removeAgentGroupFromQueueGroup' | 'addAgentsNotInQueueFromGroupTo'
> = {
  async getList(ctx, args) {
    const { config, user } = ctx;
    const view = ctx.rightsView();
    switch (args.objectType) {
      case 'queue':
        ctx.reply('QueueList', visibleQueues(user, config, view).map(queuePayload));
        ctx.subscribe({ topic: 'queueConfig', on: true });
        return;
      case 'agent':
        ctx.reply('AgentList', visibleAgents(user, config, view).map((a) => agentPayload(a, config)));
        ctx.subscribe({ topic: 'agentConfig', on: true });
        return;
      case 'queuemember':
        ctx.reply('QueueMemberList', visibleMembers(user, view));
        ctx.subscribe({ topic: 'queueMembers', on: true });
        return;
      case 'agentgroup':
        ctx.reply('AgentGroupList', visibleGroups(user, config, view).map(agentGroupPayload));
        return;
      case 'basequeuemember': {
        requireRight(user.rights !== 'agent', 'default memberships are for supervisors');
        const memberships = await required(ctx.services.membership, 'default queue membership').all();
        const users = new Set(config.users.filter((u) => u.agentId !== undefined && canSeeAgent(user, u.agentId, view)).map((u) => u.id));
        ctx.reply('UsersQueueDefaultMembership', { memberships: memberships.filter((m) => users.has(m.userId)) });
        return;
      }
      default:
        throw new XucError('XUC_ERR_UNSUPPORTED', { what: `getList "${args.objectType.slice(0, 100)}"`, command: 'getList' });
    }
  },
  getAgentStates(ctx) {
    const view = ctx.rightsView();
    for (const state of ctx.engine.agentStates()) {
      if (canSeeAgent(ctx.user, state.agentId, view)) ctx.reply('AgentStateEvent', state);
    }
  },
  subscribeToAgentEvents(ctx) {
    ctx.subscribe({ topic: 'agentEvents', on: true });
  },
  subscribeToAgentStats(ctx) {
    const stats = required(ctx.services.stats, 'agent statistics');
    for (const agent of visibleAgents(ctx.user, ctx.config, ctx.rightsView())) {
      ctx.reply('AgentStatistics', stats.agentStatistics(agent.id));
    }
    ctx.subscribe({ topic: 'agentStats', on: true });
  },
  getAgentDirectory(ctx) {
    const { config } = ctx;
    const directory = visibleAgents(ctx.user, config, ctx.rightsView()).map((agent) => ({
      agent: agentPayload(agent, config),
      agentState: ctx.engine.agentState(agent.id) ?? loggedOut(agent.id),
    }));
    ctx.reply('AgentDirectory', { directory });
  },
  subscribeToQueueStats(ctx) {
    for (const queue of visibleQueues(ctx.user, ctx.config, ctx.rightsView())) {
      const daily = ctx.services.stats?.queueCounters(queue.id) ?? [];
      const counters = [...ctx.engine.queueLiveCounters(queue.id), ...daily];
      ctx.reply('QueueStatistics', { queueId: queue.id, queueRef: queue.name, counters });
    }
    ctx.subscribe({ topic: 'queueStats', on: true });
  },
  getQueueStatistics(ctx, args) {
    const queue = visibleQueue(ctx, args.queueId);
    const counters = required(ctx.services.stats, 'queue statistics').queueWindow(queue.id, args.window ?? 3600, args.xqos ?? 15);
    ctx.reply('QueueStatistics', { queueId: queue.id, queueRef: queue.name, counters });
  },
  subscribeToQueueCalls(ctx, args) {
    const queue = visibleQueue(ctx, args.queueId);
    ctx.subscribe({ topic: 'queueCalls', queueId: queue.id, on: true });
    ctx.reply('QueueCalls', { queueId: queue.id, calls: ctx.engine.queueCalls(queue.id) });
  },
  unSubscribeToQueueCalls(ctx, args) {
    ctx.subscribe({ topic: 'queueCalls', queueId: args.queueId, on: false });
  },
  setAgentQueue(ctx, args) {
    checkMembershipChange(ctx, args.agentId, args.queueId);
    return ctx.engine.setAgentQueue({ agentId: args.agentId, queueId: args.queueId, penalty: args.penalty });
  },
  removeAgentFromQueue(ctx, args) {
    checkMembershipChange(ctx, args.agentId, args.queueId);
    return ctx.engine.removeAgentFromQueue({ agentId: args.agentId, queueId: args.queueId });
  },
  moveAgentsInGroup: (ctx, args) => groupChanges(ctx, args.groupId, [args.fromQueueId, args.toQueueId], (m) => planGroupMove(ctx.config.agents, m, args, false)),
  addAgentsInGroup: (ctx, args) => groupChanges(ctx, args.groupId, [args.fromQueueId, args.toQueueId], (m) => planGroupMove(ctx.config.agents, m, args, true)),
  removeAgentGroupFromQueueGroup: (ctx, args) => groupChanges(ctx, args.groupId, [args.queueId], (m) => planGroupRemoval(ctx.config.agents, m, args)),
  addAgentsNotInQueueFromGroupTo: (ctx, args) => groupChanges(ctx, args.groupId, [args.queueId], (m) => planGroupAddition(ctx.config.agents, m, args)),
};

const loggedOut = (agentId: number) => ({ name: 'AgentLoggedOut', agentId, phoneNb: '', since: 0, queues: [], cause: '' });

function visibleQueue(ctx: CommandContext, queueId: number) {
  const queue = existingQueue(ctx.config, queueId);
  requireRight(canSeeQueue(ctx.user, queueId, ctx.rightsView()), `queue ${queueId} is not visible to you`);
  return queue;
}

function checkMembershipChange(ctx: CommandContext, agentId: number, queueId: number): void {
  existingQueue(ctx.config, queueId);
  targetAgent(ctx, agentId);
  requireRight(canManageQueue(ctx.user, queueId), `queue ${queueId} is not supervised by you`);
}

/** Checks the group and queues, then applies each planned change in order, stopping at the first failure. */
async function groupChanges(
  ctx: CommandContext,
  groupId: number,
  queueIds: number[],
  plan: (members: ReturnType<CommandContext['engine']['queueMembers']>) => MembershipChange[],
): Promise<void> {
  checkGroup(ctx.config, groupId);
  requireRight(canManageGroup(ctx.user, groupId), `agent group ${groupId} is not supervised by you`);
  for (const queueId of queueIds) {
    existingQueue(ctx.config, queueId);
    requireRight(canManageQueue(ctx.user, queueId), `queue ${queueId} is not supervised by you`);
  }
  for (const change of plan(ctx.engine.queueMembers())) {
    const { agentId, queueId } = change;
    if (change.op === 'set') await ctx.engine.setAgentQueue({ agentId, queueId, penalty: change.penalty });
    else await ctx.engine.removeAgentFromQueue({ agentId, queueId });
  }
}

function checkGroup(config: ContactCenterConfig, groupId: number): void {
  if (!config.agentGroups.some((g) => g.id === groupId)) throw new XucError('XUC_ERR_UNKNOWN_GROUP', { group: groupId });
}
