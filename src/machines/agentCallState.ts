import type { CallInfo, CallState, DomainEvent } from '../domain/domainEvents.js';
import type { CallDirection, CallType } from '../domain/xucMessages.js';

/**
 * The calls an agent is in, as two independent sources report them, and the one call state
 * clients see. `agent.call` follows the agent's line channel; `agent.acd` is app_queue's own
 * account (AgentCalled/Connect/Complete). Either may arrive first or alone (Local-channel agents
 * reach the caller through two bridges), so the view takes whichever says more.
 */

/** What the agent machine keeps per live call of its line: small, no payload copies. */
export interface AgentCall {
  state: Exclude<CallState, 'released'>;
  direction: CallDirection;
  /** The queue that delivered the call, when known from the line side. */
  queue?: string;
  external: boolean;
}

/** app_queue's current ACD leg to this agent, between AgentCalled and AgentComplete/RingNoAnswer. */
export interface AcdLeg {
  queue: string;
  phase: 'called' | 'connected';
  callerUniqueId: string;
}

export type AgentCallStateName = 'AgentRinging' | 'AgentDialing' | 'AgentOnCall';

export interface AgentCallView {
  name: AgentCallStateName;
  acd: boolean;
  direction: CallDirection;
  callType: CallType;
  /** The queue of the ACD call being answered or talked, for the wrap-up decision. */
  answeredQueue?: string;
}

type AcdEvent = Extract<DomainEvent, { type: 'agent.acd' }>;

/** No call: one shared, frozen object, so thousands of idle agents do not each keep an empty one. */
export const noCalls: Readonly<Record<string, AgentCall>> = Object.freeze({});

/** The agent's calls after one line event: released calls are dropped, so nothing leaks. */
export function withCall(calls: Readonly<Record<string, AgentCall>>, call: CallInfo): Record<string, AgentCall> {
  if (call.state === 'released') {
    if (!(call.uniqueId in calls)) return calls as Record<string, AgentCall>;
    const { [call.uniqueId]: _released, ...rest } = calls;
    return rest;
  }
  const next: AgentCall = { state: call.state, direction: call.direction, external: call.external };
  if (call.queueName) next.queue = call.queueName;
  return { ...calls, [call.uniqueId]: next };
}

/** The ACD leg after one app_queue event; a `completed` or `ringNoAnswer` ends it. */
export function withAcd(acd: AcdLeg | undefined, event: AcdEvent): AcdLeg | undefined {
  switch (event.phase) {
    case 'called':
      return { queue: event.queue, phase: 'called', callerUniqueId: event.callerUniqueId };
    case 'connected':
      return { queue: event.queue, phase: 'connected', callerUniqueId: event.callerUniqueId };
    case 'completed':
    case 'ringNoAnswer':
      // A late event of an older call must not end the current one. One that does not name its
      // caller (Asterisk may omit the caller's block) ends the current leg of its queue.
      if (!acd) return undefined;
      if (event.callerUniqueId === '') return event.queue === '' || event.queue === acd.queue ? undefined : acd;
      return acd.callerUniqueId !== event.callerUniqueId ? acd : undefined;
  }
}

const talking = (c: AgentCall) => c.state === 'established' || c.state === 'onHold';

/**
 * The call state clients see: talking beats ringing beats dialing, because an agent with a call
 * on hold and a second one ringing is still busy with the first.
 */
export function agentCallView(calls: Readonly<Record<string, AgentCall>>, acd: AcdLeg | undefined): AgentCallView | undefined {
  let best: AgentCall | undefined;
  let rank = 0;
  for (const id in calls) {
    const c = calls[id];
    const r = talking(c) ? 3 : c.state === 'ringing' ? 2 : 1;
    // Among equals, prefer the queue call: it decides acd and wrap-up.
    if (r > rank || (r === rank && c.queue && !best?.queue)) (best = c), (rank = r);
  }
  const acdRank = acd ? (acd.phase === 'connected' ? 3 : 2) : 0;
  if (acdRank > rank) {
    return {
      name: acdRank === 3 ? 'AgentOnCall' : 'AgentRinging',
      acd: true,
      direction: 'Incoming',
      callType: 'External',
      answeredQueue: acdRank === 3 ? acd!.queue : undefined,
    };
  }
  if (!best) return undefined;
  const queue = best.queue ?? (acd && rank >= acdRank ? acd.queue : undefined);
  const name: AgentCallStateName = rank === 3 ? 'AgentOnCall' : rank === 2 ? 'AgentRinging' : 'AgentDialing';
  return {
    name,
    acd: queue !== undefined,
    direction: best.direction,
    callType: best.external ? 'External' : 'Internal',
    answeredQueue: rank === 3 ? queue : undefined,
  };
}
