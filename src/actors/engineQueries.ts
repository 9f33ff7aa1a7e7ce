import type { ActorSystem, AnyActorRef } from 'xstate';
import type { EngineApi } from '../domain/engineApi.js';
import type { AgentStatePayload, PhoneEventPayload, QueueCallPayload, QueueMemberPayload, StatCounter } from '../domain/xucMessages.js';
import { agentPayloadOf } from './agentKind.js';
import { lineCallsOf } from './lineKind.js';
import { queueCallsFrom, queueCountersFrom, queueMembersFrom } from './queueKind.js';
import type { AmiRouter } from './amiRouter.js';
import type { LinkStatusTracker } from './linkStatusTracker.js';
import { agentActorId, lineActorId, queueActorId, type NameIndex } from './nameIndex.js';

export interface QueryDeps {
  system: ActorSystem<any>;
  index: () => NameIndex;
  now: () => number;
  router: AmiRouter;
  link: LinkStatusTracker;
}

export type EngineQueries = Pick<
  EngineApi,
  'agentStates' | 'agentState' | 'currentCalls' | 'queueMembers' | 'queueLiveCounters' | 'queueCalls' | 'linkStatus'
>;

const loggedOut = (agentId: number): AgentStatePayload => ({ name: 'AgentLoggedOut', agentId, phoneNb: '', since: 0, queues: [], cause: '' });

/** The engine's synchronous view, read from the actors' snapshots (a query never waits on a mailbox). */
export function createEngineQueries(deps: QueryDeps): EngineQueries {
  const agentState = (agentId: number): AgentStatePayload | undefined => {
    if (!deps.index().agentById(agentId)) return undefined;
    const ref = deps.system.get(agentActorId(agentId)) as AnyActorRef | undefined;
    return agentPayloadOf(ref, deps.now()) ?? loggedOut(agentId);
  };

  const actor = (systemId: string) => deps.system.get(systemId) as AnyActorRef | undefined;

  const currentCalls = (lineId: number): PhoneEventPayload[] => {
    const line = deps.index().lineById(lineId);
    return line ? lineCallsOf(actor(lineActorId(line.interface))) : [];
  };

  const queueMembers = (): QueueMemberPayload[] =>
    deps.index().config.queues.flatMap((q) => queueMembersFrom(actor(queueActorId(q.name))));

  const queueCalls = (queueId: number): QueueCallPayload[] => {
    const queue = deps.index().queueById(queueId);
    return queue ? queueCallsFrom(actor(queueActorId(queue.name))) : [];
  };

  const queueLiveCounters = (queueId: number): StatCounter[] => {
    const queue = deps.index().queueById(queueId);
    return queue ? queueCountersFrom(actor(queueActorId(queue.name))) : [];
  };

  return {
    agentStates: () => deps.index().config.agents.map((a) => agentState(a.id)!),
    agentState,
    currentCalls,
    queueMembers,
    queueLiveCounters,
    queueCalls,
    linkStatus: () => deps.link.current(),
  };
}
