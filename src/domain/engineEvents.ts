import type {
  AgentListenPayload,
  AgentStatePayload,
  PhoneEventPayload,
  QueueCallPayload,
  QueueMemberPayload,
  StatCounter,
} from './xucMessages.js';

/**
 * What the engine publishes on its in-process bus: every domain change, already in the shape of
 * the Xuc message it becomes, plus the scope the transports need to decide who may see it.
 */
export type EngineEvent =
  | { kind: 'agentState'; agentId: number; state: AgentStatePayload }
  | { kind: 'phoneEvent'; lineId: number; event: PhoneEventPayload }
  | { kind: 'queueMember'; member: QueueMemberPayload }
  /** Live counters of one queue that changed (WaitingCalls, LongestWaitTime, EWT, …). */
  | { kind: 'queueLiveCounters'; queueId: number; counters: StatCounter[] }
  | { kind: 'queueCalls'; queueId: number; calls: QueueCallPayload[] }
  | { kind: 'agentListen'; agentId: number; listen: AgentListenPayload }
  | { kind: 'linkState'; state: AmiLinkStateName; since: number }
  /** The contact-center configuration changed (import, live edit); transports re-send configs. */
  | { kind: 'configChanged'; what: 'users' | 'lines' | 'agents' | 'agentGroups' | 'queues' | 'queueMembers' | 'userStatuses' };

export type AmiLinkStateName = 'connecting' | 'authenticating' | 'resyncing' | 'live' | 'backoff' | 'stopped';

export type EngineEventListener = (event: EngineEvent) => void;
