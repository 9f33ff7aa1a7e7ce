/**
 * What Asterisk itself reported at the end of a recording (the recorder's final QueueStatus and
 * QueueSummary), in the engine's vocabulary, so a replay can be checked against it.
 */
import type { Engine } from '../../src/actors/engine.js';
import type { ContactCenterConfig } from '../../src/domain/contactCenterConfig.js';
import type { QueueMemberPayload } from '../../src/domain/xucMessages.js';
import { loadRecording, snapshotOf } from '../support/fixtures.js';

export interface FinalQueueState {
  members: QueueMemberPayload[];
  /** queueId → LoggedAgents / AvailableAgents / WaitingCalls as Asterisk counts them. */
  counters: Record<number, { LoggedAgents: number; AvailableAgents: number; WaitingCalls: number }>;
}

const byKey = (a: QueueMemberPayload, b: QueueMemberPayload) => a.queueId - b.queueId || a.agentId - b.agentId;

export function finalQueueState(name: string, config: ContactCenterConfig): FinalQueueState {
  const snapshot = snapshotOf(loadRecording(name), 'final');
  const queueId = (n: string | undefined) => config.queues.find((q) => q.name === n)?.id;
  const members: QueueMemberPayload[] = [];
  for (const f of snapshot.queueStatus) {
    if (f.name !== 'QueueMember') continue;
    const agent = config.agents.find((a) => `Agent/${a.number}` === f.fields.Name);
    const q = queueId(f.fields.Queue);
    if (agent && q !== undefined) members.push({ agentId: agent.id, queueId: q, penalty: Number(f.fields.Penalty) });
  }
  const counters: FinalQueueState['counters'] = {};
  for (const f of snapshot.queueSummary) {
    const q = queueId(f.fields.Queue);
    if (q === undefined) continue;
    counters[q] = {
      LoggedAgents: Number(f.fields.LoggedIn),
      AvailableAgents: Number(f.fields.Available),
      WaitingCalls: Number(f.fields.Callers),
    };
  }
  return { members: members.sort(byKey), counters };
}

/** The engine's members and the same three counters, shaped like {@link finalQueueState}. */
export function engineQueueState(engine: Engine, config: ContactCenterConfig): FinalQueueState {
  const counters: FinalQueueState['counters'] = {};
  for (const q of config.queues) {
    const list = engine.queueLiveCounters(q.id);
    const value = (name: string) => list.find((c) => c.statName === name)?.value ?? -1;
    counters[q.id] = { LoggedAgents: value('LoggedAgents'), AvailableAgents: value('AvailableAgents'), WaitingCalls: value('WaitingCalls') };
  }
  return { members: [...engine.queueMembers()].sort(byKey), counters };
}
