import type { Headers } from './amiWire.js';

/** Asterisk channel states (ChannelState / ChannelStateDesc). */
export const channelStateDesc: Record<number, string> = { 0: 'Down', 4: 'Ring', 5: 'Ringing', 6: 'Up' };

export interface SimBridge {
  readonly id: string;
  readonly type: 'basic' | 'agent_hold';
  readonly channels: SimChannel[];
}

/** One half of a Local channel, the only channel technology of the simulated PBX. */
export interface SimChannel {
  readonly name: string;
  /** The device the channel belongs to (`Local/1001@phones`), as in DeviceStateChange. */
  readonly device: string;
  readonly half: 1 | 2;
  partner?: SimChannel;
  state: number;
  callerNum: string;
  callerName: string;
  connectedNum: string;
  connectedName: string;
  context: string;
  exten: string;
  priority: number;
  readonly uniqueid: string;
  linkedid: string;
  /** Application and data as CoreShowChannels and Status report them. */
  app: string;
  appData: string;
  readonly createdAt: number;
  bridge?: SimBridge;
  alive: boolean;
  hangupRequested: boolean;
  /** Being torn down: its hang-up events are under way. */
  dying: boolean;
  /** False for a dialed ;1 half (AppDial/AppQueue): it only relays and never runs dialplan. */
  runsApp: boolean;
  readonly vars: Map<string, string>;
  /** Set by the feature that owns the channel: what it does when its 2-party bridge breaks up. */
  onBridgeBroken?: () => void;
  /** Set by the running application: its clean-up events before the channel's Hangup. */
  onEnd?: () => void;
  readonly timers: Set<unknown>;
  /** Set while an attended transfer waits for this transferer to hang up: completes it. */
  completeTransfer?: () => void;
  /** Emit a NewCallerid once hung up (the ;2 halves of calls an attended transfer touched). */
  callerIdAfterHangup?: boolean;
  /** The agent whose login channel this is. */
  agentNumber?: string;
}

/** The standard channel snapshot block, optionally prefixed (`Dest`, `LocalOne`, `Transferee`, …). */
export function channelHeaders(ch: SimChannel, prefix = ''): Headers {
  return [
    [`${prefix}Channel`, ch.name],
    [`${prefix}ChannelState`, String(ch.state)],
    [`${prefix}ChannelStateDesc`, channelStateDesc[ch.state] ?? 'Unknown'],
    [`${prefix}CallerIDNum`, ch.callerNum],
    [`${prefix}CallerIDName`, ch.callerName],
    [`${prefix}ConnectedLineNum`, ch.connectedNum],
    [`${prefix}ConnectedLineName`, ch.connectedName],
    [`${prefix}Language`, 'en'],
    [`${prefix}AccountCode`, ''],
    [`${prefix}Context`, ch.context],
    [`${prefix}Exten`, ch.exten],
    [`${prefix}Priority`, String(ch.priority)],
    [`${prefix}Uniqueid`, ch.uniqueid],
    [`${prefix}Linkedid`, ch.linkedid],
  ];
}

/** The bridge snapshot block, optionally prefixed (`Orig`, `Second`, `To`, `From`). */
export function bridgeHeaders(bridge: SimBridge, prefix = ''): Headers {
  const hold = bridge.type === 'agent_hold';
  return [
    [`${prefix}BridgeUniqueid`, bridge.id],
    [`${prefix}BridgeType`, bridge.type],
    [`${prefix}BridgeTechnology`, hold ? 'holding_bridge' : 'simple_bridge'],
    [`${prefix}BridgeCreator`, hold ? 'AgentPool' : '<unknown>'],
    [`${prefix}BridgeName`, '<unknown>'],
    [`${prefix}BridgeNumChannels`, String(bridge.channels.length)],
    [`${prefix}BridgeVideoSourceMode`, 'none'],
  ];
}

/** The other channels in the same bridge. */
export const bridgePeers = (ch: SimChannel): SimChannel[] => (ch.bridge ? ch.bridge.channels.filter((c) => c !== ch) : []);
