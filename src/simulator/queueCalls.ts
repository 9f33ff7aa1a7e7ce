import { agentCallable } from './agentPool.js';
import { channelHeaders, type SimChannel } from './channel.js';
import type { Pbx, SimMember, SimQueue, SimQueueCall } from './pbx.js';
import { announceAgentMemberStatus, inWrapUp, memberStatus, refreshQueueAvail } from './queueMembers.js';
import { orderCandidates } from './queueStrategy.js';

/** An agent answers about 0.43 s after AgentRequest picks it up (recordings). */
const agentAnswerMs = 425;
/** app_agent_pool refreshes the agent-side bridge variables about 0.5 s after the connect. */
const agentSettleMs = 500;

const queueApplicationData = (queue: SimQueue) =>
  queue.def.maxWaitSeconds !== undefined ? `${queue.def.name},,,,${queue.def.maxWaitSeconds}` : queue.def.name;

/** The QUEUE* variables app_queue sets on a channel (setqueuevar = yes). */
function queueVars(pbx: Pbx, ch: SimChannel, queue: SimQueue): void {
  const vars: Array<[string, string]> = [
    ['QUEUENAME', queue.def.name], ['QUEUEMAX', '0'], ['QUEUESTRATEGY', queue.def.strategy],
    ['QUEUECALLS', String(queue.waiting.length)], ['QUEUEHOLDTIME', String(queue.holdtime)],
    ['QUEUETALKTIME', String(queue.talktime)], ['QUEUECOMPLETED', String(queue.completed)],
    ['QUEUEABANDONED', String(queue.abandoned)], ['QUEUESRVLEVEL', String(queue.def.serviceLevelSeconds)],
    ['QUEUESRVLEVELPERF', '0.0'],
  ];
  for (const [k, v] of vars) pbx.varset(ch, k, v);
}

const seconds = (ms: number) => Math.floor(ms / 1000);
/** app_queue counts whole seconds of wall clock, so 0.4 s across a second boundary is 1. */
const holdSeconds = (pbx: Pbx, call: SimQueueCall) => pbx.nowSeconds() - seconds(call.joinedAt);
const runningAverage = (old: number, value: number, first: boolean) => (first ? value : ((old << 2) - old + value) >> 2);

function callerEvent(pbx: Pbx, name: string, call: SimQueueCall, extra: Array<[string, string]>): void {
  pbx.channelEvent(name, call.caller, [['Queue', call.queue], ...extra], 'agent,all');
}

/** Queue(<name>) on a caller channel: join, or refuse with JOINEMPTY (joinempty = no). */
export function joinQueueFromDialplan(pbx: Pbx, ch: SimChannel, queue: SimQueue): void {
  const number = queue.def.number;
  pbx.newexten(ch, 'queues', number, 1, 'NoOp', `queue ${queue.def.name}`);
  pbx.newexten(ch, 'queues', number, 2, 'Queue', queueApplicationData(queue));
  for (const v of ['ANSWEREDTIME', 'ANSWEREDTIME_MS', 'DIALEDTIME', 'DIALEDTIME_MS', 'QUEUEWAIT', 'QUEUEWAIT_MS']) pbx.varset(ch, v, '');
  const usable = queue.members.some((m) => !m.paused && memberStatus(pbx, m) !== 5);
  if (queue.def.refuseWhenEmpty && !usable) {
    pbx.deviceState(ch.device, 'INUSE');
    pbx.varset(ch, 'QUEUESTATUS', 'JOINEMPTY');
    pbx.newexten(ch, 'queues', number, 3, 'NoOp', 'QUEUESTATUS=JOINEMPTY');
    // Like XiVO's dialplan, the refusal is logged by QueueLog(), app_queue logs nothing.
    pbx.newexten(ch, 'queues', number, 4, 'ExecIf', `1?QueueLog(${queue.def.name},${ch.uniqueid},NONE,JOINEMPTY)`);
    pbx.queueLogWrite(ch.uniqueid, queue.def.name, 'NONE', 'JOINEMPTY');
    pbx.newexten(ch, 'queues', number, 5, 'Hangup', '');
    pbx.hangup(ch);
    return;
  }
  const call: SimQueueCall = { caller: ch, queue: queue.def.name, joinedAt: pbx.clock.now(), originalPosition: queue.waiting.length + 1, attempts: [] };
  queue.waiting.push(call);
  pbx.deviceState(ch.device, 'INUSE');
  if (queue.waiting.length === 1) pbx.deviceState(`Queue:${queue.def.name}`, 'RINGING');
  callerEvent(pbx, 'QueueCallerJoin', call, [['Position', String(queue.waiting.length)], ['Count', String(queue.waiting.length)]]);
  pbx.channelEvent('MusicOnHoldStart', ch, [['Class', 'default']]);
  pbx.queueLogWrite(ch.uniqueid, queue.def.name, 'NONE', 'ENTERQUEUE', '', ch.callerNum, String(call.originalPosition));
  ch.onEnd = () => leaveQueue(pbx, queue, call, 'abandon');
  if (queue.def.maxWaitSeconds !== undefined)
    call.timeoutTimer = pbx.after(queue.def.maxWaitSeconds * 1000, () => leaveQueue(pbx, queue, call, 'timeout'), ch);
  dispatchQueue(pbx, queue);
}

