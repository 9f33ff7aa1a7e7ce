import type { Headers } from './amiWire.js';
import { agentDeviceState } from './agentPool.js';
import type { Pbx, SimMember, SimQueue } from './pbx.js';
import { dispatchQueue } from './queueCalls.js';

/** app_queue member device status: 1 NOT_INUSE, 2 INUSE, 5 UNAVAILABLE, 6 RINGING. */
export function memberStatus(pbx: Pbx, m: SimMember): number {
  if (m.agentNumber !== undefined) {
    const agent = pbx.agents.get(m.agentNumber);
    const state = agent ? agentDeviceState(agent) : 'UNAVAILABLE';
    return state === 'UNAVAILABLE' ? 5 : state === 'INUSE' ? 2 : 1;
  }
  const device = m.stateInterface;
  return [...pbx.channels.values()].some((c) => c.device === device) ? 2 : 1;
}

/** The full member state every QueueMember* event carries, in Asterisk's header order. */
export function memberHeaders(pbx: Pbx, m: SimMember): Headers {
  const stats = pbx.memberStatsOf(m.interface);
  return [
    ['Queue', m.queue],
    ['MemberName', m.memberName],
    ['Interface', m.interface],
    ['StateInterface', m.stateInterface],
    ['Membership', 'dynamic'],
    ['Penalty', String(m.penalty)],
    ['CallsTaken', String(stats.callsTaken)],
    ['LastCall', String(stats.lastCall)],
    ['LastPause', String(m.lastPause)],
    ['LoginTime', String(m.loginTime)],
    ['InCall', m.inCall ? '1' : '0'],
    ['Status', String(memberStatus(pbx, m))],
    ['Paused', m.paused ? '1' : '0'],
    ['PausedReason', m.pausedReason],
    ['Ringinuse', '0'],
    ['Wrapuptime', '0'],
  ];
}

export const memberEvent = (pbx: Pbx, name: string, m: SimMember): void => pbx.event(name, 'agent,all', memberHeaders(pbx, m));

/**
 * Whether a member is in wrap-up for `queue`. The last call is shared by all queues
 * (shared_lastcall = yes) and app_queue applies the wrap-up of the queue that last delivered a
 * call (`lastqueue`) when it decides to ring a member (load-small t≈81 s: an agent just off a
 * support call is rung by sales, wrap-up 5 s), but its is_member_available (`_avail`) uses the
 * queue's own wrap-up (`snapshot-during-call`).
 */
export function inWrapUp(pbx: Pbx, queue: SimQueue, m: SimMember, rule: 'lastqueue' | 'own' = 'lastqueue'): boolean {
  const { lastCall, lastQueue } = pbx.memberStatsOf(m.interface);
  const wrapUp = (rule === 'lastqueue' && lastQueue !== undefined ? pbx.queues.get(lastQueue)?.def : queue.def)?.wrapUpSeconds ?? 0;
  return wrapUp > 0 && lastCall > 0 && pbx.nowSeconds() - lastCall < wrapUp;
}

/**
 * Whether a member counts as available for `Queue:<name>_avail`: free, unpaused and out of this
 * queue's own wrap-up (app_queue's is_member_available, unlike the ring decision, ignores lastqueue).
 */
function memberAvailable(pbx: Pbx, queue: SimQueue, m: SimMember): boolean {
  if (m.paused || memberStatus(pbx, m) !== 1) return false;
  if (m.agentNumber !== undefined && pbx.agents.get(m.agentNumber)?.inQueueCall) return false;
  return !inWrapUp(pbx, queue, m, 'own');
}

/** `Queue:<name>_avail` follows whether any member could take a call; sent on change only. */
export function refreshQueueAvail(pbx: Pbx, queue: SimQueue): void {
  const avail = queue.members.some((m) => memberAvailable(pbx, queue, m)) ? 'NOT_INUSE' : 'INUSE';
  if (avail === queue.avail) return;
  queue.avail = avail;
  pbx.deviceState(`Queue:${queue.def.name}_avail`, avail);
}

export interface QueueAddRequest {
  readonly queue: string;
  readonly iface: string;
  readonly memberName?: string;
  readonly stateInterface?: string;
  readonly penalty?: number;
  readonly paused?: boolean;
  readonly reason?: string;
}

