import type { CallInfo, MemberState, QueueCaller, QueueExit } from '../../domain/domainEvents.js';
import { normalizeOptions, type RouterOptions, type RouterOptionsData } from './routerOptions.js';
import type { OwnRecord } from './ownRecord.js';

/**
 * The router's memory of Asterisk: plain, serializable data (structuredClone/JSON round-trip it,
 * compare it with toEqual). `translate` updates it in place, which keeps the hot path free of
 * copies; callers that need history clone it themselves.
 */
export interface ChannelView {
  name: string;
  uniqueId: string;
  linkedId: string;
  /** AMI ChannelState: 0 Down, 4 Ring, 5 Ringing, 6 Up… */
  state: number;
  callerIdNum: string;
  callerIdName: string;
  connectedNum: string;
  connectedName: string;
  /** The other half of a Local channel (`;1` ⇄ `;2`), once both are known. */
  localPair?: string;
  /** The bridge the channel is in. */
  bridge?: string;
  /** Dials this channel placed: destination channel name → answered. */
  dialsOut: OwnRecord<boolean>;
  /** Who dials this channel: a channel name, or '' for an Originate leg (DialBegin without Channel). */
  dialedBy?: string;
  dialAnswered?: boolean;
  /** `XIVO_*` and `USR_*` variables, inheritance prefix (`_`/`__`) stripped. */
  vars: OwnRecord<string>;
  /** Set by Hold: the bridge the channel was in when it held the call (null when not bridged). */
  holdBridge?: string | null;
  /** The channel has been in a bridge or has dialed: a Local half that did is a pipe, not a party. */
  linked?: boolean;
  /** Music on hold is playing to this channel. */
  moh: boolean;
  /** The queue that delivered a call through this channel (member channel of AgentCalled). */
  queue?: string;
  /** On a member channel: the queue caller app_queue connects it with, from AgentCalled/AgentConnect. */
  acdCaller?: AcdCaller;
  /** The agent number when this is an agent's login channel (AgentLogin). */
  agentLogin?: string;
  /** Queue name given to the Queue() application on this channel (Newexten). */
  queueApp?: string;
  /** The last exit reported for this channel as a queue caller, to correct it from QUEUESTATUS. */
  queueExit?: { queue: string; exit: QueueExit };
  /** QUEUESTATUS variable, once set. */
  queueStatus?: string;
}

/** A queue caller as the ACD events name it (their `Channel` block). */
export interface AcdCaller {
  uniqueId: string;
  callerIdNum: string;
  callerIdName: string;
}

export interface BridgeView {
  id: string;
  type: string;
  channels: string[];
}

/** One call as last reported on one line. */
export interface TrackedCall {
  line: string;
  call: CallInfo;
  /** The call was established once: a later dial from the line's own channel is a transfer, not a new call. */
  wasEstablished: boolean;
}

export interface AgentView {
  loggedIn: boolean;
  lineInterface?: string;
  channel?: string;
  loggedInAt?: number;
  deviceState?: string;
}

export interface QueueCallerView extends QueueCaller {
  abandoned: boolean;
}

export interface QueueView {
  members: OwnRecord<MemberState>;
  callers: OwnRecord<QueueCallerView>;
}

export interface RouterCounters {
  /** Frames given to translate. */
  frames: number;
  /** Event names the router does not handle. */
  unknown: number;
  /** Frames ignored on purpose: list events of actions (ActionID), responses, dropped VarSet/Newexten. */
  ignored: number;
  /** Frames whose translation failed unexpectedly (a bug, caught so the stream goes on). */
  failed: number;
}

export interface RouterView {
  options: RouterOptionsData;
  channels: OwnRecord<ChannelView>;
  /** uniqueid → channel name. */
  byUniqueId: OwnRecord<string>;
  bridges: OwnRecord<BridgeView>;
  /** `<line interface>|<uniqueid>` → the call as last reported. */
  calls: OwnRecord<TrackedCall>;
  agents: OwnRecord<AgentView>;
  queues: OwnRecord<QueueView>;
  counters: RouterCounters;
}

/** A fresh, empty view for the given configuration. */
export function createRouterView(options: RouterOptions): RouterView {
  return {
    options: normalizeOptions(options),
    channels: {},
    byUniqueId: {},
    bridges: {},
    calls: {},
    agents: {},
    queues: {},
    counters: { frames: 0, unknown: 0, ignored: 0, failed: 0 },
  };
}
