import type { SimChannel } from './channel.js';
import type { SimQueueDefinition } from './pbxDefinition.js';

/** An app_agent_pool agent. */
export interface SimAgent {
  readonly number: string;
  readonly name: string;
  /** The channel running AgentLogin(number), while logged in. */
  loginChannel?: SimChannel;
  loginTime: number;
  /** app_agent_pool's login probation: not callable until it ends. */
  probation: boolean;
  /** The Local/<n>@agents;2 half the agent is bridged with during a queue call. */
  callChannel?: SimChannel;
  callStarted: number;
  /** Between a queue call's connect and its AgentComplete. */
  inQueueCall: boolean;
}

export interface SimMember {
  readonly queue: string;
  readonly interface: string;
  readonly memberName: string;
  readonly stateInterface: string;
  readonly agentNumber?: string;
  penalty: number;
  paused: boolean;
  pausedReason: string;
  lastPause: number;
  readonly loginTime: number;
  inCall: boolean;
  /** Being rung by this queue right now. */
  ringing: boolean;
}

export interface SimQueueCall {
  readonly caller: SimChannel;
  readonly queue: string;
  readonly joinedAt: number;
  readonly originalPosition: number;
  member?: SimMember;
  memberChannel?: SimChannel;
  connectedAt?: number;
  /** The member attempts in progress (ringing): one, or a whole penalty tier with ringall. */
  attempts: Array<{ member: SimMember; channel: SimChannel; timer: unknown }>;
  timeoutTimer?: unknown;
  /** After a ring-no-answer app_queue waits `retry` seconds before the next round. */
  retryAt?: number;
  /** A waiting caller looks for a member on its own cycle (app_queue's RECHECK/retry): next look. */
  nextLook?: number;
}

export interface SimQueue {
  readonly def: SimQueueDefinition;
  readonly members: SimMember[];
  /** Waiting callers in position order. */
  readonly waiting: SimQueueCall[];
  completed: number;
  abandoned: number;
  holdtime: number;
  talktime: number;
  /** The last `Queue:<name>_avail` device state sent (sent on change only). */
  avail: 'INUSE' | 'NOT_INUSE';
  /** rrmemory: the member interface rung last. */
  lastRung?: string;
}

/** Per member interface, shared by all queues (queues.conf shared_lastcall = yes). */
export interface MemberStats {
  callsTaken: number;
  lastCall: number;
  /** The queue of the last call: its wrap-up is the one that applies in every queue. */
  lastQueue?: string;
}