/** AMI QueueAdd. Returns the AMI error message, or undefined on success. */
export function queueAdd(pbx: Pbx, req: QueueAddRequest): string | undefined {
  const queue = pbx.queues.get(req.queue);
  if (!queue) return 'Unable to add interface to queue: No such queue';
  if (queue.members.some((m) => m.interface === req.iface)) return 'Unable to add interface: Already there';
  const stateInterface = req.stateInterface || req.iface;
  // The agent behind a member: StateInterface Agent:<n>, or an interface Agent/<n> or Local/<n>@agents.
  const agentMatch = /^Agent:(\d+)$/.exec(stateInterface) ?? /^(?:Agent\/(\d+)|Local\/(\d+)@agents)$/.exec(req.iface);
  const m: SimMember = {
    queue: req.queue,
    interface: req.iface,
    memberName: req.memberName || req.iface,
    stateInterface,
    agentNumber: agentMatch ? (agentMatch[1] ?? agentMatch[2]) : undefined,
    penalty: req.penalty ?? 0,
    paused: req.paused ?? false,
    pausedReason: req.paused ? (req.reason ?? '') : '',
    lastPause: req.paused ? pbx.nowSeconds() : 0,
    loginTime: pbx.nowSeconds(),
    inCall: false,
    ringing: false,
  };
  queue.members.push(m);
  pbx.deviceState(`Queue:${req.queue}_pause_${req.iface}`, m.paused ? 'INUSE' : 'NOT_INUSE');
  memberEvent(pbx, 'QueueMemberAdded', m);
  refreshQueueAvail(pbx, queue);
  pbx.queueLogWrite('MANAGER', req.queue, m.memberName, 'ADDMEMBER', m.paused ? 'PAUSED' : '');
  dispatchQueue(pbx, queue);
  return undefined;
}

/** AMI QueueRemove. */
export function queueRemove(pbx: Pbx, queueName: string, iface: string): string | undefined {
  const queue = pbx.queues.get(queueName);
  if (!queue) return 'Unable to remove interface from queue: No such queue';
  const i = queue.members.findIndex((m) => m.interface === iface);
  if (i < 0) return 'Unable to remove interface: Not there';
  const [m] = queue.members.splice(i, 1);
  memberEvent(pbx, 'QueueMemberRemoved', m);
  refreshQueueAvail(pbx, queue);
  pbx.queueLogWrite('MANAGER', queueName, m.memberName, 'REMOVEMEMBER');
  return undefined;
}

/** The members an action addresses: one queue, or every queue (no Queue header). */
const membersOf = (pbx: Pbx, iface: string, queueName?: string): SimMember[] =>
  [...pbx.queues.values()]
    .filter((q) => !queueName || q.def.name === queueName)
    .flatMap((q) => q.members.filter((m) => m.interface === iface));

/** AMI QueuePause; without a queue it pauses everywhere and logs PAUSEALL/UNPAUSEALL too. */
export function queuePause(pbx: Pbx, iface: string, paused: boolean, reason: string, queueName?: string): string | undefined {
  const members = membersOf(pbx, iface, queueName);
  if (!members.length) return 'Interface not found';
  if (!queueName) pbx.queueLogWrite('NONE', 'NONE', members[0].memberName, paused ? 'PAUSEALL' : 'UNPAUSEALL', paused ? reason : '');
  for (const m of members) {
    m.paused = paused;
    m.pausedReason = paused ? reason : '';
    if (paused) m.lastPause = pbx.nowSeconds();
    const queue = pbx.queues.get(m.queue)!;
    pbx.deviceState(`Queue:${m.queue}_pause_${iface}`, paused ? 'INUSE' : 'NOT_INUSE');
    refreshQueueAvail(pbx, queue);
    memberEvent(pbx, 'QueueMemberPause', m);
    pbx.queueLogWrite('NONE', m.queue, m.memberName, paused ? 'PAUSE' : 'UNPAUSE', paused ? reason : '');
  }
  if (!paused) for (const m of members) dispatchQueue(pbx, pbx.queues.get(m.queue)!);
  return undefined;
}

/** AMI QueuePenalty; queue_log names the interface here, not the member name. */
export function queuePenalty(pbx: Pbx, iface: string, penalty: number, queueName?: string): string | undefined {
  const members = membersOf(pbx, iface, queueName);
  if (!members.length || !Number.isInteger(penalty) || penalty < 0) return 'Invalid interface, queuename or penalty';
  for (const m of members) {
    m.penalty = penalty;
    memberEvent(pbx, 'QueueMemberPenalty', m);
    pbx.queueLogWrite('NONE', m.queue, iface, 'PENALTY', String(penalty));
  }
  return undefined;
}

/** QueueMemberStatus in every queue the agent belongs to, after its device state changed. */
export function announceAgentMemberStatus(pbx: Pbx, agentNumber: string): void {
  for (const queue of pbx.queues.values())
    for (const m of queue.members)
      if (m.agentNumber === agentNumber) {
        memberEvent(pbx, 'QueueMemberStatus', m);
        refreshQueueAvail(pbx, queue);
      }
}
