import type { AmiFrame } from '../../domain/amiFrame.js';
import type { ChannelView, RouterView } from './routerView.js';
import { deleteOwn, getOwn, setOwn, type OwnRecord } from './ownRecord.js';
import { field, intField, keptField, updatedField } from './frameFields.js';
import { localPairName } from './channelOwnership.js';

/**
 * Keeps the view's channels, bridges and dials in step with Asterisk. Each handler returns the
 * channel names whose calls may have changed, so that only those are re-derived.
 */

/** Creates the channel when unknown, from the channel headers under `prefix` (`Dest`, `LocalOne`…). */
export function ensureChannel(view: RouterView, frame: AmiFrame, prefix = ''): ChannelView | undefined {
  const name = field(frame, `${prefix}Channel`);
  if (name === '') return undefined;
  const known = getOwn(view.channels, name);
  if (known) return known;
  const uniqueId = field(frame, `${prefix}Uniqueid`);
  if (uniqueId === '') return undefined;
  const channel = channelOfFrame(frame, name, uniqueId, prefix);
  addChannel(view, channel);
  return channel;
}

/** A new channel from its headers under `prefix`; the values it keeps are copied out of the frame. */
export function channelOfFrame(frame: AmiFrame, name: string, uniqueId: string, prefix = ''): ChannelView {
  const callerIdNum = keptField(frame, `${prefix}CallerIDNum`);
  const callerIdName = keptField(frame, `${prefix}CallerIDName`);
  return {
    name,
    uniqueId,
    linkedId: keptUnless(frame, `${prefix}Linkedid`, uniqueId) || uniqueId,
    state: intField(frame, `${prefix}ChannelState`),
    callerIdNum,
    callerIdName,
    connectedNum: keptUnless(frame, `${prefix}ConnectedLineNum`, callerIdNum),
    connectedName: keptUnless(frame, `${prefix}ConnectedLineName`, callerIdName),
    dialsOut: noEntries,
    vars: noEntries,
    moh: false,
  };
}

/**
 * `keptField`, or `same` when the header repeats it: a channel's linkedid is often its own
 * uniqueid, its connected line often its caller id, and one string then serves both.
 */
function keptUnless(frame: AmiFrame, header: string, same: string): string {
  return field(frame, header) === same ? same : keptField(frame, header);
}

/**
 * The one empty record every channel starts with as its dials and variables: most channels never
 * get either, and an empty object per channel and record costs about 110 bytes per agent. Frozen,
 * so that a write that bypasses `dialsOf`/`varsOf` fails loudly instead of reaching every channel.
 */
const noEntries: OwnRecord<never> = Object.freeze({});

/** The channel's dials, ready for a write. */
export function dialsOf(channel: ChannelView): OwnRecord<boolean> {
  if (channel.dialsOut === noEntries) channel.dialsOut = {};
  return channel.dialsOut;
}

/** The channel's variables, ready for a write. */
export function varsOf(channel: ChannelView): OwnRecord<string> {
  if (channel.vars === noEntries) channel.vars = {};
  return channel.vars;
}

export function addChannel(view: RouterView, channel: ChannelView): void {
  setOwn(view.channels, channel.name, channel);
  setOwn(view.byUniqueId, channel.uniqueId, channel.name);
  // The call's other channels share the linkedid string of its first one (one copy per call).
  const first = channel.linkedId === channel.uniqueId ? undefined : getOwn(view.byUniqueId, channel.linkedId);
  const origin = first === undefined ? undefined : getOwn(view.channels, first);
  if (origin?.uniqueId === channel.linkedId) channel.linkedId = origin.uniqueId;
  const pairName = localPairName(channel.name);
  const pair = pairName === undefined ? undefined : getOwn(view.channels, pairName);
  if (pair) (channel.localPair = pair.name), (pair.localPair = channel.name);
}

/** The channel a frame is about, only if already known (events after a Hangup create nothing). */
export function knownChannel(view: RouterView, frame: AmiFrame, prefix = ''): ChannelView | undefined {
  const name = field(frame, `${prefix}Channel`);
  return name === '' ? undefined : getOwn(view.channels, name);
}

/**
 * Newchannel, Newstate, NewCallerid, NewConnectedLine: the channel's own headers. Only the first
 * two may create a channel: Asterisk sends a NewCallerid for a Local half after its Hangup, which
 * must not bring it back.
 */
