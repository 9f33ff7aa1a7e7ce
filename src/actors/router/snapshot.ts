import type { AmiFrame, AmiSnapshot } from '../../domain/amiFrame.js';
import type { CallInfo, DomainEvent, MemberState, QueueCaller, ResyncSnapshot } from '../../domain/domainEvents.js';
import type { RouterOptions } from './routerOptions.js';
import { createRouterView, type ChannelView, type RouterView } from './routerView.js';
import { getOwn, setOwn } from './ownRecord.js';
import { setAgentState } from './agentsOnLines.js';
import { callerIdField, field, intField } from './frameFields.js';
import { addChannel, channelOfFrame, dialsOf } from './channelTracking.js';
import { agentNumberOfInterface, interfaceOfChannel, localPairOf } from './channelOwnership.js';
import { memberOf, queueOf } from './queueEvents.js';
import { compareUniqueIds, refreshLineChannel } from './lineCalls.js';
import { isHoldingBridge } from './partyResolution.js';

/**
 * Resync: a fresh view built from the list events of the snapshot actions, and the complete
 * state it amounts to. Bad list items are skipped, never fatal.
 */
export function translateSnapshot(
  options: RouterOptions,
  snapshot: AmiSnapshot,
  at: number,
): { view: RouterView; event: Extract<DomainEvent, { type: 'snapshot' }> } {
  const view = createRouterView(options);
  const each = (frames: readonly AmiFrame[] | undefined, apply: (frame: AmiFrame) => void) => {
    for (const frame of Array.isArray(frames) ? frames : []) {
      try {
        if (frame && typeof frame === 'object' && frame.kind === 'event') apply(frame);
      } catch {
        view.counters.failed++;
      }
    }
  };
  const apps: Applications = new Map();
  each(snapshot?.coreShowChannels, (f) => f.name === 'CoreShowChannel' && channelFromList(view, apps, f, 'BridgeId'));
  // Status repeats CoreShowChannels (with `BridgeID`); it only fills channels the first missed.
  each(snapshot?.status, (f) => f.name === 'Status' && channelFromList(view, apps, f, 'BridgeID'));
  each(snapshot?.agents, (f) => f.name === 'Agents' && agentFromList(view, f, at));
  each(snapshot?.queueStatus, (f) => queueStatusItem(view, f, at));
  inferFromApplications(view, apps);
  const discarded: DomainEvent[] = [];
  const lineChannels = Object.values(view.channels).sort((a, b) => compareUniqueIds(a.uniqueId, b.uniqueId));
  for (const channel of lineChannels) refreshLineChannel(view, channel, at, discarded);
  return { view, event: { type: 'snapshot', snapshot: viewToSnapshot(view), at } };
}

/** The application each channel runs (CoreShowChannel `Application`), by channel name. */
type Applications = Map<string, { app: string; data: string }>;

function channelFromList(view: RouterView, apps: Applications, frame: AmiFrame, bridgeHeader: 'BridgeId' | 'BridgeID'): void {
  const name = field(frame, 'Channel');
  const uniqueId = field(frame, 'Uniqueid');
  if (name === '' || uniqueId === '' || getOwn(view.channels, name)) return;
  const channel = channelOfFrame(frame, name, uniqueId);
  addChannel(view, channel);
  apps.set(name, { app: field(frame, 'Application'), data: field(frame, 'ApplicationData') || field(frame, 'Data') });
  const bridgeId = field(frame, bridgeHeader);
  if (bridgeId !== '') {
    let bridge = getOwn(view.bridges, bridgeId);
    if (!bridge) setOwn(view.bridges, bridgeId, (bridge = { id: bridgeId, type: 'basic', channels: [] }));
    bridge.channels.push(name);
    channel.bridge = bridgeId;
    channel.linked = true;
  }
}

function agentFromList(view: RouterView, frame: AmiFrame, at: number): void {
  const agentNumber = field(frame, 'Agent');
  if (agentNumber === '') return;
  const status = field(frame, 'Status');
  const channelName = field(frame, 'Channel');
  if (status === 'AGENT_LOGGEDOFF' || status === '' || channelName === '') {
    setAgentState(view, agentNumber, { loggedIn: false });
    return;
  }
  const loggedInTime = intField(frame, 'LoggedInTime', 0);
  setAgentState(view, agentNumber, {
    loggedIn: true,
    lineInterface: interfaceOfChannel(channelName),
    channel: channelName,
    loggedInAt: loggedInTime > 0 ? loggedInTime * 1000 : at,
  });
  const channel = getOwn(view.channels, channelName);
  if (channel) channel.agentLogin = agentNumber;
}

function queueStatusItem(view: RouterView, frame: AmiFrame, at: number): void {
  const queueName = field(frame, 'Queue');
  if (queueName === '') return;
  const queue = queueOf(view, queueName);
  if (frame.name === 'QueueMember') {
    const member = memberOf(view, frame);
    if (member) setOwn(queue.members, member.interface, member);
  } else if (frame.name === 'QueueEntry') {
    const uniqueId = field(frame, 'Uniqueid');
    if (uniqueId === '') return;
    setOwn(queue.callers, uniqueId, {
      uniqueId,
      channel: field(frame, 'Channel'),
      callerIdNum: callerIdField(frame, 'CallerIDNum'),
      callerIdName: callerIdField(frame, 'CallerIDName'),
      position: intField(frame, 'Position'),
      joinedAt: at - intField(frame, 'Wait') * 1000,
      abandoned: false,
    });
  }
}

