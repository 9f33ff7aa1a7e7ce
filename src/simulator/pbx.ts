import type { Clock } from '../domain/clock.js';
import type { Headers } from './amiWire.js';
import { bridgeExtra, celHeaders, hangupExtra } from './celEvents.js';
import { bridgeHeaders, bridgePeers, channelHeaders, type SimBridge, type SimChannel } from './channel.js';
import type { PbxDefinition } from './pbxDefinition.js';
import { QueueLogWriter } from './queueLogWriter.js';
import { SeededRandom } from './seededRandom.js';
import type { MemberStats, SimAgent, SimMember, SimQueue, SimQueueCall } from './pbxState.js';

export type { MemberStats, SimAgent, SimMember, SimQueue, SimQueueCall };

export interface PbxOptions {
  readonly clock: Clock;
  readonly seed?: number;
  /** Also emit `Event: CEL` (class call). Off by default. */
  readonly cel?: boolean;
  readonly queueLogFile?: string;
  /** Share of queue rings an agent lets ring out (AgentRingNoAnswer after the member timeout). */
  readonly agentNoAnswerRate?: number;
  /** Login probation of app_agent_pool (4.7 to 5.5 s in the recordings); 4400 ms by default. */
  readonly loginProbationMs?: number;
}

type EventListener = (headers: Headers) => void;

/**
 * The simulated Asterisk: channels, bridges, agents and queues, and the AMI events their
 * changes produce, in the grammar of Asterisk 22. Features (lines, agents, queues, transfers)
 * live in their own files and act on this model; this file keeps the channel life cycle.
 */
export class Pbx {
  readonly clock: Clock;
  readonly random: SeededRandom;
  readonly queueLog: QueueLogWriter;
  readonly channels = new Map<string, SimChannel>();
  readonly agents = new Map<string, SimAgent>();
  readonly queues = new Map<string, SimQueue>();
  readonly memberStats = new Map<string, MemberStats>();
  readonly startedAt: number;
  holdBridge?: SimBridge;
  private readonly listeners = new Set<EventListener>();
  private readonly timers = new Set<unknown>();
  private uniqueCounter = 0;
  private localCounter = 0;
  private stopped = false;

