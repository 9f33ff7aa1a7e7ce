/**
 * What the pure AMI translation (`translate(view, frame, at)`, src/actors/router) produces and the machines consume:
 * the contact center's facts, already interpreted (Local channel halves paired, bridges followed,
 * agents' login channels known), addressed by Asterisk names (line interface, agent number,
 * queue name). The router maps those names to configured ids and actor systemIds.
 */

export type CallState = 'dialing' | 'ringing' | 'established' | 'onHold' | 'released';

/** One call as seen from one line (or one agent): what a PhoneEvent is built from. */
export interface CallInfo {
  /**
   * Uniqueid of the line's own channel for this call. For a queue call to an app_agent_pool agent,
   * the `;2` half of the member Local channel (`Local/1001@agents-…;2`): one per call, while the
   * agent's login channel lives for the whole login.
   */
  uniqueId: string;
  linkedId: string;
  channel: string;
  state: CallState;
  direction: 'Incoming' | 'Outgoing';
  otherDN: string;
  otherDName: string;
  /** Set when the call came through a queue (ACD). */
  queueName?: string;
  /** `XIVO_*` variables and attached data `USR_*`, as known so far. */
  userData: Record<string, string>;
  /** The other party is not a configured line (callType External). */
  external: boolean;
}

/** A queue member exactly as every `QueueMember*` event carries it. */
export interface MemberState {
  interface: string;
  memberName: string;
  stateInterface: string;
  /** The agent number when the member is an agent (`Agent/1001`, `Local/1001@agents`, `Agent:1001`). */
  agentNumber?: string;
  penalty: number;
  paused: boolean;
  pausedReason: string;
  /** app_queue device status: 1 NOT_INUSE, 2 INUSE, 5 UNAVAILABLE, 6 RINGING, … */
  status: number;
  inCall: boolean;
  callsTaken: number;
  membership: string;
}

export interface QueueCaller {
  uniqueId: string;
  channel: string;
  callerIdNum: string;
  callerIdName: string;
  position: number;
  /** Epoch ms when the caller entered the queue. */
  joinedAt: number;
}

/**
 * Why a caller left a queue, as far as AMI tells (QUEUESTATUS, abandon, connect). A Queue()
 * timeout first reads `abandoned` (Asterisk sends QueueCallerAbandon) and is corrected to `timeout`
 * by a later `queue.callOutcome` when `QUEUESTATUS=TIMEOUT` arrives.
 */
export type QueueExit = 'answered' | 'abandoned' | 'timeout' | 'joinempty' | 'leaveempty' | 'full' | 'continue' | 'unknown';

export type DomainEvent =
  // Lines: a call on the line changed state.
  | { type: 'line.call'; lineInterface: string; call: CallInfo; at: number }
  // Agents.
  | { type: 'agent.loggedIn'; agentNumber: string; lineInterface: string; channel: string; at: number }
  | { type: 'agent.loggedOut'; agentNumber: string; at: number }
  /** `DeviceStateChange Agent:<n>`: NOT_INUSE after login ends the login probation. */
  | { type: 'agent.deviceState'; agentNumber: string; state: string; at: number }
  /** A call on the line the agent is logged on (ACD or not). */
  | { type: 'agent.call'; agentNumber: string; call: CallInfo; at: number }
  /** app_queue's view of an ACD call to the agent (AgentCalled/Connect/Complete/RingNoAnswer). */
  | {
      type: 'agent.acd';
      agentNumber: string;
      phase: 'called' | 'connected' | 'completed' | 'ringNoAnswer';
      queue: string;
      callerUniqueId: string;
      callerIdNum: string;
      callerIdName: string;
      holdTime?: number;
      talkTime?: number;
      ringTime?: number;
      reason?: string;
      at: number;
    }
  // Queue membership (addressed to the queue, and to the agent when agentNumber is known).
  | { type: 'member.updated'; queue: string; member: MemberState; at: number }
  | { type: 'member.removed'; queue: string; member: MemberState; at: number }
  // Queue callers.
  | { type: 'queue.callerJoined'; queue: string; caller: QueueCaller; count: number; at: number }
  | { type: 'queue.callerLeft'; queue: string; uniqueId: string; count: number; exit: QueueExit; at: number }
  | {
      type: 'queue.callerAbandoned';
      queue: string;
      uniqueId: string;
      position: number;
      originalPosition: number;
      holdTime: number;
      at: number;
    }
  /** A QUEUESTATUS seen on a channel that never joined (JOINEMPTY, FULL…) or that timed out. */
  | { type: 'queue.callOutcome'; queue?: string; uniqueId: string; exit: QueueExit; at: number }
  // Resync: the complete state Asterisk reports; every actor is forced to it.
  | { type: 'snapshot'; snapshot: ResyncSnapshot; at: number };

export interface ResyncSnapshot {
  /** Calls in progress per line interface. */
  lines: Record<string, CallInfo[]>;
  agents: Record<
    string,
    { loggedIn: boolean; lineInterface?: string; channel?: string; onCall: boolean; loggedInAt?: number }
  >;
  queues: Record<string, { members: MemberState[]; callers: QueueCaller[] }>;
}

export type DomainEventType = DomainEvent['type'];