/** The caller leaves unanswered: hung up (abandon) or Queue() timeout; both count as Abandoned. */
function leaveQueue(pbx: Pbx, queue: SimQueue, call: SimQueueCall, why: 'abandon' | 'timeout'): void {
  const position = queue.waiting.indexOf(call) + 1;
  if (position === 0) return;
  const ch = call.caller;
  ch.onEnd = undefined;
  cancelAttempts(pbx, call);
  pbx.cancel(call.timeoutTimer);
  const waitMs = pbx.clock.now() - call.joinedAt;
  const hold = holdSeconds(pbx, call);
  pbx.channelEvent('MusicOnHoldStop', ch);
  pbx.varset(ch, 'QUEUEWAIT', String(seconds(waitMs)));
  pbx.varset(ch, 'QUEUEWAIT_MS', String(waitMs));
  pbx.varset(ch, 'DIALEDTIME', String(seconds(waitMs)));
  pbx.varset(ch, 'DIALEDTIME_MS', String(waitMs));
  pbx.varset(ch, 'ANSWEREDTIME', '0');
  pbx.varset(ch, 'ANSWEREDTIME_MS', '0');
  if (why === 'abandon') pbx.varset(ch, 'ABANDONED', 'TRUE');
  queueVars(pbx, ch, queue);
  queue.abandoned++;
  callerEvent(pbx, 'QueueCallerAbandon', call, [
    ['Position', String(position)], ['OriginalPosition', String(call.originalPosition)], ['HoldTime', String(hold)],
  ]);
  queueVars(pbx, ch, queue);
  queue.waiting.splice(position - 1, 1);
  if (!queue.waiting.length) pbx.deviceState(`Queue:${queue.def.name}`, 'NOT_INUSE');
  callerEvent(pbx, 'QueueCallerLeave', call, [['Position', String(position)], ['Count', String(queue.waiting.length)]]);
  pbx.varset(ch, 'QUEUEPOSITION', String(position));
  if (why === 'abandon') {
    pbx.queueLogWrite(ch.uniqueid, queue.def.name, 'NONE', 'ABANDON', String(position), String(call.originalPosition), String(hold));
    return;
  }
  pbx.queueLogWrite(ch.uniqueid, queue.def.name, 'NONE', 'EXITWITHTIMEOUT', String(position), String(call.originalPosition), String(hold));
  pbx.varset(ch, 'QUEUESTATUS', 'TIMEOUT');
  pbx.newexten(ch, 'queues', queue.def.number, 3, 'NoOp', 'QUEUESTATUS=TIMEOUT');
  pbx.newexten(ch, 'queues', queue.def.number, 4, 'Hangup', '');
  pbx.hangup(ch);
  dispatchQueue(pbx, queue);
}