  constructor(readonly def: PbxDefinition, readonly options: PbxOptions) {
    this.clock = options.clock;
    this.random = new SeededRandom(options.seed ?? 1);
    this.queueLog = new QueueLogWriter(options.queueLogFile);
    this.startedAt = this.clock.now();
    for (const a of def.agents) this.agents.set(a.number, { number: a.number, name: a.name, loginTime: 0, probation: false, callStarted: 0, inQueueCall: false });
    for (const q of def.queues)
      this.queues.set(q.name, { def: q, members: [], waiting: [], completed: 0, abandoned: 0, holdtime: 0, talktime: 0, avail: 'INUSE' });
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  nowSeconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /** Runs `fn` after `ms` on the injected clock; all timers die with `stop()` or their channel. */
  after(ms: number, fn: () => void, owner?: SimChannel): unknown {
    if (this.stopped) return undefined;
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(handle);
      owner?.timers.delete(handle);
      if (!this.stopped && (!owner || owner.alive)) fn();
    }, ms);
    this.timers.add(handle);
    owner?.timers.add(handle);
    return handle;
  }

  cancel(handle: unknown): void {
    if (handle === undefined) return;
    this.clock.clearTimeout(handle);
    this.timers.delete(handle);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
    this.listeners.clear();
  }

  // ---- events -------------------------------------------------------------------------

  event(name: string, privilege: string, headers: Headers): void {
    const frame: Headers = [['Event', name], ['Privilege', privilege], ...headers];
    for (const l of this.listeners) l(frame);
  }

  channelEvent(name: string, ch: SimChannel, extra: Headers = [], privilege = 'call,all'): void {
    this.event(name, privilege, [...channelHeaders(ch), ...extra]);
  }

  /** A CEL record on AMI, when CEL is switched on (cel.conf apps = dial,park,queue). */
  cel(eventName: string, ch: SimChannel, extra = ''): void {
    if (this.options.cel) this.event('CEL', 'call,all', celHeaders(eventName, ch, this.clock.now(), extra));
  }

  /** BridgeLeave, and its CEL BRIDGE_EXIT. */
  bridgeLeaveEvent(bridge: SimBridge, ch: SimChannel): void {
    this.cel('BRIDGE_EXIT', ch, bridgeExtra(bridge));
    this.event('BridgeLeave', 'call,all', [...bridgeHeaders(bridge), ...channelHeaders(ch)]);
  }

  deviceState(device: string, state: string): void {
    this.event('DeviceStateChange', 'call,all', [['Device', device], ['State', state]]);
  }

  newexten(ch: SimChannel, context: string, exten: string, priority: number, app: string, data: string): void {
    ch.context = context;
    ch.exten = exten;
    ch.priority = priority;
    if (!app.startsWith('App')) (ch.app = app), (ch.appData = data);
    if (app === 'Queue' || app === 'Dial') this.cel('APP_START', ch);
    this.channelEvent('Newexten', ch, [['Extension', exten], ['Application', app], ['AppData', data]], 'dialplan,all');
  }

  varset(ch: SimChannel, variable: string, value: string): void {
    ch.vars.set(variable, value);
    this.channelEvent('VarSet', ch, [['Variable', variable], ['Value', value]], 'dialplan,all');
  }

  setState(ch: SimChannel, state: number): void {
    if (ch.state === state) return;
    ch.state = state;
    if (state === 6) this.cel('ANSWER', ch);
    this.channelEvent('Newstate', ch);
  }

  setCallerId(ch: SimChannel, num: string, name: string): void {
    ch.callerNum = num;
    ch.callerName = name;
    this.channelEvent('NewCallerid', ch, [['CID-CallingPres', '0 (Presentation Allowed, Not Screened)']]);
  }

  setConnectedLine(ch: SimChannel, num: string, name: string): void {
    ch.connectedNum = num;
    ch.connectedName = name;
    this.channelEvent('NewConnectedLine', ch);
  }

  queueLogWrite(callid: string, queue: string, agent: string, event: string, ...data: string[]): void {
    this.queueLog.write({ time: this.nowSeconds(), callid, queue, agent, event, data });
  }

  // ---- channels -----------------------------------------------------------------------

  private newChannel(device: string, seq: string, half: 1 | 2, context: string, exten: string, linkedid?: string): SimChannel {
    const uniqueid = `${this.nowSeconds()}.${this.uniqueCounter++}`;
    const ch: SimChannel = {
      name: `${device}-${seq};${half}`,
      device,
      half,
      state: half === 1 ? 0 : 4,
      callerNum: '<unknown>',
      callerName: '<unknown>',
      connectedNum: '<unknown>',
      connectedName: '<unknown>',
      context,
      exten,
      priority: 1,
      uniqueid,
      linkedid: linkedid ?? uniqueid,
      app: half === 1 ? 'AppDial2' : '',
      appData: half === 1 ? '(Outgoing Line)' : '',
      createdAt: this.clock.now(),
      alive: true,
      hangupRequested: false,
      dying: false,
      runsApp: half === 2,
      vars: new Map(),
      timers: new Set(),
    };
    this.channels.set(ch.name, ch);
    this.cel('CHAN_START', ch);
    this.channelEvent('Newchannel', ch);
    return ch;
  }

  /**
   * Creates both halves of `Local/<exten>@<context>` with the events Asterisk sends when the
   * ;1 half is dialed: Newchannel ×2, caller ids, LocalBridge. The dial itself is the caller's.
   */
  newLocalPair(o: {
    exten: string;
    context: string;
    outgoingApp: 'AppDial2' | 'AppDial' | 'AppQueue';
    callerNum: string;
    callerName: string;
    connectedNum: string;
    connectedName: string;
    linkedid?: string;
    dialedPeerNumber?: string;
    variables?: ReadonlyArray<readonly [string, string]>;
    secondCallerNum?: string;
    secondCallerName?: string;
    /** An attended transfer's consultation channel: created without caller ids on ;1. */
    consultation?: boolean;
  }): [SimChannel, SimChannel] {
    const device = `Local/${o.exten}@${o.context}`;
    const seq = (this.localCounter++).toString(16).padStart(8, '0');
    const one = this.newChannel(device, seq, 1, o.context, o.exten, o.linkedid);
    const two = this.newChannel(device, seq, 2, o.context, o.exten, one.linkedid);
    one.partner = two;
    two.partner = one;
    one.app = o.outgoingApp;
    one.runsApp = false;
    const vars = o.variables ?? [];
    if (o.consultation) {
      for (const [k, v] of vars) this.varset(one, k, v);
      for (const [k, v] of [...vars].reverse()) this.varset(two, k, v);
      this.setCallerId(two, o.callerNum, o.callerName);
      this.localBridgeEvent(one, two, o.context, o.exten);
      return [one, two];
    }
    if (o.dialedPeerNumber) this.varset(one, 'DIALEDPEERNUMBER', o.dialedPeerNumber);
    this.newexten(one, o.context, o.exten, 1, o.outgoingApp, '(Outgoing Line)');
    for (const [k, v] of vars) this.varset(one, k, v);
    this.setCallerId(one, o.callerNum, o.callerName);
    if (o.outgoingApp !== 'AppQueue') this.setConnectedLine(one, o.connectedNum, o.connectedName);
    else (one.connectedNum = o.connectedNum), (one.connectedName = o.connectedName);
    if (o.dialedPeerNumber) this.varset(two, 'DIALEDPEERNUMBER', o.dialedPeerNumber);
    for (const [k, v] of vars) this.varset(two, k, v);
    this.setCallerId(two, o.secondCallerNum ?? o.connectedNum, o.secondCallerName ?? o.connectedName);
    this.setConnectedLine(two, o.callerNum, o.callerName);
    this.localBridgeEvent(one, two, o.context, o.exten);
    return [one, two];
  }

  private localBridgeEvent(one: SimChannel, two: SimChannel, context: string, exten: string): void {
    this.event('LocalBridge', 'call,all', [
      ...channelHeaders(one, 'LocalOne'),
      ...channelHeaders(two, 'LocalTwo'),
      ['Context', context],
      ['Exten', exten],
      ['LocalOptimization', 'Yes'],
    ]);
  }

  /** DialBegin/DialState/DialEnd; without a dialer it is an Originate leg (no `Channel`). */
  dialEvent(name: 'DialBegin' | 'DialState' | 'DialEnd', dialer: SimChannel | undefined, dest: SimChannel, last: [string, string]): void {
    this.event(name, 'call,all', [...(dialer ? channelHeaders(dialer) : []), ...channelHeaders(dest, 'Dest'), last]);
  }

  // ---- bridges ------------------------------------------------------------------------

  createBridge(type: SimBridge['type']): SimBridge {
    const bridge: SimBridge = { id: this.random.uuid(), type, channels: [] };
    this.event('BridgeCreate', 'call,all', bridgeHeaders(bridge));
    return bridge;
  }

  enterBridge(bridge: SimBridge, ch: SimChannel): void {
    bridge.channels.push(ch);
    ch.bridge = bridge;
    this.cel('BRIDGE_ENTER', ch, bridgeExtra(bridge));
    this.event('BridgeEnter', 'call,all', [...bridgeHeaders(bridge), ...channelHeaders(ch)]);
  }

  /** Sets BRIDGEPEER on both members of a 2-party bridge, as Asterisk does after each change. */
  bridgePeerVars(a: SimChannel, b: SimChannel): void {
    this.varset(a, 'BRIDGEPEER', b.name);
    this.varset(b, 'BRIDGEPEER', a.name);
  }

  /** Removes a channel from its bridge; a basic bridge left with one channel breaks up. */
  leaveBridge(ch: SimChannel): void {
    const bridge = ch.bridge;
    if (!bridge) return;
    const peers = bridgePeers(ch);
    if (bridge.type === 'basic') for (const c of [ch, ...peers]) this.varset(c, 'BRIDGEPEER', '');
    else this.channelEvent('MusicOnHoldStop', ch);
    bridge.channels.splice(bridge.channels.indexOf(ch), 1);
    ch.bridge = undefined;
    this.bridgeLeaveEvent(bridge, ch);
    if (bridge.type !== 'basic') return;
    if (bridge.channels.length === 1) {
      const rest = bridge.channels.pop()!;
      rest.bridge = undefined;
      this.bridgeLeaveEvent(bridge, rest);
      this.event('BridgeDestroy', 'call,all', bridgeHeaders(bridge));
      if (rest.onBridgeBroken) rest.onBridgeBroken();
      else this.terminate(rest);
    } else if (bridge.channels.length === 0) this.event('BridgeDestroy', 'call,all', bridgeHeaders(bridge));
  }

  // ---- hangup -------------------------------------------------------------------------

  /** A hangup asked from outside the channel (AMI Hangup, dialplan Hangup(), AgentLogoff). */
  hangup(ch: SimChannel, softCause = 16): void {
    if (!ch.alive || ch.hangupRequested) return;
    ch.hangupRequested = true;
    this.channelEvent('SoftHangupRequest', ch, [['Cause', String(softCause)]]);
    this.terminate(ch);
  }

  /** The channel dies now; its Local partner is asked to hang up and follows. */
  terminate(ch: SimChannel): void {
    if (!ch.alive || ch.dying) return;
    ch.dying = true;
    ch.hangupRequested = true;
    const partner = ch.partner;
    if (partner && partner.alive && !partner.hangupRequested) {
      partner.hangupRequested = true;
      // A consultation channel of an attended transfer records how its other half ended.
      if (partner.vars.has('ATTENDEDTRANSFER')) this.varset(partner, 'CHANLOCALSTATUS', 'ANSWER');
      this.channelEvent('HangupRequest', partner, [['Cause', '16']]);
    }
    this.leaveForHangup(ch);
    ch.onEnd?.();
    this.finish(ch);
    if (partner && partner.alive && !partner.dying) {
      partner.dying = true;
      this.leaveForHangup(partner);
      partner.onEnd?.();
      if (partner.runsApp) this.channelEvent('SoftHangupRequest', partner, [['Cause', '16']]);
      this.finish(partner);
    }
  }

  private leaveForHangup(ch: SimChannel): void {
    const complete = ch.completeTransfer;
    ch.completeTransfer = undefined;
    if (complete) complete();
    else if (ch.bridge) this.leaveBridge(ch);
  }

  private finish(ch: SimChannel): void {
    ch.alive = false;
    for (const t of ch.timers) this.cancel(t);
    ch.timers.clear();
    this.channels.delete(ch.name);
    this.cel('HANGUP', ch, hangupExtra());
    this.cel('CHAN_END', ch);
    if (![...this.channels.values()].some((c) => c.linkedid === ch.linkedid)) this.cel('LINKEDID_END', ch);
    this.channelEvent('Hangup', ch, [['Cause', '16'], ['Cause-txt', 'Normal Clearing']]);
    if (ch.callerIdAfterHangup) this.setCallerId(ch, ch.callerNum, ch.callerName);
    if (![...this.channels.values()].some((c) => c.device === ch.device)) this.deviceState(ch.device, 'NOT_INUSE');
  }

  /** Channels by name, or undefined; names are exact as in AMI. */
  channel(name: string): SimChannel | undefined {
    return this.channels.get(name);
  }

  memberStatsOf(iface: string): MemberStats {
    let s = this.memberStats.get(iface);
    if (!s) this.memberStats.set(iface, (s = { callsTaken: 0, lastCall: 0 }));
    return s;
  }
}