export function updateChannel(view: RouterView, frame: AmiFrame, mayCreate: boolean): string[] {
  const channel = mayCreate ? ensureChannel(view, frame) : knownChannel(view, frame);
  if (!channel) return [];
  channel.state = intField(frame, 'ChannelState', channel.state);
  channel.callerIdNum = updatedField(frame, 'CallerIDNum', channel.callerIdNum);
  channel.callerIdName = updatedField(frame, 'CallerIDName', channel.callerIdName);
  channel.connectedNum = updatedField(frame, 'ConnectedLineNum', channel.connectedNum);
  channel.connectedName = updatedField(frame, 'ConnectedLineName', channel.connectedName);
  channel.linkedId = updatedField(frame, 'Linkedid', channel.linkedId);
  return [channel.name];
}

export function localBridge(view: RouterView, frame: AmiFrame): string[] {
  const one = ensureChannel(view, frame, 'LocalOne');
  const two = ensureChannel(view, frame, 'LocalTwo');
  if (!one || !two) return [];
  one.localPair = two.name;
  two.localPair = one.name;
  return [one.name, two.name];
}

export function dialBegin(view: RouterView, frame: AmiFrame): string[] {
  const dest = ensureChannel(view, frame, 'Dest');
  if (!dest) return [];
  // No Channel header: the Originate leg, which nobody dials.
  const source = ensureChannel(view, frame);
  dest.dialedBy = source?.name ?? '';
  dest.dialAnswered = false;
  if (source) setOwn(dialsOf(source), dest.name, false), (source.linked = true);
  return source ? [dest.name, source.name] : [dest.name];
}

export function dialEnd(view: RouterView, frame: AmiFrame): string[] {
  const dest = knownChannel(view, frame, 'Dest');
  const source = knownChannel(view, frame);
  const answered = field(frame, 'DialStatus') === 'ANSWER';
  const touched: string[] = [];
  if (dest) {
    touched.push(dest.name);
    if (answered) dest.dialAnswered = true;
    else delete dest.dialedBy, delete dest.dialAnswered;
  }
  if (source) {
    touched.push(source.name);
    if (dest) {
      if (answered) setOwn(dialsOf(source), dest.name, true);
      else deleteOwn(source.dialsOut, dest.name);
    }
  }
  return touched;
}

/**
 * An answered dial stops counting as a link once both of its channels are bridged: the bridges
 * are the truth from then on. Until the second one enters, the dial still joins them.
 */
function dropAnsweredDials(view: RouterView, channel: ChannelView, touched: string[]): void {
  if (channel.dialedBy !== undefined && channel.dialAnswered) {
    const source = getOwn(view.channels, channel.dialedBy);
    if (!source || source.bridge !== undefined) {
      if (source) deleteOwn(source.dialsOut, channel.name), touched.push(source.name);
      delete channel.dialedBy, delete channel.dialAnswered;
    }
  }
  for (const [dest, answered] of Object.entries(channel.dialsOut)) {
    if (!answered) continue;
    const peer = getOwn(view.channels, dest);
    if (peer && peer.bridge === undefined) continue;
    deleteOwn(channel.dialsOut, dest);
    if (peer) delete peer.dialedBy, delete peer.dialAnswered, touched.push(peer.name);
  }
}

function bridgeOf(view: RouterView, id: string, type: string) {
  let bridge = getOwn(view.bridges, id);
  if (!bridge) setOwn(view.bridges, id, (bridge = { id, type, channels: [] }));
  else if (type !== '') bridge.type = type;
  return bridge;
}

export function bridgeCreate(view: RouterView, frame: AmiFrame): string[] {
  const id = field(frame, 'BridgeUniqueid');
  if (id !== '') bridgeOf(view, id, field(frame, 'BridgeType'));
  return [];
}

function leave(view: RouterView, channel: ChannelView, id: string, touched: string[]): void {
  const bridge = getOwn(view.bridges, id);
  if (bridge) {
    bridge.channels = bridge.channels.filter((n) => n !== channel.name);
    touched.push(...bridge.channels);
  }
  if (channel.bridge === id) delete channel.bridge;
}

export function bridgeEnter(view: RouterView, frame: AmiFrame): string[] {
  const id = field(frame, 'BridgeUniqueid');
  const channel = ensureChannel(view, frame);
  if (id === '' || !channel) return [];
  const touched = [channel.name];
  if (channel.bridge !== undefined && channel.bridge !== id) leave(view, channel, channel.bridge, touched);
  const bridge = bridgeOf(view, id, field(frame, 'BridgeType'));
  if (!bridge.channels.includes(channel.name)) bridge.channels.push(channel.name);
  channel.bridge = id;
  channel.linked = true;
  dropAnsweredDials(view, channel, touched);
  touched.push(...bridge.channels);
  return touched;
}

export function bridgeLeave(view: RouterView, frame: AmiFrame): string[] {
  const id = field(frame, 'BridgeUniqueid');
  const channel = knownChannel(view, frame);
  if (id === '' || !channel) return [];
  const touched = [channel.name];
  leave(view, channel, id, touched);
  return touched;
}

