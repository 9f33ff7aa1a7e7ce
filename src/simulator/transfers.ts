import type { ActionOutcome } from './amiActions.js';
import { header, type Headers } from './amiWire.js';
import { bridgeHeaders, bridgePeers, channelHeaders, type SimBridge, type SimChannel } from './channel.js';
import { runDialplan } from './lines.js';
import type { Pbx } from './pbx.js';

const ok = (message: string, then?: () => void): ActionOutcome => ({ response: 'Success', headers: [['Message', message]], then });
const error = (message: string): ActionOutcome => ({ response: 'Error', headers: [['Message', message]] });

/** AMI Redirect: the channel leaves what it does (its bridge peer is released) and runs context,exten. */
export function redirect(pbx: Pbx, h: Headers): ActionOutcome {
  const ch = pbx.channel(header(h, 'Channel') ?? '');
  if (!ch) return error('Channel specified does not exist');
  const context = header(h, 'Context');
  const exten = header(h, 'Exten');
  if (!context || !exten) return error('Context and Exten are required');
  return ok('Redirect successful', () => {
    // A phone sent to hold-sim keeps its call: only its dialplan moves.
    if (context === 'hold-sim') return runDialplan(pbx, ch, context, exten);
    ch.onBridgeBroken = undefined;
    ch.onEnd = undefined;
    ch.runsApp = true;
    if (ch.bridge) pbx.leaveBridge(ch);
    if (ch.alive) runDialplan(pbx, ch, context, exten);
  });
}

/**
 * AMI BlindTransfer of a 2-party call: the transferer's peer runs context,exten itself, the
 * transferer is released. Asterisk sends an `Unhold` on the transferer first, even with no hold.
 */
export function blindTransfer(pbx: Pbx, h: Headers): ActionOutcome {
  const ch = pbx.channel(header(h, 'Channel') ?? '');
  if (!ch) return error('No such channel');
  const context = header(h, 'Context');
  const exten = header(h, 'Exten');
  if (!context || !exten) return error('No extension specified');
  const peers = bridgePeers(ch);
  if (!ch.bridge || peers.length !== 1) return error('Transfer failed');
  const bridge = ch.bridge;
  const transferee = peers[0];
  return ok('Transfer succeeded', () => {
    pbx.channelEvent('Unhold', ch);
    pbx.varset(ch, 'BLINDTRANSFER', transferee.name);
    pbx.varset(transferee, 'BLINDTRANSFER', ch.name);
    pbx.cel('BLINDTRANSFER', ch, JSON.stringify({ extension: exten, context, bridge_id: bridge.id, transferee_channel_name: transferee.name }));
    pbx.event('BlindTransfer', 'call,all', [
      ['Result', 'Success'], ...channelHeaders(ch, 'Transferer'), ...channelHeaders(transferee, 'Transferee'),
      ...bridgeHeaders(bridge), ['IsExternal', 'Yes'], ['Context', context], ['Extension', exten],
    ]);
    transferee.onBridgeBroken = undefined;
    transferee.onEnd = undefined;
    transferee.runsApp = true;
    pbx.leaveBridge(transferee);
    pbx.varset(transferee, 'DIALSTATUS', 'ANSWER');
    runDialplan(pbx, transferee, context, exten);
  });
}

/** Feature-code timing of an Atxfer: DTMF digits as Asterisk plays them, hold after the 2nd. */
const digitAtMs = [0, 161, 323, 383, 444, 504];
const holdAtMs = 262;

/** Moves a channel out of a bridge without breaking it up (the transferee stays). */
function slipOut(pbx: Pbx, ch: SimChannel): void {
  const bridge = ch.bridge;
  if (!bridge) return;
  bridge.channels.splice(bridge.channels.indexOf(ch), 1);
  ch.bridge = undefined;
  pbx.bridgeLeaveEvent(bridge, ch);
}

/**
 * AMI Atxfer: Asterisk plays the atxfer feature code (`*2` + digits) on the transferer, puts
 * the transferee on hold, and dials the target through a consultation channel
 * `Local/<exten>@<context>`. When the transferer hangs up, the consultation bridge merges into
 * the original one and the transferee talks to the target (AttendedTransfer, no Unhold).
 */