/** Whether a member's agent is free and unpaused (ringinuse = no, probation), wrap-up aside. */
function freeMember(pbx: Pbx, m: SimMember): boolean {
  if (m.paused || m.ringing || m.agentNumber === undefined) return false;
  const agent = pbx.agents.get(m.agentNumber);
  if (!agent || !agentCallable(agent)) return false;
  return ![...pbx.queues.values()].some((q) => q.members.some((o) => o.agentNumber === m.agentNumber && o.ringing));
}

/** Whether a member may be rung now: free and out of the wrap-up of its last call's queue. */
const ringable = (pbx: Pbx, queue: SimQueue, m: SimMember): boolean => freeMember(pbx, m) && !inWrapUp(pbx, queue, m);

/**
 * Lets each waiting caller whose look is due look for a member (autofill = yes). As app_queue's
 * is_our_turn, a caller may ring only if fewer callers ahead of it (not ringing one already)
 * than members available to this queue (is_member_available: this queue's own wrap-up, after
 * a call of any queue since shared_lastcall = yes); then, as can_ring_entry, it rings a member
 * out of the wrap-up of the queue of its last call (lastqueue). So at load-small t≈155 s sales
 * callers wait while the only free agents are just off support calls, and at t≈171 s the head
 * caller, its turn given by two agents out of sales' wrap-up, rings an agent 0.7 s after a
 * support call. A caller that finds it is not its turn, or no member it may ring, looks again
 * on its own cycle from its join, however soon a member comes free.
 */
export function dispatchQueue(pbx: Pbx, queue: SimQueue): void {
  const now = pbx.clock.now();
  const free = queue.members.filter((m) => freeMember(pbx, m) && !inWrapUp(pbx, queue, m, 'own')).length;
  let ahead = 0;
  for (const call of queue.waiting) {
    if (call.attempts.length) continue;
    const turn = ahead++ < free;
    if ((call.retryAt ?? 0) > now || (call.nextLook ?? 0) > now) continue;
    if (turn && ringBest(pbx, queue, call)) continue;
    call.nextLook = now + lookAgainMs;
    pbx.after(lookAgainMs, () => dispatchQueue(pbx, queue), call.caller);
  }
}

/**
 * app_queue's RECHECK (and the lab's `retry`), one second, plus the ~0.9 ms each of Asterisk's
 * wait loops takes beyond it: load-small's long waits (22 callers, 251 loops) average 1000.95 ms
 * a loop from QueueCallerJoin to AgentCalled, the ring itself included. Wrap-ups end on whole
 * seconds, so over a dozen loops this drift decides which side of a second a look falls on.
 */
const lookAgainMs = 1000.91;

/** Rings the best member(s) the strategy gives for this caller; false if there is none. */
function ringBest(pbx: Pbx, queue: SimQueue, call: SimQueueCall): boolean {
  const candidates = queue.members
    .filter((m) => ringable(pbx, queue, m))
    .map((m) => ({ interface: m.interface, penalty: m.penalty, ...pbx.memberStatsOf(m.interface) }));
  if (!candidates.length) return false;
  const order = orderCandidates(queue.def.strategy, candidates, queue.members.map((m) => m.interface), {
    lastRung: queue.lastRung,
    random: () => pbx.random.next(),
  });
  // ringall rings the whole best penalty tier at once; the others one member at a time.
  const chosen = queue.def.strategy === 'ringall' ? order.filter((c) => c.penalty === order[0].penalty) : [order[0]];
  for (const c of chosen) {
    const member = queue.members.find((m) => m.interface === c.interface)!;
    if (ringable(pbx, queue, member)) ringMember(pbx, queue, call, member);
  }
  return true;
}

export function dispatchAllQueues(pbx: Pbx): void {
  for (const q of pbx.queues.values()) dispatchQueue(pbx, q);
}

