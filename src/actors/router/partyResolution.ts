import type { ChannelView, RouterView } from './routerView.js';
import { getOwn } from './ownRecord.js';
import { configuredLineOf, isLocalChannel, lineOfChannel, localPairOf } from './channelOwnership.js';

/** The party at the other end of a call. */
export interface Party {
  number: string;
  name: string;
  /** Set when the party is a configured line. */
  line?: string;
  channel: string;
}

/** How a line channel reaches its other party. */
export interface Reach {
  party?: Party;
  /**
   * The first dial on the way that is not answered yet: `in` when the other side is calling us
   * (we ring), `out` when we are calling (we hear ringback).
   */
  pending?: 'in' | 'out';
  /** The pending dial is placed by the line's own channel itself (not through a Local hop). */
  pendingFromSelf: boolean;
  /** A queue that delivered the call, found on the way. */
  queue?: string;
}

type Hop = 'bridge' | 'in' | 'out';

/** A bridge that only parks channels (agent_hold, holding): its members do not talk together. */
export const isHoldingBridge = (type: string): boolean => type === 'agent_hold' || type === 'holding' || type.startsWith('holding');

/**
 * The channels a channel is connected to: its bridge peers, then its dial peers. Local halves are
 * crossed separately (they are one pipe, not a party).
 */
export function linkedChannels(view: RouterView, channel: ChannelView): Array<[ChannelView, Hop]> {
  const out: Array<[ChannelView, Hop]> = [];
  if (channel.bridge !== undefined) {
    const bridge = getOwn(view.bridges, channel.bridge);
    if (bridge && !isHoldingBridge(bridge.type)) {
      for (const name of bridge.channels) {
        const peer = name === channel.name ? undefined : getOwn(view.channels, name);
        if (peer) out.push([peer, 'bridge']);
      }
    }
  }
  if (channel.dialedBy) {
    const source = getOwn(view.channels, channel.dialedBy);
    if (source) out.push([source, channel.dialAnswered ? 'bridge' : 'in']);
  }
  for (const [dest, answered] of Object.entries(channel.dialsOut)) {
    const peer = getOwn(view.channels, dest);
    if (peer) out.push([peer, answered ? 'bridge' : 'out']);
  }
  return out;
}

const cleanId = (s: string) => (s === '<unknown>' ? '' : s);

function partyOf(view: RouterView, channel: ChannelView, fallback?: ChannelView): Party {
  const line = lineOfChannel(view, channel);
  if (line !== undefined) {
    const config = getOwn(view.options.lines, line) ?? configuredLineOf(view, channel.name);
    return { number: config?.number ?? '', name: config?.name ?? '', line, channel: channel.name };
  }
  const number = cleanId(channel.callerIdNum) || cleanId(fallback?.callerIdNum ?? '');
  // A Local channel placed by a line (a consultation, a forward) carries that line's number.
  const byNumber = getOwn(view.options.lineByNumber, number);
  const known = byNumber === undefined ? undefined : getOwn(view.options.lines, byNumber);
  if (known) return { number, name: known.name ?? '', line: known.interface, channel: channel.name };
  const name = cleanId(channel.callerIdNum) ? cleanId(channel.callerIdName) : cleanId(fallback?.callerIdName ?? '');
  return { number, name, channel: channel.name };
}

/**
 * Finds whom a line channel talks to (or is calling, or is called by) by walking bridges, dials
 * and Local halves. ConnectedLine is not used: Asterisk leaves it stale after transfers
 * (blind-transfer, attended-transfer recordings); bridges and dials are the truth.
 */
export function resolveReach(view: RouterView, start: ChannelView): Reach {
  const visited = new Set<string>([start.name]);
  const reach: Reach = { pendingFromSelf: false };
  if (start.queue !== undefined) reach.queue = start.queue;
  // An agent leg (`Local/<n>@agents;2`) reaches the caller through its own `;1` half, which
  // app_queue dialed: its links come first, and a pending dial there is the caller ringing us.
  const isAgentLeg = isLocalChannel(start.name) && configuredLineOf(view, start.name) === undefined;
  const pair = isAgentLeg ? localPairOf(view, start) : undefined;
  if (pair) {
    visited.add(pair.name);
    if (reach.queue === undefined && pair.queue !== undefined) reach.queue = pair.queue;
  }
  const first = pair ? [...linkedChannels(view, pair), ...linkedChannels(view, start)] : linkedChannels(view, start);
  const found = walk(view, first, visited, undefined, !pair);
  if (found) {
    reach.party = found.party;
    if (found.pending) reach.pending = found.pending;
    reach.pendingFromSelf = found.pendingFromSelf;
    if (reach.queue === undefined && found.queue !== undefined) reach.queue = found.queue;
  }
  return reach;
}

interface Found {
  party: Party;
  pending?: 'in' | 'out';
  pendingFromSelf: boolean;
  queue?: string;
}

function walk(
  view: RouterView,
  candidates: Array<[ChannelView, Hop]>,
  visited: Set<string>,
  pending: 'in' | 'out' | undefined,
  fromSelf: boolean,
): Found | undefined {
  for (const [peer, hop] of candidates) {
    if (visited.has(peer.name)) continue;
    visited.add(peer.name);
    // The agent's own login channel is the phone side of an agent leg, never the other party.
    if (peer.agentLogin !== undefined) continue;
    const nowPending = pending ?? (hop === 'bridge' ? undefined : hop);
    const pendingFromSelf = pending === undefined && hop !== 'bridge' ? fromSelf : false;
    if (lineOfChannel(view, peer) !== undefined || !isLocalChannel(peer.name)) {
      const found: Found = { party: partyOf(view, peer), pendingFromSelf };
      if (nowPending) found.pending = nowPending;
      if (peer.queue !== undefined) found.queue = peer.queue;
      return found;
    }
    // A Local half is a pipe: continue on the other half (the walk beyond inherits the pending dial).
    const pair = localPairOf(view, peer);
    let beyond: Found | undefined;
    if (pair && !visited.has(pair.name) && pair.agentLogin === undefined) {
      visited.add(pair.name);
      if (lineOfChannel(view, pair) !== undefined) {
        beyond = { party: partyOf(view, pair), pendingFromSelf: false };
        if (nowPending) beyond.pending = nowPending;
      } else {
        beyond = walk(view, linkedChannels(view, pair), visited, nowPending, false);
      }
    }
    const queue = peer.queue ?? pair?.queue;
    // Nothing beyond, and the other half is gone or was linked to someone who left: a call being
    // torn down or rebuilt (transfers), not a party. A half that never linked to anything runs
    // dialplan itself (an outside caller's phone, an IVR): then this channel is the party.
    if (!beyond && (!pair || pair.bridge !== undefined || pair.linked)) continue;
    if (beyond) return beyond.queue === undefined && queue !== undefined ? { ...beyond, queue } : beyond;
    const found: Found = { party: partyOf(view, peer, pair), pendingFromSelf };
    if (nowPending) found.pending = nowPending;
    if (queue !== undefined) found.queue = queue;
    return found;
  }
  return undefined;
}
