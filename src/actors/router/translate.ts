import type { AmiFrame } from '../../domain/amiFrame.js';
import type { DomainEvent } from '../../domain/domainEvents.js';
import type { RouterView } from './routerView.js';
import { hasField } from './frameFields.js';
import {
  bridgeCreate,
  bridgeDestroy,
  bridgeEnter,
  bridgeLeave,
  bridgeMerge,
  dialBegin,
  dialEnd,
  ensureChannel,
  hangup,
  hold,
  knownChannel,
  localBridge,
  musicOnHold,
  rename,
  updateChannel,
  varsOf,
} from './channelTracking.js';
import { keptVariable, queueApplication } from './channelVariables.js';
import { refreshAround, releaseCall } from './lineCalls.js';
import { agentAcd, agentDeviceState, agentLogin, agentLogoff, isAcdEvent } from './agentEvents.js';
import { callerAbandoned, callerJoined, callerLeft, memberChanged, queueStatusSet } from './queueEvents.js';
import { setOwn } from './ownRecord.js';

/**
 * Events the router knows and deliberately turns into nothing: the facts they carry are either
 * repeated by other events (DialState, HangupRequest) or of no concern to the contact center's state.
 */
const knownSilent = new Set([
  'DialState',
  'HangupRequest',
  'SoftHangupRequest',
  'OriginateResponse',
  'BlindTransfer',
  'AttendedTransfer',
  'DTMFBegin',
  'DTMFEnd',
  'CEL',
  'FullyBooted',
]);

/**
 * Translates one live AMI frame into the domain events it means, updating `view` in place (no
 * copy: the router is on the hot path of every AMI event). Never throws: a frame that cannot be
 * understood gives [] and is counted in `view.counters`.
 *
 * List events of actions (they carry an ActionID) are the answers to our own requests, not live
 * events, and are ignored here; `translateSnapshot` reads them. `OriginateResponse` also carries
 * an ActionID but is broadcast to every session: it is treated as live (and says nothing new).
 */
export function translate(view: RouterView, frame: AmiFrame, at: number): DomainEvent[] {
  view.counters.frames++;
  try {
    if (frame === null || typeof frame !== 'object' || frame.kind !== 'event' || typeof frame.name !== 'string') {
      view.counters.ignored++;
      return [];
    }
    if (hasField(frame, 'ActionID') && frame.name !== 'OriginateResponse') {
      view.counters.ignored++;
      return [];
    }
    const events = translateEvent(view, frame, at);
    if (events === undefined) {
      view.counters.unknown++;
      return [];
    }
    return events;
  } catch {
    // A bug in a handler must not stop the stream; the count shows it in the status page.
    view.counters.failed++;
    return [];
  }
}

/** Channel events: each updates the view and names the channels whose lines and agents to refresh. */
const channelChanges = new Map<string, (view: RouterView, frame: AmiFrame) => readonly string[]>([
  ['Newchannel', (view, frame) => updateChannel(view, frame, true)],
  ['Newstate', (view, frame) => updateChannel(view, frame, true)],
  ['NewCallerid', (view, frame) => updateChannel(view, frame, false)],
  ['NewConnectedLine', (view, frame) => updateChannel(view, frame, false)],
  ['Rename', rename],
  ['LocalBridge', localBridge],
  ['DialBegin', dialBegin],
  ['DialEnd', dialEnd],
  ['BridgeEnter', bridgeEnter],
  ['BridgeLeave', bridgeLeave],
  ['BridgeDestroy', bridgeDestroy],
  ['BridgeMerge', bridgeMerge],
  ['Hold', (view, frame) => hold(view, frame, true)],
  ['Unhold', (view, frame) => hold(view, frame, false)],
  ['MusicOnHoldStart', (view, frame) => musicOnHold(view, frame, true)],
  ['MusicOnHoldStop', (view, frame) => musicOnHold(view, frame, false)],
]);

/** undefined: an event the router does not know. */
function translateEvent(view: RouterView, frame: AmiFrame, at: number): DomainEvent[] | undefined {
  const out: DomainEvent[] = [];
  const channelChange = channelChanges.get(frame.name);
  if (channelChange) {
    refreshAround(view, channelChange(view, frame), at, out);
    return out;
  }
  switch (frame.name) {
    case 'VarSet': {
      const kept = keptVariable(frame);
      const channel = kept ? knownChannel(view, frame) : undefined;
      if (!kept || !channel) {
        view.counters.ignored++;
        return out;
      }
      if (kept.kind === 'queueStatus') return queueStatusSet(view, channel, kept.value, at);
      setOwn(varsOf(channel), kept.key, kept.value);
      refreshAround(view, [channel.name], at, out);
      return out;
    }
    case 'Newexten': {
      const queue = queueApplication(frame);
      const channel = queue === undefined ? undefined : knownChannel(view, frame);
      if (channel && queue !== undefined) channel.queueApp = queue;
      else view.counters.ignored++;
      return out;
    }
    case 'BridgeCreate':
      bridgeCreate(view, frame);
      return out;
    case 'Hangup': {
      const { channel, touched } = hangup(view, frame);
      if (channel) releaseCall(view, channel.uniqueId, at, out);
      refreshAround(view, touched, at, out);
      return out;
    }
    case 'AgentLogin': {
      ensureChannel(view, frame);
      out.push(...agentLogin(view, frame, at));
      return out;
    }
    case 'AgentLogoff':
      return agentLogoff(view, frame, at);
    case 'DeviceStateChange':
      return agentDeviceState(view, frame, at);
    case 'QueueMemberAdded':
    case 'QueueMemberStatus':
    case 'QueueMemberPause':
    case 'QueueMemberPenalty':
    case 'QueueMemberRinginuse':
      return memberChanged(view, frame, at, false);
    case 'QueueMemberRemoved':
      return memberChanged(view, frame, at, true);
    case 'QueueCallerJoin':
      return callerJoined(view, frame, at);
    case 'QueueCallerAbandon':
      return callerAbandoned(view, frame, at);
    case 'QueueCallerLeave':
      return callerLeft(view, frame, at);
    default:
      if (isAcdEvent(frame.name)) {
        const { events, touched } = agentAcd(view, frame, at, frame.name);
        out.push(...events);
        refreshAround(view, touched, at, out);
        return out;
      }
      if (knownSilent.has(frame.name)) return out;
      return undefined;
  }
}
