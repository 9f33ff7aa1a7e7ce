import type { SimChannel } from './channel.js';
import type { Pbx } from './pbx.js';
import { agentLoginOnChannel } from './agentPool.js';
import { joinQueueFromDialplan } from './queueCalls.js';

/** Dial() resets these on the calling channel before it dials (app_dial). */
const dialResetVars = [
  'DIALSTATUS', 'DIALEDPEERNUMBER', 'DIALEDPEERNAME', 'ANSWEREDTIME', 'ANSWEREDTIME_MS', 'DIALEDTIME',
  'DIALEDTIME_MS', 'RINGTIME', 'RINGTIME_MS', 'PROGRESSTIME', 'PROGRESSTIME_MS',
];

export interface OriginateRequest {
  readonly exten: string;
  readonly context: string;
  readonly application?: string;
  readonly data?: string;
  readonly targetContext?: string;
  readonly targetExten?: string;
  readonly callerNum?: string;
  readonly callerName?: string;
  readonly variables: ReadonlyArray<readonly [string, string]>;
  readonly actionId?: string;
}

export const lineName = (pbx: Pbx, number: string): string | undefined => pbx.def.lines.find((l) => l.number === number)?.name;

/** Whether an Originate can reach `Local/<exten>@<context>` in this PBX. */
export function canOriginate(pbx: Pbx, context: string, exten: string): boolean {
  if (context === 'phones') return lineName(pbx, exten) !== undefined;
  return context === 'from-extern' && /^\d+$/.test(exten);
}

/** AMI Originate of a Local channel: the ;1 half runs the application or dialplan once answered. */
export function originate(pbx: Pbx, req: OriginateRequest): SimChannel {
  const callerNum = req.callerNum ?? req.exten;
  const callerName = req.callerName ?? lineName(pbx, req.exten) ?? callerNum;
  const [one, two] = pbx.newLocalPair({
    exten: req.exten,
    context: req.context,
    outgoingApp: 'AppDial2',
    callerNum,
    callerName,
    connectedNum: callerNum,
    connectedName: callerName,
    variables: req.variables,
  });
  pbx.dialEvent('DialBegin', undefined, one, ['DialString', `${req.exten}@${req.context}`]);
  const respond = () => {
    const target: [string, string][] = req.application
      ? [['Application', req.application], ['Data', req.data ?? '']]
      : [['Context', req.targetContext ?? ''], ['Exten', req.targetExten ?? '']];
    pbx.event('OriginateResponse', 'call,all', [
      ['ActionID', req.actionId ?? ''], ['Response', 'Success'], ['Channel', one.name], ...target,
      ['Reason', '4'], ['Uniqueid', one.uniqueid], ['CallerIDNum', one.callerNum], ['CallerIDName', one.callerName],
    ]);
  };
  const afterAnswer = () => {
    respond();
    one.runsApp = true;
    if (req.application === 'AgentLogin') agentLoginOnChannel(pbx, one, req.data ?? '');
    else if (req.application) (one.app = req.application), (one.appData = req.data ?? '');
    else runDialplan(pbx, one, req.targetContext ?? 'internal', req.targetExten ?? '');
  };
  if (req.context === 'from-extern') {
    pbx.newexten(two, 'from-extern', req.exten, 1, 'NoOp', `external caller ${req.exten}`);
    pbx.newexten(two, 'from-extern', req.exten, 2, 'Answer', '');
    pbx.setState(two, 6);
    pbx.setState(one, 6);
    pbx.dialEvent('DialEnd', undefined, one, ['DialStatus', 'ANSWER']);
    afterAnswer();
    if (two.alive) pbx.newexten(two, 'from-extern', req.exten, 3, 'Wait', '600');
  } else {
    ringPhone(pbx, one, two, undefined, afterAnswer);
  }
  return one;
}

/**
 * The phone's dialplan on the ;2 half: Ringing, Wait(ring time), Answer, Wait(3600). The
 * dialer (if any) sees DialState/DialEnd; `answered` runs once the phone is up.
 */