export function bridgeDestroy(view: RouterView, frame: AmiFrame): string[] {
  const id = field(frame, 'BridgeUniqueid');
  const bridge = getOwn(view.bridges, id);
  if (!bridge) return [];
  for (const name of bridge.channels) {
    const channel = getOwn(view.channels, name);
    if (channel?.bridge === id) delete channel.bridge;
  }
  deleteOwn(view.bridges, id);
  return bridge.channels;
}

/** BridgeMerge: every channel of From moves to To (Asterisk may or may not repeat Leave/Enter). */
export function bridgeMerge(view: RouterView, frame: AmiFrame): string[] {
  const from = getOwn(view.bridges, field(frame, 'FromBridgeUniqueid'));
  const toId = field(frame, 'ToBridgeUniqueid');
  if (!from || toId === '') return [];
  const to = bridgeOf(view, toId, field(frame, 'ToBridgeType'));
  for (const name of from.channels) {
    const channel = getOwn(view.channels, name);
    if (channel) channel.bridge = toId;
    if (!to.channels.includes(name)) to.channels.push(name);
  }
  from.channels = [];
  return to.channels.slice();
}

export function hold(view: RouterView, frame: AmiFrame, on: boolean): string[] {
  const channel = knownChannel(view, frame);
  if (!channel) return [];
  if (on) channel.holdBridge = channel.bridge ?? null;
  else delete channel.holdBridge;
  return [channel.name];
}

export function musicOnHold(view: RouterView, frame: AmiFrame, on: boolean): string[] {
  const channel = knownChannel(view, frame);
  if (!channel) return [];
  channel.moh = on;
  return [channel.name];
}

/**
 * Hangup: the channel and every link to it go, so a hung-up channel leaves nothing behind.
 * Returns the channels that were linked to it (their calls may change) and the channel itself.
 */
export function hangup(view: RouterView, frame: AmiFrame): { channel?: ChannelView; touched: string[] } {
  const channel = knownChannel(view, frame);
  if (!channel) return { touched: [] };
  const touched: string[] = [];
  if (channel.bridge !== undefined) leave(view, channel, channel.bridge, touched);
  if (channel.dialedBy) {
    const source = getOwn(view.channels, channel.dialedBy);
    if (source) deleteOwn(source.dialsOut, channel.name), touched.push(source.name);
  }
  for (const dest of Object.keys(channel.dialsOut)) {
    const peer = getOwn(view.channels, dest);
    if (peer && peer.dialedBy === channel.name) delete peer.dialedBy, delete peer.dialAnswered, touched.push(peer.name);
  }
  const pair = channel.localPair === undefined ? undefined : getOwn(view.channels, channel.localPair);
  if (pair) delete pair.localPair, touched.push(pair.name);
  deleteOwn(view.channels, channel.name);
  if (getOwn(view.byUniqueId, channel.uniqueId) === channel.name) deleteOwn(view.byUniqueId, channel.uniqueId);
  return { channel, touched };
}

/**
 * Rename (a masquerade: pickup, some transfers): the channel keeps its uniqueid and links under its
 * new name, so that its later events and its Hangup find it.
 */
export function rename(view: RouterView, frame: AmiFrame): string[] {
  const channel = knownChannel(view, frame);
  const newName = field(frame, 'Newname');
  if (!channel || newName === '' || getOwn(view.channels, newName)) return [];
  const oldName = channel.name;
  deleteOwn(view.channels, oldName);
  channel.name = newName;
  setOwn(view.channels, newName, channel);
  setOwn(view.byUniqueId, channel.uniqueId, newName);
  const bridge = channel.bridge === undefined ? undefined : getOwn(view.bridges, channel.bridge);
  if (bridge) bridge.channels = bridge.channels.map((n) => (n === oldName ? newName : n));
  const source = channel.dialedBy ? getOwn(view.channels, channel.dialedBy) : undefined;
  const answered = source ? getOwn(source.dialsOut, oldName) : undefined;
  if (source && answered !== undefined) deleteOwn(source.dialsOut, oldName), setOwn(dialsOf(source), newName, answered);
  for (const dest of Object.keys(channel.dialsOut)) {
    const peer = getOwn(view.channels, dest);
    if (peer?.dialedBy === oldName) peer.dialedBy = newName;
  }
  const pair = channel.localPair === undefined ? undefined : getOwn(view.channels, channel.localPair);
  if (pair) pair.localPair = newName;
  const agent = channel.agentLogin === undefined ? undefined : getOwn(view.agents, channel.agentLogin);
  if (agent?.channel === oldName) agent.channel = newName;
  return [newName];
}
