import type { EngineApi } from '../../domain/engineApi.js';
import { XucError } from '../../errors.js';
import type { CommandDeps } from './commandDeps.js';
import { requireAgent, requireQueue } from './commandInputs.js';
import { memberEntries } from './memberEntries.js';

type MembershipCommands = Pick<EngineApi, 'setAgentQueue' | 'removeAgentFromQueue'>;

/**
 * Queue membership of agents: `QueueAdd` (member name `Agent/<n>`, state interface `Agent:<n>`,
 * so app_queue follows app_agent_pool's device state), `QueuePenalty` for a member, `QueueRemove`.
 */
export function createMembershipCommands(deps: CommandDeps): MembershipCommands {
  const { runner } = deps;

  return {
    async setAgentQueue({ agentId, queueId, penalty }) {
      const index = deps.index();
      const agent = requireAgent(index, agentId);
      const queue = requireQueue(index, queueId);
      if (!Number.isInteger(penalty) || penalty < 0 || penalty > 100_000) {
        throw new XucError('XUC_ERR_INVALID_FIELD', { field: 'penalty', detail: 'must be an integer ≥ 0' });
      }
      const iface = index.memberInterface(agent);
      const member = () => memberEntries(deps.router.view(), deps.index(), agent).find((e) => e.queue === queue.name)?.member;
      const existing = member();
      await runner.run({
        command: 'setAgentQueue',
        key: `setAgentQueue:${agentId}:${queueId}:${penalty}`,
        done: () => member()?.penalty === penalty,
        actions: existing
          ? [{ Action: 'QueuePenalty', Interface: iface, Penalty: String(penalty), Queue: queue.name }]
          : [
              {
                Action: 'QueueAdd',
                Queue: queue.name,
                Interface: iface,
                Penalty: String(penalty),
                Paused: 'false',
                MemberName: `Agent/${agent.number}`,
                StateInterface: `Agent:${agent.number}`,
              },
            ],
      });
    },

    async removeAgentFromQueue({ agentId, queueId }) {
      const index = deps.index();
      const agent = requireAgent(index, agentId);
      const queue = requireQueue(index, queueId);
      const isMember = () => memberEntries(deps.router.view(), deps.index(), agent).some((e) => e.queue === queue.name);
      await runner.run({
        command: 'removeAgentFromQueue',
        key: `removeAgentFromQueue:${agentId}:${queueId}`,
        done: () => !isMember(),
        actions: [{ Action: 'QueueRemove', Queue: queue.name, Interface: index.memberInterface(agent) }],
      });
    },
  };
}