function ringPhone(pbx: Pbx, one: SimChannel, two: SimChannel, dialer: SimChannel | undefined, answered: () => void): void {
  const line = two.exten;
  pbx.newexten(two, 'phones', line, 1, 'NoOp', `phone line ${line} rings`);
  pbx.newexten(two, 'phones', line, 2, 'Ringing', '');
  pbx.setState(one, 5);
  pbx.deviceState(two.device, 'INUSE');
  pbx.dialEvent('DialState', dialer, one, ['DialStatus', 'RINGING']);
  pbx.newexten(two, 'phones', line, 3, 'Wait', String(pbx.def.ringMs / 1000));
  if (dialer) {
    pbx.varset(dialer, 'RINGTIME', '0');
    pbx.varset(dialer, 'RINGTIME_MS', '0');
  }
  pbx.after(
    pbx.def.ringMs,
    () => {
      pbx.newexten(two, 'phones', line, 4, 'Answer', '');
      answerLeg(pbx, one, two, dialer, answered, 5, '3600');
    },
    two,
  );
}

/** The called party is up: both halves Up, the dialer's Dial variables, DialEnd, then its Wait(). */
function answerLeg(pbx: Pbx, one: SimChannel, two: SimChannel, dialer: SimChannel | undefined, answered: () => void, waitPriority: number, wait: string): void {
  pbx.setState(two, 6);
  pbx.setState(one, 6);
  pbx.deviceState(two.device, 'INUSE');
  if (dialer) {
    pbx.varset(dialer, 'DIALSTATUS', 'ANSWER');
    pbx.varset(dialer, 'DIALEDPEERNAME', one.name);
    pbx.varset(dialer, 'DIALEDPEERNUMBER', `${two.exten}@${two.context}/m`);
  }
  pbx.dialEvent('DialEnd', dialer, one, ['DialStatus', 'ANSWER']);
  answered();
  if (two.alive) pbx.newexten(two, two.context, two.exten, waitPriority, 'Wait', wait);
}

/** An outside number (`from-extern`) answers at once, as the lab's dialplan does. */
function answerOutside(pbx: Pbx, one: SimChannel, two: SimChannel, dialer: SimChannel, answered: () => void): void {
  pbx.newexten(two, 'from-extern', two.exten, 1, 'NoOp', `external caller ${two.exten}`);
  pbx.newexten(two, 'from-extern', two.exten, 2, 'Answer', '');
  answerLeg(pbx, one, two, dialer, answered, 3, '600');
}

/** Runs `context,exten` on a channel: internal calls to lines, or a queue number. */
export function runDialplan(pbx: Pbx, ch: SimChannel, context: string, exten: string, onBridged?: (callee: SimChannel) => void): void {
  if (context === 'hold-sim') return holdFromPhone(pbx, ch);
  const queue = [...pbx.queues.values()].find((q) => q.def.number === exten);
  if (queue) return joinQueueFromDialplan(pbx, ch, queue);
  if (lineName(pbx, exten) !== undefined) return dialLine(pbx, ch, exten, onBridged);
  // Any other number of 6 digits or more is outside: the call leaves by `Local/<n>@from-extern`.
  if (/^\+?\d{6,}$/.test(exten)) return dialLine(pbx, ch, exten, onBridged, 'from-extern');
  pbx.newexten(ch, context, exten, 1, 'Hangup', '');
  pbx.hangup(ch);
}

