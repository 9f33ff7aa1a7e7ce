import type { AmiFrame } from './amiFrame.js';
import type { EngineEventListener, AmiLinkStateName } from './engineEvents.js';
import type {
  AgentStatePayload,
  PhoneEventPayload,
  QueueCallPayload,
  QueueMemberPayload,
  StatCounter,
} from './xucMessages.js';

/**
 * The engine as the transports (WebSocket, REST) and services (callbacks, default membership)
 * see it. Ids are configuration ids. Every command is checked against the actor's state, becomes
 * AMI action(s), and resolves when Asterisk's events confirm it; it rejects with an `XucError`
 * (unknown id, wrong state, AMI down or refusing, not confirmed in time). Rights are the caller's job.
 */
export interface EngineApi {
  // Queries: the current view, synchronous.
  agentStates(): AgentStatePayload[];
  agentState(agentId: number): AgentStatePayload | undefined;
  /** The last PhoneEvent of each call in progress on the line. */
  currentCalls(lineId: number): PhoneEventPayload[];
  queueMembers(): QueueMemberPayload[];
  queueLiveCounters(queueId: number): StatCounter[];
  queueCalls(queueId: number): QueueCallPayload[];
  linkStatus(): LinkStatus;

  // Agent commands.
  agentLogin(cmd: { agentId: number; phoneNumber: string }): Promise<void>;
  agentLogout(cmd: { agentId: number }): Promise<void>;
  pauseAgent(cmd: { agentId: number; reason?: string }): Promise<void>;
  unpauseAgent(cmd: { agentId: number }): Promise<void>;
  /** Calls the listener's line and spies on the agent's call. */
  listenAgent(cmd: { agentId: number; listenerLineId: number }): Promise<void>;
  monitorPause(cmd: { agentId: number }): Promise<void>;
  monitorUnpause(cmd: { agentId: number }): Promise<void>;
  setAgentQueue(cmd: { agentId: number; queueId: number; penalty: number }): Promise<void>;
  removeAgentFromQueue(cmd: { agentId: number; queueId: number }): Promise<void>;

  // Phone commands on a configured line.
  dial(cmd: { lineId: number; destination: string; variables?: Record<string, string>; callerId?: string }): Promise<void>;
  /** Originates from an arbitrary number (a user's mobile) to a destination. */
  dialFromNumber(cmd: { from: string; destination: string; variables?: Record<string, string>; callerId?: string }): Promise<void>;
  dialFromQueue(cmd: {
    queueId: number;
    destination: string;
    callerIdName?: string;
    callerIdNumber?: string;
    variables?: Record<string, string>;
  }): Promise<void>;
  answer(cmd: { lineId: number; uniqueId?: string }): Promise<void>;
  hangup(cmd: { lineId: number; uniqueId?: string }): Promise<void>;
  hold(cmd: { lineId: number; uniqueId?: string }): Promise<void>;
  directTransfer(cmd: { lineId: number; destination: string }): Promise<void>;
  attendedTransfer(cmd: { lineId: number; destination: string }): Promise<void>;
  completeTransfer(cmd: { lineId: number }): Promise<void>;
  cancelTransfer(cmd: { lineId: number }): Promise<void>;
  conference(cmd: { lineId: number }): Promise<void>;
  setData(cmd: { lineId: number; variables: Record<string, string> }): Promise<void>;
  sendDtmf(cmd: { lineId: number; key: string }): Promise<void>;

  // Observation.
  subscribe(listener: EngineEventListener): () => void;
  /** Every AMI frame after parsing, in order (statistics derive queue_log records from it). */
  onAmiFrame(listener: (frame: AmiFrame, receivedAt: number) => void): () => void;
}

export interface LinkStatus {
  state: AmiLinkStateName;
  since: number;
  lastResyncAt?: number;
  lastResyncDurationMs?: number;
  reconnects: number;
  eventsReceived: number;
  unknownEvents: number;
}
