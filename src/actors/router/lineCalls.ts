import type { CallInfo, CallState, DomainEvent } from '../../domain/domainEvents.js';
import type { ChannelView, RouterView, TrackedCall } from './routerView.js';
import { deleteOwn, getOwn, setOwn } from './ownRecord.js';
import { configuredLineOf, lineOfChannel, localPairOf } from './channelOwnership.js';
import { agentOnLine } from './agentsOnLines.js';
import { isHoldingBridge, linkedChannels, resolveReach } from './partyResolution.js';

/**
 * Line calls: the PhoneEvent-level state of every call on a configured line, derived from the view
 * after each frame and reported (`line.call`, and `agent.call` for the agent logged on the line)
 * only when it changes.
 *
 * Agents with app_agent_pool: the login channel (`AgentLogin`) is a long-lived channel of the
 * agent's line that only parks the phone; it is not a call. Its ringing before the login is the
 * login call, which is released when `AgentLogin` arrives. Each queue call then appears on the
 * agent's line as its own call, keyed by the `;2` half of the member Local channel
 * (`Local/1001@agents-…;2`, the leg bridged with the login channel): ringing when app_queue dials
 * the member, established when answered, released when that leg hangs up.
 *
 * Other decisions, each from a recording: an Originate (click-to-dial) rings the originating line
 * first (`ringing`, no other party yet), then it is `dialing` the destination (internal-call,
 * originate-click2dial). A transferee keeps its call `established` while the other party changes
 * (blind-transfer). The party whose peer holds (MusicOnHoldStart in a talking bridge) is `onHold`
 * as well as the holder (attended-transfer). `userData` is the line channel's own `XIVO_*`/`USR_*`
 * variables: Asterisk copies only `__`-inherited ones to the called side.
 */

function derivedState(view: RouterView, channel: ChannelView, tracked: TrackedCall | undefined): {
  state: CallState;
  otherDN?: string;
  otherDName?: string;
  line?: string;
  queue?: string;
} | undefined {
  const reach = resolveReach(view, channel);
  let state: CallState | undefined;
  if (reach.pending === 'in') state = 'ringing';
  else if (reach.pending === 'out') {
    // A line channel that dials again after its call was established is a transferee sent
    // elsewhere (blind transfer): the call goes on, only the other party changes.
    state = tracked?.wasEstablished && reach.pendingFromSelf ? 'established' : 'dialing';
  } else if (reach.party) state = 'established';
  // Ringing (5) with nothing linked yet: the phone rings for an Originate or a snapshot shows it.
  // Ring (4) is not used: a phone channel that places a call, and every Local `;2`, start in it.
  else if (channel.state === 5) state = 'ringing';
  const onHold = isOnHold(view, channel);
  if (state === undefined) {
    // Nothing links the channel right now (a transfer in progress, a leg being torn down): the
    // call stays as it was until the channel is linked again.
    if (!tracked) return undefined;
    state = tracked.call.state;
  } else if (state === 'established' && onHold) state = 'onHold';
  const out: { state: CallState; otherDN?: string; otherDName?: string; line?: string; queue?: string } = { state };
  if (reach.party) {
    out.otherDN = reach.party.number;
    out.otherDName = reach.party.name;
    if (reach.party.line !== undefined) out.line = reach.party.line;
  } else if (!tracked && channel.connectedNum !== '' && channel.connectedNum !== '<unknown>') {
    // Nothing links the channel yet (a ringing channel known only from a snapshot): ConnectedLine
    // is the best guess, unless it is the line's own number (an Originate leg).
    const own = getOwn(view.options.lines, lineOfChannel(view, channel) ?? '')?.number;
    if (channel.connectedNum !== own) {
      out.otherDN = channel.connectedNum;
      out.otherDName = channel.connectedName === '<unknown>' ? '' : channel.connectedName;
    }
  }
  if (reach.queue !== undefined) out.queue = reach.queue;
  return out;
}

/** The user put the call on hold (Hold in this bridge), or hears music on hold in a talking bridge. */
function isOnHold(view: RouterView, channel: ChannelView): boolean {
  if (channel.holdBridge !== undefined && channel.holdBridge === (channel.bridge ?? null)) return true;
  if (!channel.moh || channel.bridge === undefined) return false;
  const bridge = getOwn(view.bridges, channel.bridge);
  return bridge !== undefined && !isHoldingBridge(bridge.type);
}

function userDataOf(channel: ChannelView): Record<string, string> {
  return { ...channel.vars };
}

const sameData = (a: Record<string, string>, b: Record<string, string>) => {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
};

const sameCall = (a: CallInfo, b: CallInfo) =>
  a.state === b.state &&
  a.otherDN === b.otherDN &&
  a.otherDName === b.otherDName &&
  a.queueName === b.queueName &&
  a.external === b.external &&
  a.direction === b.direction &&
  a.linkedId === b.linkedId &&
  sameData(a.userData, b.userData);