/** `Dial(Local/<line>@phones/m,30,tT)` from a channel: rings the line and bridges both on answer. */
export function dialLine(
  pbx: Pbx, ch: SimChannel, line: string, onBridged?: (callee: SimChannel) => void, context: 'phones' | 'from-extern' = 'phones',
): void {
  const target = `Local/${line}@${context}/m`;
  pbx.newexten(ch, 'internal', line, 1, 'NoOp', `internal call ${ch.callerNum} -> ${line}`);
  pbx.newexten(ch, 'internal', line, 2, 'Dial', `${target},30,tT`);
  ch.app = 'Dial';
  ch.appData = `${target},30,tT`;
  for (const v of dialResetVars) pbx.varset(ch, v, '');
  const dialStart = pbx.clock.now();
  const inherited = [...ch.vars].filter(([k]) => k.startsWith('__'));
  const [one, two] = pbx.newLocalPair({
    exten: line,
    context,
    outgoingApp: 'AppDial',
    callerNum: line,
    callerName: ch.callerName,
    connectedNum: ch.callerNum,
    connectedName: ch.callerName,
    linkedid: ch.linkedid,
    dialedPeerNumber: `${line}@${context}/m`,
    variables: inherited,
  });
  pbx.dialEvent('DialBegin', ch, one, ['DialString', `${line}@${context}/m`]);
  // A caller that hangs up while the line rings cancels the dial.
  ch.onEnd = () => {
    if (one.alive && !one.bridge) pbx.terminate(one);
  };
  const ring = context === 'phones' ? ringPhone : answerOutside;
  ring(pbx, one, two, ch, () => {
    const answeredAt = pbx.clock.now();
    // A caller that was never answered (an Atxfer consultation channel) is answered by Dial now.
    if (ch.state !== 6) pbx.setState(ch, 6);
    const bridge = pbx.createBridge('basic');
    pbx.newexten(one, context, '', 1, 'AppDial', '(Outgoing Line)');
    pbx.enterBridge(bridge, one);
    pbx.enterBridge(bridge, ch);
    pbx.bridgePeerVars(one, ch);
    onBridged?.(one);
    // Re-bridged after a blind transfer: the transfer is over.
    if (ch.vars.get('BLINDTRANSFER')) pbx.varset(ch, 'BLINDTRANSFER', '');
    // Dial() ends when either side leaves the bridge; it then sets its result variables.
    let dialOver = false;
    const dialEnded = () => {
      if (dialOver) return;
      dialOver = true;
      const now = pbx.clock.now();
      pbx.varset(ch, 'ANSWEREDTIME', String(Math.floor((now - answeredAt) / 1000)));
      pbx.varset(ch, 'ANSWEREDTIME_MS', String(now - answeredAt));
      pbx.varset(ch, 'DIALEDTIME', String(Math.floor((now - dialStart) / 1000)));
      pbx.varset(ch, 'DIALEDTIME_MS', String(now - dialStart));
      pbx.varset(ch, 'DIALSTATUS', 'ANSWER');
    };
    ch.onEnd = dialEnded;
    ch.onBridgeBroken = () => {
      dialEnded();
      pbx.hangup(ch);
    };
  });
}

/**
 * `[hold-sim]`: a phone (;2 half, sent here by AMI Redirect) puts its call on hold for
 * HOLD_TIME seconds (default 5). WaitExten's `m` option indicates HOLD/UNHOLD, which the Local
 * channel passes to its ;1 half in the bridge, so the other party hears music on hold.
 */
function holdFromPhone(pbx: Pbx, phone: SimChannel): void {
  const holdSeconds = Number(phone.vars.get('HOLD_TIME') ?? 5) || 5;
  const bridged = phone.partner;
  const peer = bridged?.bridge?.channels.find((c) => c !== bridged);
  pbx.newexten(phone, 'hold-sim', 's', 1, 'NoOp', 'phone puts call on hold');
  pbx.newexten(phone, 'hold-sim', 's', 2, 'WaitExten', `${holdSeconds},m(default)`);
  if (bridged) pbx.channelEvent('Hold', bridged);
  if (peer) pbx.channelEvent('MusicOnHoldStart', peer, [['Class', 'default']]);
  pbx.after(
    holdSeconds * 1000,
    () => {
      if (bridged?.alive) pbx.channelEvent('Unhold', bridged);
      if (peer?.alive) pbx.channelEvent('MusicOnHoldStop', peer);
      pbx.newexten(phone, 'hold-sim', 's', 3, 'NoOp', 'phone resumes call');
      pbx.newexten(phone, 'hold-sim', 's', 4, 'Wait', '3600');
    },
    phone,
  );
}
