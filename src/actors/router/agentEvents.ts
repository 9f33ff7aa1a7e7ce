import type { AmiFrame } from '../../domain/amiFrame.js';
import type { DomainEvent } from '../../domain/domainEvents.js';
import type { AcdCaller, ChannelView, RouterView } from './routerView.js';
import { getOwn, setOwn } from './ownRecord.js';
import { setAgentState } from './agentsOnLines.js';
import { callerIdField, field, intField } from './frameFields.js';
import { agentNumberOfInterface, interfaceOfChannel, localPairOf } from './channelOwnership.js';
import { knownChannel } from './channelTracking.js';
import { releaseCall } from './lineCalls.js';

/** app_agent_pool login/logoff and app_queue's view of ACD calls to agents. */

/**
 * AgentLogin: the channel becomes the agent's login channel. Its ringing was the login call,
 * which ends here for the line (the channel now only parks the phone between queue calls).
 */
export function agentLogin(view: RouterView, frame: AmiFrame, at: number): DomainEvent[] {
  const agentNumber = field(frame, 'Agent');
  const channelName = field(frame, 'Channel');
  if (agentNumber === '' || channelName === '') return [];
  const out: DomainEvent[] = [];
  const channel = knownChannel(view, frame);
  if (channel) {
    releaseCall(view, channel.uniqueId, at, out);
    channel.agentLogin = agentNumber;
  }
  const lineInterface = interfaceOfChannel(channelName);
  setAgentState(view, agentNumber, { loggedIn: true, lineInterface, channel: channelName, loggedInAt: at });
  out.push({ type: 'agent.loggedIn', agentNumber, lineInterface, channel: channelName, at });
  return out;
}

export function agentLogoff(view: RouterView, frame: AmiFrame, at: number): DomainEvent[] {
  const agentNumber = field(frame, 'Agent');
  if (agentNumber === '') return [];
  const state = getOwn(view.agents, agentNumber);
  setAgentState(view, agentNumber, state?.deviceState ? { loggedIn: false, deviceState: state.deviceState } : { loggedIn: false });
  return [{ type: 'agent.loggedOut', agentNumber, at }];
}

/** `DeviceStateChange Device: Agent:<n>`; other devices say nothing the router needs. */
export function agentDeviceState(view: RouterView, frame: AmiFrame, at: number): DomainEvent[] {
  const device = field(frame, 'Device');
  if (!device.startsWith('Agent:')) return [];
  const agentNumber = device.slice('Agent:'.length);
  if (agentNumber === '') return [];
  const state = field(frame, 'State');
  const agent = getOwn(view.agents, agentNumber);
  if (agent) agent.deviceState = state;
  else setAgentState(view, agentNumber, { loggedIn: false, deviceState: state });
  return [{ type: 'agent.deviceState', agentNumber, state, at }];
}

const phases = {
  AgentCalled: 'called',
  AgentConnect: 'connected',
  AgentComplete: 'completed',
  AgentRingNoAnswer: 'ringNoAnswer',
} as const;

/**
 * AgentCalled/Connect/Complete/RingNoAnswer: `Channel` is the caller, `DestChannel` the member
 * channel. The member channel (and its Local `;2` half, the agent leg) is tagged with the queue,
 * so the agent's line call carries `queueName`.
 */
export function agentAcd(view: RouterView, frame: AmiFrame, at: number, name: keyof typeof phases): { events: DomainEvent[]; touched: string[] } {
  const iface = field(frame, 'Interface');
  const memberName = field(frame, 'MemberName');
  const agentNumber = agentNumberOfInterface(view, memberName) ?? agentNumberOfInterface(view, iface);
  const queue = field(frame, 'Queue');
  const touched: string[] = [];
  const member = knownChannel(view, frame, 'Dest');
  if (member && queue !== '') {
    member.queue = queue;
    const pair = localPairOf(view, member);
    if (pair) pair.queue = queue;
    touched.push(member.name);
  }
  const caller = acdCallerOf(frame, member);
  const events: DomainEvent[] = [];
  if (name === 'AgentConnect' || name === 'AgentComplete') events.push(...memberInCall(view, queue, iface, name === 'AgentConnect', at));
  if (agentNumber === undefined) return { events, touched };
  const event: Extract<DomainEvent, { type: 'agent.acd' }> = {
    type: 'agent.acd',
    agentNumber,
    phase: phases[name],
    queue,
    callerUniqueId: caller.uniqueId,
    callerIdNum: caller.callerIdNum,
    callerIdName: caller.callerIdName,
    at,
  };
  if (field(frame, 'HoldTime') !== '') event.holdTime = intField(frame, 'HoldTime');
  if (field(frame, 'TalkTime') !== '') event.talkTime = intField(frame, 'TalkTime');
  if (field(frame, 'RingTime') !== '') event.ringTime = intField(frame, 'RingTime');
  if (field(frame, 'Reason') !== '') event.reason = field(frame, 'Reason');
  events.unshift(event);
  return { events, touched };
}

/**
 * The caller of an ACD event. Asterisk omits the caller's `Channel` block from an AgentComplete
 * when the caller has already hung up (`queue-penalties`): the member channel, which lives until
 * after the AgentComplete, remembers who app_queue connected it with; failing that (a member
 * channel first seen in a snapshot), `DestLinkedid` is the caller's call.
 */
function acdCallerOf(frame: AmiFrame, member: ChannelView | undefined): AcdCaller {
  const uniqueId = field(frame, 'Uniqueid');
  if (uniqueId !== '') {
    const caller = { uniqueId, callerIdNum: field(frame, 'CallerIDNum'), callerIdName: field(frame, 'CallerIDName') };
    if (member) member.acdCaller = caller;
    return caller;
  }
  if (member?.acdCaller) return { ...member.acdCaller };
  return {
    uniqueId: field(frame, 'DestLinkedid'),
    callerIdNum: callerIdField(frame, 'DestConnectedLineNum'),
    callerIdName: callerIdField(frame, 'DestConnectedLineName'),
  };
}

/**
 * No event reports a member's InCall turning to 1 (QueueMemberStatus comes at ring time with
 * InCall 0); only a QueueStatus shows it, in the queue that delivered the call. The router sets it
 * from AgentConnect and clears it at AgentComplete, so that replayed events and a fresh snapshot agree.
 */
function memberInCall(view: RouterView, queueName: string, iface: string, inCall: boolean, at: number): DomainEvent[] {
  const queue = getOwn(view.queues, queueName);
  const member = queue === undefined ? undefined : getOwn(queue.members, iface);
  if (!member || member.inCall === inCall) return [];
  const updated = { ...member, inCall };
  setOwn(queue!.members, iface, updated);
  return [{ type: 'member.updated', queue: queueName, member: updated, at }];
}

export const isAcdEvent = (name: string): name is keyof typeof phases => Object.prototype.hasOwnProperty.call(phases, name);
