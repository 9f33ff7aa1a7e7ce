import { firstField, type AmiFrame } from '../domain/amiFrame.js';
import type { QueueLogRecord } from './queueLogRecord.js';

/**
 * Derives queue_log-equivalent records from the AMI event stream, for when neither a queue_log file
 * nor a queue_log table is configured. Deterministic and free of I/O: the state belongs to the caller.
 *
 * What AMI does not say directly (seen in the recordings of ../shared/fixtures/ami):
 * - a Queue() timeout gives the same QueueCallerAbandon + QueueCallerLeave pair as a hang-up; only the
 *   `VarSet QUEUESTATUS=TIMEOUT` that follows on the caller channel tells them apart, so an abandon is
 *   held until the channel's QUEUESTATUS, hang-up or next dialplan step decides it;
 * - a join refused on an empty queue leaves no queue event at all, only `QUEUESTATUS=JOINEMPTY`; the
 *   queue is the argument of the Queue() application the channel was running;
 * - lines a dialplan writes with QueueLog() (XiVO writes CLOSED, JOINEMPTY, DIVERT_* this way) are
 *   visible as `Newexten Application: QueueLog`, and are taken as they are.
 */

interface PendingExit {
  queue: string;
  timeMs: number;
  position: string;
  originalPosition: string;
  holdTime: string;
}

interface ChannelNotes {
  /** The queue of the last Queue() application the channel ran. */
  queueApp?: string;
  /** Position at which the caller entered each queue (COMPLETE* carry it). */
  positions: Map<string, string>;
  pending?: PendingExit;
  /** `queue|event` of refused joins already recorded, so a dialplan QueueLog() does not repeat them. */
  refusals: Set<string>;
  lastSeen: number;
}

export interface AmiQueueLogState {
  channels: Map<string, ChannelNotes>;
  /** Member channel uniqueid → caller uniqueid, from AgentConnect: an AgentComplete that comes after
   * the caller channel is gone carries only the member channel (`queue-penalties`). */
  callerOfMember: Map<string, { callId: string; position: string; at: number }>;
}

export const createAmiQueueLogState = (): AmiQueueLogState => ({ channels: new Map(), callerOfMember: new Map() });

/** Notes on a channel silent this long are dropped (its Hangup was lost in an AMI reconnection). */
const FORGET_AFTER_MS = 12 * 3_600_000;

// queue_log has whole seconds; deriving the same keeps records from every source comparable.
const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

const REFUSAL_BY_STATUS: Readonly<Record<string, string>> = {
  JOINEMPTY: 'JOINEMPTY',
  JOINUNAVAIL: 'JOINUNAVAIL',
  FULL: 'FULL',
};

const EXIT_BY_STATUS: Readonly<Record<string, string>> = {
  TIMEOUT: 'EXITWITHTIMEOUT',
  LEAVEEMPTY: 'EXITEMPTY',
  LEAVEUNAVAIL: 'EXITEMPTY',
};

function notes(state: AmiQueueLogState, uniqueId: string, at: number): ChannelNotes {
  let n = state.channels.get(uniqueId);
  if (!n) {
    n = { positions: new Map(), refusals: new Set(), lastSeen: at };
    state.channels.set(uniqueId, n);
  }
  n.lastSeen = at;
  return n;
}

function settle(uniqueId: string, n: ChannelNotes, event: string): QueueLogRecord[] {
  const p = n.pending;
  if (!p) return [];
  n.pending = undefined;
  return [
    {
      timeMs: p.timeMs,
      callId: uniqueId,
      queue: p.queue,
      agent: 'NONE',
      event,
      data: [p.position, p.originalPosition, p.holdTime],
    },
  ];
}

/** Parses `QueueLog(queue,uniqueid,agent,event[,data])`, also inside `ExecIf(cond?QueueLog(...))`. */
function dialplanQueueLog(application: string, appData: string): { queue: string; callId: string; agent: string; event: string; data: string[] } | undefined {
  let args: string | undefined;
  if (application === 'QueueLog') args = appData;
  else if (application === 'ExecIf') {
    const m = /^\s*([^?]*)\?\s*QueueLog\((.*)\)\s*(?::.*)?$/.exec(appData);
    // ExecIf's condition is already substituted: empty or 0 means the QueueLog() did not run.
    if (m && m[1].trim() !== '' && m[1].trim() !== '0') args = m[2];
  }
  if (args === undefined) return undefined;
  const [queue, callId, agent, event, ...rest] = args.split(',').map((s) => s.trim());
  if (!queue || !event || !/^[A-Z][A-Z0-9_]*$/.test(event)) return undefined;
  return { queue, callId: callId || 'NONE', agent: agent || 'NONE', event, data: rest.length ? rest.join(',').split('|') : [''] };
}

/** The events `amiFrameToQueueLog` reads; any other frame gives nothing. */
const queueLogSources = new Set([
  'QueueCallerJoin', 'AgentConnect', 'AgentComplete', 'AgentRingNoAnswer', 'QueueCallerAbandon', 'VarSet', 'Newexten', 'SoftHangupRequest', 'Hangup',
]);