/**
 * An agent leg is re-parented to the login channel's linkedid once bridged with it; the call's
 * linkedid is the caller's, which the leg's `;1` half (dialed by app_queue) keeps.
 */
function linkedIdOf(view: RouterView, channel: ChannelView): string {
  if (configuredLineOf(view, channel.name) !== undefined) return channel.linkedId;
  return localPairOf(view, channel)?.linkedId ?? channel.linkedId;
}

/** Builds the CallInfo of a line channel as things stand, or undefined when it is no call yet. */
export function callOf(view: RouterView, channel: ChannelView, line: string): CallInfo | undefined {
  const tracked = getOwn(view.calls, channel.uniqueId);
  const derived = derivedState(view, channel, tracked?.line === line ? tracked : undefined);
  if (!derived) return undefined;
  const previous = tracked?.call;
  const direction: CallInfo['direction'] =
    derived.state === 'ringing' ? 'Incoming' : derived.state === 'dialing' ? 'Outgoing' : (previous?.direction ?? 'Incoming');
  const otherDN = derived.otherDN ?? previous?.otherDN ?? '';
  const otherDName = derived.otherDName ?? previous?.otherDName ?? '';
  const queueName = derived.queue ?? previous?.queueName;
  const call: CallInfo = {
    uniqueId: channel.uniqueId,
    // A call keeps the linkedid it started with (PhoneEvent ties the legs with it).
    linkedId: previous?.linkedId ?? linkedIdOf(view, channel),
    channel: channel.name,
    state: derived.state,
    direction,
    otherDN,
    otherDName,
    userData: userDataOf(channel),
    external: derived.otherDN !== undefined ? derived.line === undefined : (previous?.external ?? otherDN !== ''),
  };
  if (queueName !== undefined) call.queueName = queueName;
  return call;
}

function emitCall(view: RouterView, line: string, call: CallInfo, at: number, out: DomainEvent[]): void {
  out.push({ type: 'line.call', lineInterface: line, call, at });
  const agent = agentOnLine(view, line);
  if (agent !== undefined) out.push({ type: 'agent.call', agentNumber: agent, call, at });
}

/** Re-derives one line channel's call and reports it when it changed. */
export function refreshLineChannel(view: RouterView, channel: ChannelView, at: number, out: DomainEvent[]): void {
  const line = lineOfChannel(view, channel);
  const tracked = getOwn(view.calls, channel.uniqueId);
  if (line === undefined) {
    if (tracked) releaseCall(view, channel.uniqueId, at, out);
    return;
  }
  const call = callOf(view, channel, line);
  if (!call) return;
  if (tracked && tracked.line === line && sameCall(tracked.call, call)) return;
  const wasEstablished = (tracked?.wasEstablished ?? false) || call.state === 'established' || call.state === 'onHold';
  setOwn(view.calls, channel.uniqueId, { line, call, wasEstablished });
  emitCall(view, line, call, at, out);
}

/** Reports the end of a tracked call (the channel hung up or stopped being a call). */
export function releaseCall(view: RouterView, uniqueId: string, at: number, out: DomainEvent[]): void {
  const tracked = getOwn(view.calls, uniqueId);
  if (!tracked) return;
  deleteOwn(view.calls, uniqueId);
  emitCall(view, tracked.line, { ...tracked.call, state: 'released' }, at, out);
}

/**
 * Re-derives every line channel connected to the given channels (through bridges, dials and Local
 * halves): a change anywhere on a call's path can change its state or its other party.
 */
export function refreshAround(view: RouterView, names: Iterable<string>, at: number, out: DomainEvent[]): void {
  const seen = new Set<string>();
  const stack: string[] = [];
  for (const name of names) if (!seen.has(name)) seen.add(name), stack.push(name);
  const lineChannels: ChannelView[] = [];
  while (stack.length > 0) {
    const channel = getOwn(view.channels, stack.pop()!);
    if (!channel) continue;
    if (lineOfChannel(view, channel) !== undefined || getOwn(view.calls, channel.uniqueId)) lineChannels.push(channel);
    const next: ChannelView[] = linkedChannels(view, channel).map(([c]) => c);
    const pair = localPairOf(view, channel);
    if (pair) next.push(pair);
    for (const c of next) if (!seen.has(c.name)) seen.add(c.name), stack.push(c.name);
  }
  // Report in a stable order (channel creation order is uniqueid order).
  lineChannels.sort((a, b) => compareUniqueIds(a.uniqueId, b.uniqueId));
  for (const channel of lineChannels) refreshLineChannel(view, channel, at, out);
}

/** Asterisk uniqueids are `<epoch>.<sequence>`: compare numerically, then as text. */
export function compareUniqueIds(a: string, b: string): number {
  const [a1, a2] = a.split('.');
  const [b1, b2] = b.split('.');
  const d = Number(a1) - Number(b1) || Number(a2) - Number(b2);
  return Number.isFinite(d) && d !== 0 ? d : a < b ? -1 : a > b ? 1 : 0;
}