/**
 * What live events would have told and a snapshot does not: which bridge only parks agents
 * (every member runs AgentLogin), which queue a caller waits in (Queue application), and which
 * queue delivered a call to an agent (its member channel is bridged with a Queue caller).
 */
function inferFromApplications(view: RouterView, apps: Applications): void {
  for (const channel of Object.values(view.channels)) {
    const app = apps.get(channel.name);
    if (app?.app === 'Queue') channel.queueApp = app.data.split(',')[0]?.trim() || undefined;
    if (channel.queueApp === undefined) delete channel.queueApp;
  }
  inferDials(view, apps);
  for (const bridge of Object.values(view.bridges)) {
    const members = bridge.channels.map((n) => getOwn(view.channels, n));
    if (members.length > 0 && members.every((c) => c !== undefined && apps.get(c.name)?.app === 'AgentLogin')) {
      bridge.type = 'agent_hold';
    }
    if (isHoldingBridge(bridge.type)) continue;
    const queue = members.find((c) => c?.queueApp !== undefined)?.queueApp;
    if (queue === undefined) continue;
    for (const member of members) {
      if (!member || member.queueApp !== undefined) continue;
      if (agentNumberOfInterface(view, interfaceOfChannel(member.name)) === undefined) continue;
      member.queue = queue;
      const pair = localPairOf(view, member);
      if (pair) pair.queue = queue;
    }
  }
}

/**
 * A channel that Dial or Queue placed runs `AppDial`/`AppQueue` with `(Outgoing Line)`; while it is
 * not bridged, its dialer is the channel of the same call (linkedid) running Dial or Queue.
 */
function inferDials(view: RouterView, apps: Applications): void {
  const dialers = new Map<string, ChannelView>();
  for (const channel of Object.values(view.channels)) {
    const app = apps.get(channel.name)?.app;
    if ((app === 'Dial' || app === 'Queue') && !dialers.has(channel.linkedId)) dialers.set(channel.linkedId, channel);
  }
  for (const channel of Object.values(view.channels)) {
    const app = apps.get(channel.name)?.app;
    if ((app !== 'AppDial' && app !== 'AppQueue') || channel.bridge !== undefined) continue;
    const dialer = dialers.get(channel.linkedId);
    if (!dialer || dialer === channel) continue;
    const answered = channel.state === 6;
    channel.dialedBy = dialer.name;
    channel.dialAnswered = answered;
    setOwn(dialsOf(dialer), channel.name, answered);
    dialer.linked = true;
    if (app === 'AppQueue' && dialer.queueApp !== undefined) {
      channel.queue = dialer.queueApp;
      const pair = localPairOf(view, channel);
      if (pair) pair.queue = dialer.queueApp;
    }
  }
}

const byInterface = (a: MemberState, b: MemberState) => (a.interface < b.interface ? -1 : a.interface > b.interface ? 1 : 0);

/** The complete state the view amounts to, in the shape a resync snapshot has. */
export function viewToSnapshot(view: RouterView): ResyncSnapshot {
  const lines: Record<string, CallInfo[]> = {};
  for (const line of Object.keys(view.options.lines)) setOwn<CallInfo[]>(lines, line, []);
  const tracked = Object.values(view.calls).sort((a, b) => compareUniqueIds(a.call.uniqueId, b.call.uniqueId));
  for (const { line, call } of tracked) {
    const list = getOwn(lines, line) ?? [];
    list.push(structuredClone(call));
    setOwn(lines, line, list);
  }
  const agents: ResyncSnapshot['agents'] = {};
  for (const [agentNumber, agent] of Object.entries(view.agents)) {
    const entry: ResyncSnapshot['agents'][string] = { loggedIn: agent.loggedIn, onCall: agent.loggedIn && isOnCall(view, agent.channel) };
    if (agent.loggedIn) {
      if (agent.lineInterface !== undefined) entry.lineInterface = agent.lineInterface;
      if (agent.channel !== undefined) entry.channel = agent.channel;
      if (agent.loggedInAt !== undefined) entry.loggedInAt = agent.loggedInAt;
    }
    setOwn(agents, agentNumber, entry);
  }
  const queues: ResyncSnapshot['queues'] = {};
  for (const [name, queue] of Object.entries(view.queues)) {
    const callers: QueueCaller[] = Object.values(queue.callers)
      .sort((a, b) => a.position - b.position)
      .map(({ abandoned: _abandoned, ...caller }) => caller);
    setOwn(queues, name, { members: Object.values(queue.members).map((m) => ({ ...m })).sort(byInterface), callers });
  }
  return { lines, agents, queues };
}

/** An agent is on a call while its login channel is out of the parking bridge, bridged with a leg. */
function isOnCall(view: RouterView, loginChannel: string | undefined): boolean {
  const channel = loginChannel === undefined ? undefined : getOwn(view.channels, loginChannel);
  if (!channel || channel.bridge === undefined) return false;
  const bridge = getOwn(view.bridges, channel.bridge);
  return bridge !== undefined && !isHoldingBridge(bridge.type) && bridge.channels.length > 1;
}