/** The records one AMI frame gives (often none). Never throws on odd frames. */
export function amiFrameToQueueLog(state: AmiQueueLogState, frame: AmiFrame, receivedAt: number): QueueLogRecord[] {
  if (frame.kind !== 'event' || !queueLogSources.has(frame.name)) return [];
  // Nearly every VarSet is some other variable: read that one header before all of them.
  if (frame.name === 'VarSet' && firstField(frame, 'Variable') !== 'QUEUESTATUS') return [];
  const f = frame.fields;
  const uniqueId =
    f.Uniqueid ?? (frame.name === 'AgentComplete' ? (state.callerOfMember.get(f.DestUniqueid ?? '')?.callId ?? f.DestLinkedid) : undefined) ?? '';
  const timeMs = wholeSecond(receivedAt);
  const record = (queue: string, agent: string, event: string, data: string[]): QueueLogRecord => ({
    timeMs,
    callId: uniqueId,
    queue,
    agent,
    event,
    data,
  });
  if (uniqueId === '') return [];
  switch (frame.name) {
    case 'QueueCallerJoin': {
      if (!f.Queue) return [];
      const n = notes(state, uniqueId, receivedAt);
      const position = f.Position ?? '';
      n.positions.set(f.Queue, position);
      return [...settle(uniqueId, n, 'ABANDON'), record(f.Queue, 'NONE', 'ENTERQUEUE', ['', f.CallerIDNum ?? '', position])];
    }
    case 'AgentConnect':
      if (!f.Queue) return [];
      if (f.DestUniqueid) {
        const position = state.channels.get(uniqueId)?.positions.get(f.Queue) ?? '';
        state.callerOfMember.set(f.DestUniqueid, { callId: uniqueId, position, at: receivedAt });
      }
      return [record(f.Queue, f.MemberName ?? 'NONE', 'CONNECT', [f.HoldTime ?? '0', f.DestUniqueid ?? '', f.RingTime ?? '0'])];
    case 'AgentComplete': {
      if (!f.Queue) return [];
      const connected = state.callerOfMember.get(f.DestUniqueid ?? '');
      state.callerOfMember.delete(f.DestUniqueid ?? '');
      const position = state.channels.get(uniqueId)?.positions.get(f.Queue) ?? connected?.position ?? '';
      const reason = (f.Reason ?? '').toLowerCase();
      if (reason === 'transfer') {
        return [record(f.Queue, f.MemberName ?? 'NONE', 'TRANSFER', ['', '', f.HoldTime ?? '0', f.TalkTime ?? '0', position])];
      }
      const event = reason === 'agent' ? 'COMPLETEAGENT' : 'COMPLETECALLER';
      return [record(f.Queue, f.MemberName ?? 'NONE', event, [f.HoldTime ?? '0', f.TalkTime ?? '0', position])];
    }
    case 'AgentRingNoAnswer':
      if (!f.Queue) return [];
      return [record(f.Queue, f.MemberName ?? 'NONE', 'RINGNOANSWER', [f.RingTime ?? '0'])];
    case 'QueueCallerAbandon': {
      if (!f.Queue) return [];
      const n = notes(state, uniqueId, receivedAt);
      const earlier = settle(uniqueId, n, 'ABANDON');
      n.pending = {
        queue: f.Queue,
        timeMs,
        position: f.Position ?? '',
        originalPosition: f.OriginalPosition ?? '',
        holdTime: f.HoldTime ?? '0',
      };
      return earlier;
    }
    case 'VarSet': {
      if (f.Variable !== 'QUEUESTATUS') return [];
      const n = state.channels.get(uniqueId);
      const status = (f.Value ?? '').toUpperCase();
      if (n?.pending) return settle(uniqueId, n, EXIT_BY_STATUS[status] ?? 'ABANDON');
      const refusal = REFUSAL_BY_STATUS[status];
      const queue = n?.queueApp;
      if (!refusal || !queue || !n) return [];
      n.refusals.add(`${queue}|${refusal}`);
      return [record(queue, 'NONE', refusal, [''])];
    }
    case 'Newexten': {
      const n = notes(state, uniqueId, receivedAt);
      // The dialplan moved on: a held abandon was not a timeout (that QUEUESTATUS comes first).
      const settled = settle(uniqueId, n, 'ABANDON');
      const application = f.Application ?? '';
      if (application === 'Queue') n.queueApp = (f.AppData ?? '').split(',')[0].trim() || undefined;
      const logged = dialplanQueueLog(application, f.AppData ?? '');
      if (!logged) return settled;
      const callId = logged.callId;
      if (callId === uniqueId && n.refusals.has(`${logged.queue}|${logged.event}`)) return settled;
      if (callId === uniqueId) n.refusals.add(`${logged.queue}|${logged.event}`);
      return [...settled, { timeMs, callId, queue: logged.queue, agent: logged.agent, event: logged.event, data: logged.data }];
    }
    case 'SoftHangupRequest':
    case 'Hangup': {
      const n = state.channels.get(uniqueId);
      if (!n) return [];
      const settled = settle(uniqueId, n, 'ABANDON');
      if (frame.name === 'Hangup') state.channels.delete(uniqueId);
      return settled;
    }
    default:
      return [];
  }
}

/**
 * Settles abandons held longer than `maxAgeMs` (a channel whose hang-up we never saw, e.g. across
 * an AMI reconnection): without a QUEUESTATUS=TIMEOUT by then, it was an abandon.
 */
export function flushStaleAbandons(state: AmiQueueLogState, now: number, maxAgeMs: number): QueueLogRecord[] {
  const out: QueueLogRecord[] = [];
  for (const [uniqueId, n] of state.channels) {
    if (n.pending && now - n.pending.timeMs > maxAgeMs) out.push(...settle(uniqueId, n, 'ABANDON'));
    // A channel silent this long lost its Hangup (AMI reconnection): forget it.
    else if (!n.pending && now - n.lastSeen > FORGET_AFTER_MS) state.channels.delete(uniqueId);
  }
  for (const [member, c] of state.callerOfMember) if (now - c.at > FORGET_AFTER_MS) state.callerOfMember.delete(member);
  return out;
}
