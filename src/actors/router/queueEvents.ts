import type { AmiFrame } from '../../domain/amiFrame.js';
import type { DomainEvent, MemberState, QueueExit } from '../../domain/domainEvents.js';
import type { ChannelView, QueueView, RouterView } from './routerView.js';
import { deleteOwn, getOwn, setOwn } from './ownRecord.js';
import { field, intField } from './frameFields.js';
import { agentNumberOfInterface } from './channelOwnership.js';
import { knownChannel } from './channelTracking.js';

/** Queue membership and queue callers, from app_queue's events. */

export function queueOf(view: RouterView, name: string): QueueView {
  let queue = getOwn(view.queues, name);
  if (!queue) setOwn(view.queues, name, (queue = { members: {}, callers: {} }));
  return queue;
}

/** app_queue's kinds of membership, one string each rather than one per member. */
const membershipKinds = new Map(['dynamic', 'static', 'realtime'].map((kind) => [kind, kind]));
const membershipKind = (value: string): string => membershipKinds.get(value) ?? value;

/** A member as every `QueueMember*` event (and the `QueueMember` list event) carries it. */
export function memberOf(view: RouterView, frame: AmiFrame): MemberState | undefined {
  // Live events say Interface/MemberName; the QueueStatus list event says Location/Name.
  const iface = field(frame, 'Interface') || field(frame, 'Location');
  if (iface === '') return undefined;
  const memberName = field(frame, 'MemberName') || field(frame, 'Name');
  const stateInterface = field(frame, 'StateInterface');
  const agentNumber =
    agentNumberOfInterface(view, iface) ??
    (memberName.startsWith('Agent/') ? agentNumberOfInterface(view, memberName) : undefined) ??
    (stateInterface.startsWith('Agent:') ? agentNumberOfInterface(view, stateInterface) : undefined);
  const member: MemberState = {
    // A configured line's interface is the configuration's own string, not one more copy per queue.
    interface: getOwn(view.options.lines, iface)?.interface ?? iface,
    memberName,
    stateInterface,
    penalty: intField(frame, 'Penalty'),
    paused: field(frame, 'Paused') === '1',
    pausedReason: field(frame, 'PausedReason'),
    status: intField(frame, 'Status'),
    inCall: field(frame, 'InCall') === '1',
    callsTaken: intField(frame, 'CallsTaken'),
    membership: membershipKind(field(frame, 'Membership')),
  };
  if (agentNumber !== undefined) member.agentNumber = agentNumber;
  return member;
}

export function memberChanged(view: RouterView, frame: AmiFrame, at: number, removed: boolean): DomainEvent[] {
  const queueName = field(frame, 'Queue');
  const member = memberOf(view, frame);
  if (queueName === '' || !member) return [];
  const queue = queueOf(view, queueName);
  if (removed) {
    deleteOwn(queue.members, member.interface);
    return [{ type: 'member.removed', queue: queueName, member, at }];
  }
  setOwn(queue.members, member.interface, member);
  return [{ type: 'member.updated', queue: queueName, member, at }];
}

export function callerJoined(view: RouterView, frame: AmiFrame, at: number): DomainEvent[] {
  const queueName = field(frame, 'Queue');
  const uniqueId = field(frame, 'Uniqueid');
  if (queueName === '' || uniqueId === '') return [];
  const caller = {
    uniqueId,
    channel: field(frame, 'Channel'),
    callerIdNum: field(frame, 'CallerIDNum'),
    callerIdName: field(frame, 'CallerIDName'),
    position: intField(frame, 'Position'),
    joinedAt: at,
  };
  const queue = queueOf(view, queueName);
  setOwn(queue.callers, uniqueId, { ...caller, abandoned: false });
  const channel = knownChannel(view, frame);
  if (channel) channel.queueApp = queueName;
  return [{ type: 'queue.callerJoined', queue: queueName, caller, count: intField(frame, 'Count', Object.keys(queue.callers).length), at }];
}

