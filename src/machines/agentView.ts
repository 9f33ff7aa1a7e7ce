import type { AgentStateName, AgentStatePayload, MonitorState } from '../domain/xucMessages.js';
import { agentCallView, type AcdLeg, type AgentCall } from './agentCallState.js';
import { queueIdsOf, type AgentMembership } from './agentMembership.js';
import type { NameDirectory } from './nameDirectory.js';

/**
 * What clients see of an agent (an `AgentStateEvent` without `since`), derived from the agent
 * machine's context. Pure, so the machine, the engine's queries and the tests agree on it.
 */
export type AgentPhase = 'loggedOut' | 'login' | 'ready' | 'onPause' | 'onCall' | 'wrapUp';

export type AgentView = Omit<AgentStatePayload, 'since'>;

/** The part of the agent machine's context the view is made of. */
export interface AgentViewSource {
  agentId: number;
  directory: NameDirectory;
  phase: AgentPhase;
  phoneNb: string;
  memberships: readonly AgentMembership[];
  pauseCause: string;
  calls: Readonly<Record<string, AgentCall>>;
  acd: AcdLeg | undefined;
  monitorState: MonitorState;
  /** Epoch ms when the state clients see was entered. */
  since: number;
}

const phaseNames: Record<Exclude<AgentPhase, 'onCall'>, AgentStateName> = {
  loggedOut: 'AgentLoggedOut',
  login: 'AgentLogin',
  ready: 'AgentReady',
  onPause: 'AgentOnPause',
  wrapUp: 'AgentOnWrapup',
};

// Views are written out field by field, not spread: every agent keeps its last view, and a
// spread object keeps its fields in a separate, larger store.
export function agentViewOf(source: AgentViewSource): AgentView {
  const queues = queueIdsOf(source.memberships, source.directory);
  if (source.phase === 'onCall') {
    const call = agentCallView(source.calls, source.acd);
    return {
      name: call?.name ?? 'AgentOnCall',
      agentId: source.agentId,
      phoneNb: source.phoneNb,
      queues,
      cause: '',
      acd: call?.acd ?? false,
      direction: call?.direction ?? 'Incoming',
      callType: call?.callType ?? 'External',
      monitorState: source.monitorState,
    };
  }
  const cause = source.phase === 'onPause' ? source.pauseCause : '';
  return { name: phaseNames[source.phase], agentId: source.agentId, phoneNb: source.phoneNb, queues, cause };
}

/** True when clients would see no difference (a changed `since` alone is not a change). */
export function sameAgentView(a: AgentView, b: AgentView): boolean {
  return (
    a.name === b.name &&
    a.cause === b.cause &&
    a.phoneNb === b.phoneNb &&
    a.acd === b.acd &&
    a.direction === b.direction &&
    a.callType === b.callType &&
    a.monitorState === b.monitorState &&
    a.queues.length === b.queues.length &&
    a.queues.every((q, i) => q === b.queues[i])
  );
}

/** The `AgentStateEvent` payload at time `now` (epoch ms); `since` is whole seconds, never negative. */
export function agentStatePayload(source: AgentViewSource, now: number): AgentStatePayload {
  return withSince(agentViewOf(source), source.since, now);
}

export function withSince(view: AgentView, since: number, now: number): AgentStatePayload {
  return { ...view, since: Math.max(0, Math.floor((now - since) / 1000)) };
}
