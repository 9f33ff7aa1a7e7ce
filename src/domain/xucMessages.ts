/**
 * Payloads of the server → client messages of the Xuc protocol (shared/protocol/xuc-websocket.md §4),
 * field names and casing exactly as clients read them. The envelope is `{msgType, ctiMessage}`.
 */

export type AgentStateName =
  | 'AgentLoggedOut'
  | 'AgentLogin'
  | 'AgentReady'
  | 'AgentOnPause'
  | 'AgentOnWrapup'
  | 'AgentRinging'
  | 'AgentDialing'
  | 'AgentOnCall';

export type CallDirection = 'Incoming' | 'Outgoing';
export type CallType = 'Internal' | 'External';
export type MonitorState = 'ACTIVE' | 'PAUSED' | 'DISABLED';

/** `AgentStateEvent.ctiMessage`. `acd`, `direction`, `callType`, `monitorState` only in call states. */
export interface AgentStatePayload {
  name: AgentStateName;
  agentId: number;
  phoneNb: string;
  since: number;
  queues: number[];
  cause: string;
  acd?: boolean;
  direction?: CallDirection;
  callType?: CallType;
  monitorState?: MonitorState;
}

export type PhoneEventType =
  | 'EventDialing'
  | 'EventRinging'
  | 'EventEstablished'
  | 'EventReleased'
  | 'EventOnHold'
  | 'EventFailure';

/** `PhoneEvent.ctiMessage`. */
export interface PhoneEventPayload {
  eventType: PhoneEventType;
  DN: string;
  otherDN: string;
  otherDName: string;
  linkedId: string;
  uniqueId: string;
  queueName?: string;
  userData: Record<string, string>;
}

export type PhoneStatusName =
  | 'AVAILABLE'
  | 'CALLING'
  | 'BUSY'
  | 'INDISPONIBLE'
  | 'RINGING'
  | 'BUSY_AND_RINGING'
  | 'ONHOLD'
  | 'DEACTIVATED'
  | 'UNEXISTING'
  | 'ERROR';

/** The one place names and numeric codes of phone states meet (§4.3). */
export const phoneStatusCodes: Readonly<Record<PhoneStatusName, number>> = {
  AVAILABLE: 0,
  CALLING: 1,
  BUSY: 2,
  INDISPONIBLE: 4,
  RINGING: 8,
  BUSY_AND_RINGING: 9,
  ONHOLD: 16,
  DEACTIVATED: -1,
  UNEXISTING: -2,
  ERROR: -99,
};

/** `QueueMember.ctiMessage`; penalty -1 means "no longer a member". */
export interface QueueMemberPayload {
  agentId: number;
  queueId: number;
  penalty: number;
}

export interface StatCounter {
  statName: string;
  value: number;
}

/** `QueueStatistics.ctiMessage`. */
export interface QueueStatisticsPayload {
  queueId: number;
  queueRef?: string;
  counters: StatCounter[];
}

/** One entry of `QueueCalls.calls`; `queueTime` ISO 8601 UTC. */
export interface QueueCallPayload {
  position: number;
  name: string;
  number: string;
  queueTime: string;
}

export interface QueueCallsPayload {
  queueId: number;
  calls: QueueCallPayload[];
}

export interface AgentStatisticsPayload {
  id: number;
  statistics: Array<{ name: string; value: number | string }>;
}

export interface AgentListenPayload {
  started: boolean;
  phoneNumber: string;
  agentId: number;
}

export interface AgentErrorPayload {
  Error: 'PhoneNumberUnknown' | 'LoggedInOnAnotherPhone';
  phoneNb?: string;
  RequestedNb?: string;
}

/** Live queue counters the queue actors keep (names as on the wire). */
export type LiveQueueCounterName =
  | 'WaitingCalls'
  | 'LongestWaitTime'
  | 'EWT'
  | 'AvailableAgents'
  | 'TalkingAgents'
  | 'LoggedAgents';