export function callerAbandoned(view: RouterView, frame: AmiFrame, at: number): DomainEvent[] {
  const queueName = field(frame, 'Queue');
  const uniqueId = field(frame, 'Uniqueid');
  if (queueName === '' || uniqueId === '') return [];
  const caller = getOwn(queueOf(view, queueName).callers, uniqueId);
  if (caller) caller.abandoned = true;
  return [
    {
      type: 'queue.callerAbandoned',
      queue: queueName,
      uniqueId,
      position: intField(frame, 'Position'),
      originalPosition: intField(frame, 'OriginalPosition'),
      holdTime: intField(frame, 'HoldTime'),
      at,
    },
  ];
}

/** A caller answered by a member has its dial to the member answered just before it leaves. */
const answeredByMember = (channel: ChannelView | undefined) =>
  channel !== undefined && Object.values(channel.dialsOut).some((answered) => answered);

/**
 * QueueCallerLeave. The exit reason is what AMI tells at that moment: answered (app_queue's dial
 * to a member was just answered), abandoned (QueueCallerAbandon came first), or a QUEUESTATUS
 * already set. A Queue() timeout also gives QueueCallerAbandon, and its `QUEUESTATUS=TIMEOUT`
 * only comes after the leave: `queueStatusSet` then corrects it with a `queue.callOutcome`.
 */
export function callerLeft(view: RouterView, frame: AmiFrame, at: number): DomainEvent[] {
  const queueName = field(frame, 'Queue');
  const uniqueId = field(frame, 'Uniqueid');
  if (queueName === '' || uniqueId === '') return [];
  const queue = queueOf(view, queueName);
  const caller = getOwn(queue.callers, uniqueId);
  deleteOwn(queue.callers, uniqueId);
  const channel = knownChannel(view, frame);
  const fromStatus = channel?.queueStatus === undefined ? undefined : exitOfQueueStatus(channel.queueStatus);
  const exit: QueueExit = answeredByMember(channel)
    ? 'answered'
    : fromStatus !== undefined && fromStatus !== 'unknown'
      ? fromStatus
      : caller?.abandoned
        ? 'abandoned'
        : 'unknown';
  if (channel) channel.queueExit = { queue: queueName, exit };
  return [{ type: 'queue.callerLeft', queue: queueName, uniqueId, count: intField(frame, 'Count', Object.keys(queue.callers).length), exit, at }];
}

/** app_queue's QUEUESTATUS values, as exit reasons. */
export function exitOfQueueStatus(status: string): QueueExit {
  switch (status) {
    case 'TIMEOUT':
      return 'timeout';
    case 'JOINEMPTY':
    case 'JOINUNAVAIL':
      return 'joinempty';
    case 'LEAVEEMPTY':
    case 'LEAVEUNAVAIL':
      return 'leaveempty';
    case 'FULL':
      return 'full';
    case 'CONTINUE':
      return 'continue';
    default:
      return 'unknown';
  }
}

/**
 * `VarSet QUEUESTATUS` on a caller channel: for a caller that never joined (JOINEMPTY, FULL…) it
 * is the only trace; for a caller already reported as left it may correct the reason (TIMEOUT
 * after QueueCallerAbandon).
 */
export function queueStatusSet(view: RouterView, channel: ChannelView, value: string, at: number): DomainEvent[] {
  channel.queueStatus = value;
  const exit = exitOfQueueStatus(value);
  if (exit === 'unknown') return [];
  // Still waiting in the queue: the leave will carry the reason.
  const waitingIn = channel.queueApp === undefined ? undefined : getOwn(view.queues, channel.queueApp);
  if (waitingIn && getOwn(waitingIn.callers, channel.uniqueId)) return [];
  const reported = channel.queueExit;
  if (reported) {
    if (reported.exit === exit || reported.exit === 'answered') return [];
    channel.queueExit = { queue: reported.queue, exit };
    return [{ type: 'queue.callOutcome', queue: reported.queue, uniqueId: channel.uniqueId, exit, at }];
  }
  channel.queueExit = { queue: channel.queueApp ?? '', exit };
  const event: DomainEvent = { type: 'queue.callOutcome', uniqueId: channel.uniqueId, exit, at };
  if (channel.queueApp !== undefined) event.queue = channel.queueApp;
  return [event];
}
