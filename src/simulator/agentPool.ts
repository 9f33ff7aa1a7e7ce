import type { SimChannel } from './channel.js';
import type { Pbx, SimAgent } from './pbx.js';
import { announceAgentMemberStatus } from './queueMembers.js';
import { dispatchAllQueues } from './queueCalls.js';

/** app_agent_pool plays its login prompts before the agent is in (about 1.7 s in the recordings). */
const loginPromptMs = 1745;
/** Login probation: the agent becomes callable (Agent:N NOT_INUSE) about 4.4 s after AgentLogin. */
const defaultProbationMs = 4400;

/** The `Agent:<n>` device state app_agent_pool reports. */
export function agentDeviceState(agent: SimAgent): string {
  if (!agent.loginChannel || agent.probation) return 'UNAVAILABLE';
  return agent.callChannel ? 'INUSE' : 'NOT_INUSE';
}

/** Whether app_queue may ring this agent now (logged in, out of probation, not in a call). */
export const agentCallable = (agent: SimAgent): boolean =>
  agent.loginChannel !== undefined && !agent.probation && agent.callChannel === undefined;

/** The ;1 half of an originated line runs AgentLogin(<n>): the agent logs in on it. */
export function agentLoginOnChannel(pbx: Pbx, ch: SimChannel, number: string): void {
  const agent = pbx.agents.get(number);
  ch.app = 'AgentLogin';
  ch.appData = number;
  if (!agent || agent.loginChannel) {
    // AgentLogin refuses an unknown or already logged-in agent and the channel hangs up.
    pbx.hangup(ch);
    return;
  }
  if (!pbx.holdBridge) pbx.holdBridge = pbx.createBridge('agent_hold');
  agent.loginChannel = ch;
  agent.probation = true;
  ch.agentNumber = number;
  ch.onEnd = () => agentLoggedOff(pbx, agent, ch);
  ch.onBridgeBroken = () => returnToHold(pbx, agent);
  pbx.after(
    loginPromptMs,
    () => {
      agent.loginTime = pbx.nowSeconds();
      pbx.channelEvent('AgentLogin', ch, [['Agent', number]], 'agent,all');
      pbx.enterBridge(pbx.holdBridge!, ch);
      pbx.channelEvent('MusicOnHoldStart', ch, [['Class', 'default']]);
      pbx.queueLogWrite(ch.uniqueid, 'NONE', number, 'AGENTLOGIN', ch.name);
      pbx.after(
        pbx.options.loginProbationMs ?? defaultProbationMs,
        () => {
          agent.probation = false;
          pbx.deviceState(`Agent:${number}`, 'NOT_INUSE');
          announceAgentMemberStatus(pbx, number);
          dispatchAllQueues(pbx);
        },
        ch,
      );
    },
    ch,
  );
}

function agentLoggedOff(pbx: Pbx, agent: SimAgent, ch: SimChannel): void {
  if (agent.loginChannel !== ch) return;
  const wasIn = agent.loginTime > 0;
  const logintime = pbx.nowSeconds() - agent.loginTime;
  agent.loginChannel = undefined;
  agent.probation = false;
  agent.callChannel = undefined;
  if (!wasIn) return;
  pbx.channelEvent('AgentLogoff', ch, [['Agent', agent.number], ['Logintime', String(logintime)]], 'agent,all');
  pbx.queueLogWrite(ch.uniqueid, 'NONE', agent.number, 'AGENTLOGOFF', ch.name, String(logintime));
  agent.loginTime = 0;
  pbx.deviceState(`Agent:${agent.number}`, 'UNAVAILABLE');
  announceAgentMemberStatus(pbx, agent.number);
}

/** After a call the agent's login channel goes back to the agent_hold bridge with MOH. */
function returnToHold(pbx: Pbx, agent: SimAgent): void {
  const ch = agent.loginChannel;
  if (!ch || !ch.alive) return;
  agent.callChannel = undefined;
  pbx.setConnectedLine(ch, ch.callerNum, ch.callerName);
  pbx.enterBridge(pbx.holdBridge!, ch);
  pbx.channelEvent('MusicOnHoldStart', ch, [['Class', 'default']]);
  announceAgentMemberStatus(pbx, agent.number);
  pbx.deviceState(`Agent:${agent.number}`, 'NOT_INUSE');
  // Later, not now: the call that just ended has not yet been counted (wrap-up starts with it).
  pbx.after(0, () => dispatchAllQueues(pbx));
}

/** AMI AgentLogoff: hangs up the login channel (cause 32 on the soft hangup, as recorded). */
export function agentLogoff(pbx: Pbx, number: string): boolean {
  const agent = pbx.agents.get(number);
  if (!agent?.loginChannel) return false;
  pbx.hangup(agent.loginChannel, 32);
  return true;
}