export function atxfer(pbx: Pbx, h: Headers): ActionOutcome {
  const ch = pbx.channel(header(h, 'Channel') ?? '');
  if (!ch) return error('No such channel');
  const context = header(h, 'Context') ?? ch.context;
  const exten = header(h, 'Exten');
  if (!exten) return error('No extension specified');
  const peers = bridgePeers(ch);
  if (!ch.bridge || peers.length !== 1) return error('Atxfer failed');
  const original = ch.bridge;
  const transferee = peers[0];
  return ok('Atxfer successfully queued', () => {
    pbx.varset(ch, 'TRANSFER_CONTEXT', context);
    ['*', '2', ...exten].forEach((digit, i) =>
      pbx.after(digitAtMs[Math.min(i, digitAtMs.length - 1)] + Math.max(0, i - 5) * 61, () =>
        pbx.channelEvent('DTMFEnd', ch, [['Digit', digit], ['DurationMs', '100'], ['Direction', 'Received']], 'dtmf,all'), ch));
    pbx.after(holdAtMs, () => {
      pbx.channelEvent('Hold', ch);
      pbx.channelEvent('MusicOnHoldStart', transferee, [['Class', 'default']]);
    }, ch);
    pbx.after(digitAtMs[5] + Math.max(0, exten.length - 4) * 61, () => consult(pbx, ch, transferee, original, context, exten), ch);
  });
}

function consult(pbx: Pbx, ch: SimChannel, transferee: SimChannel, original: SimBridge, context: string, exten: string): void {
  const [c1, c2] = pbx.newLocalPair({
    exten, context, outgoingApp: 'AppDial2', consultation: true,
    callerNum: '<unknown>', callerName: '<unknown>', connectedNum: '<unknown>', connectedName: '<unknown>',
    linkedid: ch.linkedid,
    variables: [['TRANSFERERNAME', ch.name], ['ATTENDEDTRANSFER', ch.name]],
  });
  const consultBridge = pbx.createBridge('basic');
  for (const c of [ch.partner, transferee.partner, c2]) if (c) c.callerIdAfterHangup = true;
  c2.runsApp = true;
  runDialplan(pbx, c2, context, exten, (target) => {
    target.partner && (target.partner.callerIdAfterHangup = true);
    pbx.setState(c2, 6);
    pbx.setState(c1, 6);
    pbx.dialEvent('DialEnd', undefined, c1, ['DialStatus', 'ANSWER']);
    if (c1.bridge) pbx.bridgePeerVars(c1, ch);
    pbx.varset(c2, 'ATTENDEDTRANSFER', '');
    pbx.deviceState(c1.device, 'INUSE');
  });
  pbx.setConnectedLine(c1, ch.callerNum, ch.callerName);
  pbx.enterBridge(consultBridge, c1);
  pbx.varset(c1, 'ATTENDEDTRANSFER', '');
  pbx.setState(c1, 5);
  pbx.dialEvent('DialState', undefined, c1, ['DialStatus', 'RINGING']);
  slipOut(pbx, ch);
  pbx.enterBridge(consultBridge, ch);
  pbx.bridgePeerVars(c1, ch);
  pbx.deviceState(c1.device, 'INUSE');
  pbx.setConnectedLine(ch, '<unknown>', '<unknown>');
  ch.completeTransfer = () => {
    pbx.varset(ch, 'BRIDGEPEER', '');
    slipOut(pbx, ch);
    pbx.channelEvent('MusicOnHoldStop', transferee);
    pbx.event('BridgeMerge', 'call,all', [...bridgeHeaders(original, 'To'), ...bridgeHeaders(consultBridge, 'From')]);
    if (c1.bridge === consultBridge) {
      slipOut(pbx, c1);
      pbx.enterBridge(original, c1);
      pbx.bridgePeerVars(transferee, c1);
    }
    pbx.setConnectedLine(transferee, '<unknown>', '<unknown>');
    pbx.cel('ATTENDEDTRANSFER', ch, JSON.stringify({ bridge1_id: original.id, channel2_name: c1.name, bridge2_id: consultBridge.id }));
    pbx.event('AttendedTransfer', 'call,all', [
      ['Result', 'Success'],
      ...channelHeaders(ch, 'OrigTransferer'), ...bridgeHeaders(original, 'Orig'),
      ...channelHeaders(ch, 'SecondTransferer'), ...bridgeHeaders(consultBridge, 'Second'),
      ...channelHeaders(transferee, 'Transferee'), ...channelHeaders(c1, 'TransferTarget'),
      ['IsExternal', 'Yes'], ['DestType', 'Bridge'], ['DestBridgeUniqueid', original.id],
    ]);
    pbx.setConnectedLine(c1, transferee.callerNum, transferee.callerName);
    pbx.event('BridgeDestroy', 'call,all', bridgeHeaders(consultBridge));
    const target = c2.bridge?.channels.find((c) => c !== c2);
    if (target) pbx.setConnectedLine(target, transferee.callerNum, transferee.callerName);
  };
}
