import type { AmiAction } from '../../domain/amiFrame.js';
import type { EngineApi } from '../../domain/engineApi.js';
import type { Agent } from '../../domain/contactCenterConfig.js';
import { XucError } from '../../errors.js';
import { agentActorId } from '../nameIndex.js';
import type { CommandDeps } from './commandDeps.js';
import { callerIdOf, headerValue, requireAgent, requireLine } from './commandInputs.js';
import { memberEntries } from './memberEntries.js';
import { decideAgentLogin, loginRefusal } from '../../machines/agentLoginRules.js';

type AgentCommands = Pick<
  EngineApi,
  'agentLogin' | 'agentLogout' | 'pauseAgent' | 'unpauseAgent' | 'listenAgent' | 'monitorPause' | 'monitorUnpause'
>;

/** A login waits for someone to answer the phone: app_agent_pool logs in only when the line answers. */
const LOGIN_TIMEOUT_MS = 30_000;

const callStates = new Set(['AgentRinging', 'AgentDialing', 'AgentOnCall']);

/**
 * Agent commands (app_agent_pool): login by calling the agent's phone into `AgentLogin`, logout
 * with `AgentLogoff`, pause and unpause with `QueuePause` on every queue at once.
 */
export function createAgentCommands(deps: CommandDeps): AgentCommands {
  const { runner, queries } = deps;
  const stateOf = (agentId: number) => queries.agentState(agentId)!;
  const memberInterface = (agent: Agent) => deps.index().memberInterface(agent);
  const requireLoggedIn = (agent: Agent, action: string) => {
    const state = stateOf(agent.id);
    if (state.name === 'AgentLoggedOut') throw new XucError('XUC_ERR_INVALID_STATE', { action, state: state.name });
    return state;
  };

  const logout = (agent: Agent) =>
    runner.run({
      command: 'agentLogout',
      key: `agentLogout:${agent.id}`,
      done: () => stateOf(agent.id).name === 'AgentLoggedOut',
      actions: [{ Action: 'AgentLogoff', Agent: agent.number }],
    });

  const monitor = (agentId: number, paused: boolean) => {
    const index = deps.index();
    const agent = requireAgent(index, agentId);
    const state = requireLoggedIn(agent, paused ? 'pause recording' : 'resume recording');
    if (!callStates.has(state.name)) throw new XucError('XUC_ERR_INVALID_STATE', { action: 'pause recording', state: state.name });
    const target = paused ? 'PAUSED' : 'ACTIVE';
    if (state.monitorState === target) return Promise.resolve();
    const channel = deps.router.view().agents[agent.number]?.channel;
    if (!channel) throw new XucError('XUC_ERR_NO_CALL', { action: 'pause recording', line: state.phoneNb });
    return runner
      .run({
        command: paused ? 'monitorPause' : 'monitorUnpause',
        key: `monitor:${agentId}:${target}`,
        done: () => false,
        confirmBy: 'response',
        actions: [{ Action: 'MixMonitorMute', Channel: channel, Direction: 'both', State: paused ? '1' : '0' }],
      })
      .then(() => deps.system.get(agentActorId(agentId))?.send({ type: 'agent.monitor', monitorState: target, at: deps.now() }));
  };

  return {
    async agentLogin({ agentId, phoneNumber }) {
      const index = deps.index();
      const agent = requireAgent(index, agentId);
      const requested = headerValue('phoneNumber', phoneNumber);
      const line = index.lineByNumber(requested);
      const current = stateOf(agentId);
      const decision = decideAgentLogin({
        agentId,
        requestedNumber: requested,
        lineExists: line !== undefined,
        current: { name: current.name, phoneNb: current.phoneNb },
        agentsOnLine: index.config.agents
          .filter((a) => stateOf(a.id).name !== 'AgentLoggedOut' && stateOf(a.id).phoneNb === requested)
          .map((a) => a.id),
      });
      if (decision.kind === 'refuse') throw loginRefusal(decision.error, requested);
      if (decision.kind === 'alreadyLoggedIn' || !line) return;
      // Logging onto a line another agent uses takes it over: that agent is logged out first.
      for (const other of decision.logOutFirst) await logout(requireAgent(index, other));
      const originate: AmiAction = {
        Action: 'Originate',
        Channel: line.interface,
        Application: 'AgentLogin',
        Data: agent.number,
        CallerID: callerIdOf(index, line),
        Async: 'true',
      };
      await runner.run({
        command: 'agentLogin',
        key: `agentLogin:${agentId}:${line.number}`,
        done: () => {
          const s = stateOf(agentId);
          return s.name !== 'AgentLoggedOut' && s.phoneNb === line.number;
        },
        actions: [originate],
        timeoutMs: LOGIN_TIMEOUT_MS,
      });
    },

    async agentLogout({ agentId }) {
      await logout(requireAgent(deps.index(), agentId));
    },

    async pauseAgent({ agentId, reason }) {
      const index = deps.index();
      const agent = requireAgent(index, agentId);
      requireLoggedIn(agent, 'pause');
      const cause = reason === undefined ? '' : headerValue('reason', reason, { allowEmpty: true, max: 128 });
      const action: AmiAction = { Action: 'QueuePause', Interface: memberInterface(agent), Paused: 'true', ...(cause ? { Reason: cause } : {}) };
      await runner.run({
        command: 'pauseAgent',
        key: `pause:${agentId}:${cause}`,
        // Paused in every queue with this reason; during a call the agent state shows it only afterwards.
        done: () => {
          const entries = memberEntries(deps.router.view(), deps.index(), agent);
          return entries.length > 0 && entries.every((e) => e.member.paused && e.member.pausedReason === cause);
        },
        actions: [action],
      });
    },

    async unpauseAgent({ agentId }) {
      const index = deps.index();
      const agent = requireAgent(index, agentId);
      const state = requireLoggedIn(agent, 'unpause');
      // Asterisk has no wrap-up to end (it is ours): the agent actor is told directly.
      if (state.name === 'AgentOnWrapup') deps.system.get(agentActorId(agentId))?.send({ type: 'agent.endWrapup', at: deps.now() });
      const paused = () => memberEntries(deps.router.view(), deps.index(), agent).some((e) => e.member.paused);
      if (!paused()) return;
      await runner.run({
        command: 'unpauseAgent',
        key: `unpause:${agentId}`,
        done: () => !paused(),
        actions: [{ Action: 'QueuePause', Interface: memberInterface(agent), Paused: 'false' }],
      });
    },

    async listenAgent({ agentId, listenerLineId }) {
      const index = deps.index();
      const agent = requireAgent(index, agentId);
      const listener = requireLine(index, listenerLineId);
      const state = requireLoggedIn(agent, 'listen');
      const agentLine = index.lineByNumber(state.phoneNb);
      if (!agentLine) throw new XucError('XUC_ERR_INVALID_STATE', { action: 'listen', state: state.name });
      await runner.run({
        command: 'listenAgent',
        key: `listen:${agentId}:${listenerLineId}`,
        done: () => false,
        confirmBy: 'response',
        actions: [
          {
            Action: 'Originate',
            Channel: listener.interface,
            Application: 'ChanSpy',
            // Spy on every channel of the agent's line, quietly (no beep, no name announcement).
            Data: `${agentLine.interface}-,q`,
            CallerID: callerIdOf(index, listener),
            Async: 'true',
          },
        ],
      });
      deps.bus({ kind: 'agentListen', agentId, listen: { started: true, phoneNumber: listener.number, agentId } });
    },

    monitorPause: ({ agentId }) => monitor(agentId, true),
    monitorUnpause: ({ agentId }) => monitor(agentId, false),
  };
}