/** AgentCalled: the member's Local/<n>@agents is dialed and its ;2 half runs AgentRequest(n). */
function ringMember(pbx: Pbx, queue: SimQueue, call: SimQueueCall, member: SimMember): void {
  const agent = pbx.agents.get(member.agentNumber!)!;
  const login = agent.loginChannel!;
  const caller = call.caller;
  const [, exten = member.agentNumber!, context = 'agents'] = /^Local\/([^@]+)@(.+)$/.exec(member.interface) ?? [];
  member.ringing = true;
  queue.lastRung = member.interface;
  const [one, two] = pbx.newLocalPair({
    exten, context, outgoingApp: 'AppQueue',
    callerNum: exten, callerName: agent.name, connectedNum: caller.callerNum, connectedName: caller.callerName,
    secondCallerNum: caller.callerNum, secondCallerName: caller.callerName,
    linkedid: caller.linkedid, dialedPeerNumber: `${exten}@${context}`,
  });
  pbx.event('AgentCalled', 'agent,all', [
    ...channelHeaders(caller), ...channelHeaders(one, 'Dest'),
    ['Queue', queue.def.name], ['Interface', member.interface], ['MemberName', member.memberName],
  ]);
  pbx.dialEvent('DialBegin', caller, one, ['DialString', member.interface]);
  pbx.newexten(two, context, exten, 1, 'NoOp', `queue call for agent ${agent.number}`);
  pbx.newexten(two, context, exten, 2, 'AgentRequest', agent.number);
  const agentBridge = pbx.createBridge('basic');
  agent.callChannel = two;
  agent.callStarted = pbx.nowSeconds();
  pbx.deviceState(`Agent:${agent.number}`, 'INUSE');
  announceAgentMemberStatus(pbx, agent.number);
  pbx.setConnectedLine(login, caller.callerNum, caller.callerName);
  pbx.enterBridge(agentBridge, two);
  pbx.varset(two, 'AGENT_STATUS', 'NOT_CONNECTED');
  pbx.setState(one, 5);
  pbx.newexten(one, context, queue.def.number, 1, 'AppQueue', '(Outgoing Line)');
  pbx.setConnectedLine(one, caller.callerNum, caller.callerName);
  pbx.channelEvent('MusicOnHoldStop', login);
  pbx.dialEvent('DialState', caller, one, ['DialStatus', 'RINGING']);
  pbx.deviceState(one.device, 'INUSE');
  refreshQueueAvail(pbx, queue);
  // A ring that ends before the answer gives the agent back to the agent_hold bridge.
  two.onEnd = () => {
    if (agent.callChannel !== two) return;
    agent.callChannel = undefined;
    member.ringing = false;
    if (login.alive) {
      pbx.channelEvent('MusicOnHoldStart', login, [['Class', 'default']]);
      announceAgentMemberStatus(pbx, agent.number);
      pbx.deviceState(`Agent:${agent.number}`, 'NOT_INUSE');
      pbx.after(0, () => dispatchAllQueues(pbx));
    }
  };
  const rate = pbx.options.agentNoAnswerRate ?? 0;
  const answers = rate <= 0 || pbx.random.next() >= rate;
  const timer = answers
    ? pbx.after(agentAnswerMs, () => connect(pbx, queue, call, member, one, two, agentBridge), one)
    : pbx.after(queue.def.memberTimeoutSeconds * 1000, () => ringNoAnswer(pbx, queue, call, member, one), one);
  call.attempts.push({ member, channel: one, timer });
}

/** The member let it ring for the queue's member timeout: app_queue tries again after `retry`. */
function ringNoAnswer(pbx: Pbx, queue: SimQueue, call: SimQueueCall, member: SimMember, one: SimChannel): void {
  call.attempts = call.attempts.filter((a) => a.member !== member);
  member.ringing = false;
  const caller = call.caller;
  const ringMs = queue.def.memberTimeoutSeconds * 1000;
  pbx.event('AgentRingNoAnswer', 'agent,all', [
    ...channelHeaders(caller), ...channelHeaders(one, 'Dest'),
    ['Queue', queue.def.name], ['Interface', member.interface], ['MemberName', member.memberName], ['RingTime', String(ringMs / 1000)],
  ]);
  pbx.dialEvent('DialEnd', caller, one, ['DialStatus', 'NOANSWER']);
  pbx.queueLogWrite(caller.uniqueid, queue.def.name, member.memberName, 'RINGNOANSWER', String(ringMs));
  if (!call.attempts.length) call.retryAt = pbx.clock.now() + queue.def.retrySeconds * 1000;
  pbx.terminate(one);
  pbx.after(queue.def.retrySeconds * 1000, () => dispatchQueue(pbx, queue), caller);
}

/** Stops ringing members (all, or all but the one who answered): DialEnd CANCEL and hang up. */
function cancelAttempts(pbx: Pbx, call: SimQueueCall, except?: SimMember): void {
  const cancelled = call.attempts.filter((a) => a.member !== except);
  call.attempts = [];
  for (const attempt of cancelled) {
    pbx.cancel(attempt.timer);
    attempt.member.ringing = false;
    if (attempt.channel.alive) {
      pbx.dialEvent('DialEnd', call.caller, attempt.channel, ['DialStatus', 'CANCEL']);
      pbx.terminate(attempt.channel);
    }
  }
}

/** The agent picks up: its login channel joins the member channel, the caller is bridged. */
function connect(pbx: Pbx, queue: SimQueue, call: SimQueueCall, member: SimMember, one: SimChannel, two: SimChannel, agentBridge: NonNullable<SimChannel['bridge']>): void {
  const agent = pbx.agents.get(member.agentNumber!)!;
  const login = agent.loginChannel;
  const caller = call.caller;
  if (!login) {
    // The agent logged off while its member channel rang: that ring ends unanswered.
    call.attempts = call.attempts.filter((a) => a.member !== member);
    member.ringing = false;
    pbx.dialEvent('DialEnd', caller, one, ['DialStatus', 'NOANSWER']);
    pbx.terminate(one);
    pbx.after(0, () => dispatchQueue(pbx, queue), caller);
    return;
  }
  const hold = holdSeconds(pbx, call);
  const position = queue.waiting.indexOf(call) + 1;
  two.onEnd = undefined;
  cancelAttempts(pbx, call, member);
  if (login.bridge) {
    const holdBridge = login.bridge;
    holdBridge.channels.splice(holdBridge.channels.indexOf(login), 1);
    login.bridge = undefined;
    pbx.bridgeLeaveEvent(holdBridge, login);
  }
  pbx.enterBridge(agentBridge, login);
  pbx.bridgePeerVars(two, login);
  pbx.setConnectedLine(two, login.callerNum, login.callerName);
  pbx.setState(two, 6);
  pbx.setConnectedLine(caller, one.callerNum, one.callerName);
  pbx.setState(one, 6);
  pbx.setCallerId(one, one.callerNum, one.callerName);
  pbx.deviceState(one.device, 'INUSE');
  pbx.dialEvent('DialEnd', caller, one, ['DialStatus', 'ANSWER']);
  pbx.channelEvent('MusicOnHoldStop', caller);
  const stats = pbx.memberStatsOf(member.interface);
  for (const ch of [caller, one]) {
    pbx.varset(ch, 'MEMBERINTERFACE', member.interface);
    pbx.varset(ch, 'MEMBERNAME', member.memberName);
    pbx.varset(ch, 'MEMBERCALLS', String(stats.callsTaken));
    pbx.varset(ch, 'MEMBERLASTCALL', String(stats.lastCall));
    pbx.varset(ch, 'MEMBERPENALTY', String(member.penalty));
    pbx.varset(ch, 'MEMBERDYNAMIC', '1');
    pbx.varset(ch, 'MEMBERREALTIME', '0');
  }
  for (const ch of [caller, one]) {
    pbx.varset(ch, 'QEHOLDTIME', String(hold));
    pbx.varset(ch, 'QEORIGINALPOS', String(call.originalPosition));
  }
  queue.holdtime = runningAverage(queue.holdtime, hold, queue.completed === 0);
  queueVars(pbx, caller, queue);
  queueVars(pbx, one, queue);
  queue.waiting.splice(position - 1, 1);
  if (!queue.waiting.length) pbx.deviceState(`Queue:${queue.def.name}`, 'NOT_INUSE');
  callerEvent(pbx, 'QueueCallerLeave', call, [['Position', String(position)], ['Count', String(queue.waiting.length)]]);
  const waitMs = pbx.clock.now() - call.joinedAt;
  pbx.varset(caller, 'QUEUEPOSITION', String(position));
  pbx.varset(caller, 'QUEUEWAIT', String(seconds(waitMs)));
  pbx.varset(caller, 'QUEUEWAIT_MS', String(waitMs));
  const agentEvent = (name: string, extra: Array<[string, string]>) =>
    pbx.event(name, 'agent,all', [
      ...(caller.alive ? channelHeaders(caller) : []), ...channelHeaders(one, 'Dest'),
      ['Queue', queue.def.name], ['Interface', member.interface], ['MemberName', member.memberName], ...extra,
    ]);
  agentEvent('AgentConnect', [['HoldTime', String(hold)], ['RingTime', '0']]);
  pbx.queueLogWrite(caller.uniqueid, queue.def.name, member.memberName, 'CONNECT', String(hold), one.uniqueid, '0');
  call.member = member;
  call.memberChannel = one;
  call.connectedAt = pbx.clock.now();
  pbx.cancel(call.timeoutTimer);
  member.ringing = false;
  member.inCall = true;
  agent.inQueueCall = true;
  const callBridge = pbx.createBridge('basic');
  pbx.enterBridge(callBridge, one);
  pbx.enterBridge(callBridge, caller);
  pbx.bridgePeerVars(one, caller);
  pbx.after(agentSettleMs, () => {
    if (two.bridge === agentBridge && login.bridge === agentBridge) pbx.bridgePeerVars(two, login);
    pbx.varset(two, 'AGENT_STATUS', '');
  }, two);
  const connectedAt = call.connectedAt;
  let done = false;
  const complete = (reason: 'caller' | 'agent') => {
    if (done) return;
    done = true;
    const talk = pbx.nowSeconds() - seconds(connectedAt);
    queueVars(pbx, caller, queue);
    const now = pbx.clock.now();
    pbx.varset(caller, 'ANSWEREDTIME', String(seconds(now - connectedAt)));
    pbx.varset(caller, 'ANSWEREDTIME_MS', String(now - connectedAt));
    pbx.varset(caller, 'DIALEDTIME', String(seconds(now - call.joinedAt)));
    pbx.varset(caller, 'DIALEDTIME_MS', String(now - call.joinedAt));
    queueVars(pbx, caller, queue);
    if (caller.partner && !caller.partner.alive) pbx.setCallerId(caller.partner, caller.partner.callerNum, caller.partner.callerName);
    agentEvent('AgentComplete', [['HoldTime', String(hold)], ['TalkTime', String(talk)], ['Reason', reason]]);
    pbx.queueLogWrite(caller.uniqueid, queue.def.name, member.memberName, reason === 'caller' ? 'COMPLETECALLER' : 'COMPLETEAGENT',
      String(hold), String(talk), String(call.originalPosition));
    queue.talktime = runningAverage(queue.talktime, talk, queue.completed === 0);
    queue.completed++;
    stats.callsTaken++;
    stats.lastCall = pbx.nowSeconds();
    stats.lastQueue = queue.def.name;
    member.inCall = false;
    agent.inQueueCall = false;
    for (const q of pbx.queues.values()) if (q.members.some((m) => m.agentNumber === agent.number)) refreshQueueAvail(pbx, q);
    // This queue's wrap-up now holds the member back in every queue (lastqueue): all look again after it.
    if (queue.def.wrapUpSeconds > 0) pbx.after(queue.def.wrapUpSeconds * 1000 + 1, () => dispatchAllQueues(pbx));
  };
  caller.onEnd = () => complete('caller');
  caller.onBridgeBroken = () => {
    complete('agent');
    caller.onEnd = undefined;
    pbx.newexten(caller, 'queues', queue.def.number, 3, 'NoOp', 'QUEUESTATUS=');
    pbx.hangup(caller);
  };
}
