import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/domain/engineEvents.js';
import { agentStates, agentStory, type Replay } from './replayHarness.js';
import { replayWholeRecordings } from './wholeRecording.js';

/** The recordings' README, scenario by scenario: what a supervisor must see of each agent. */
const replayAll = replayWholeRecordings();

const memberEvents = (events: readonly EngineEvent[]) =>
  events.flatMap((e) => (e.kind === 'queueMember' ? [`${e.member.agentId}/${e.member.queueId}:${e.member.penalty}`] : []));

describe('agent scenarios replayed over TCP', () => {
  it('agent-login-pause-logout: login, ready in sales and support, pause "lunch", ready, logged out', async () => {
    const r = await replayAll('agent-login-pause-logout');
    expect(agentStory(r.events, 1)).toEqual(['AgentLogin', 'AgentReady', 'AgentOnPause(lunch)', 'AgentReady', 'AgentLoggedOut']);
    const paused = agentStates(r.events, 1).find((s) => s.name === 'AgentOnPause');
    expect(paused).toMatchObject({ phoneNb: '1001', queues: [1, 2] });
    expect(memberEvents(r.events)).toEqual(['1/1:0', '1/2:0', '1/1:-1', '1/2:-1']);
    expect(r.engine.agentState(1)).toMatchObject({ name: 'AgentLoggedOut', phoneNb: '', queues: [] });
    // Nobody else moved, and no call was ever shown to a queue.
    for (let id = 2; id <= 10; id++) expect(agentStory(r.events, id)).toEqual([]);
    expect(r.events.some((e) => e.kind === 'queueCalls')).toBe(false);
  });

  it('agent-logoff-during-wrapup: stays AgentLoggedOut when the wrap-up timer would have ended', async () => {
    const r = await replayAll('agent-logoff-during-wrapup');
    expect(agentStory(r.events, 1).filter((s) => s !== 'AgentRinging')).toEqual([
      'AgentLogin',
      'AgentReady',
      'AgentOnCall',
      'AgentOnWrapup',
      'AgentLoggedOut',
    ]);
    const onCall = agentStates(r.events, 1).find((s) => s.name === 'AgentOnCall');
    expect(onCall).toMatchObject({ acd: true, direction: 'Incoming', callType: 'External' });
    expect(r.engine.agentState(1)?.name).toBe('AgentLoggedOut');
    // The member stays in sales (app_agent_pool does not remove membership).
    expect(r.engine.queueMembers()).toEqual([{ agentId: 1, queueId: 1, penalty: 0 }]);
  });

  it('pause-during-call: the pause shows after the call, survives the wrap-up, and ends at the unpause', async () => {
    const r = await replayAll('pause-during-call');
    const story = agentStory(r.events, 2).filter((s) => s !== 'AgentRinging' && s !== 'AgentOnWrapup');
    expect(story).toEqual(['AgentLogin', 'AgentReady', 'AgentOnCall', 'AgentOnPause(break)', 'AgentReady']);
    // The pause arrived during the call, which went on as a call.
    const states = agentStates(r.events, 2);
    const callIndex = states.findIndex((s) => s.name === 'AgentOnCall');
    const pauseIndex = states.findIndex((s) => s.name === 'AgentOnPause');
    expect(pauseIndex).toBeGreaterThan(callIndex);
    // At t≈23 s the 5 s wrap-up (from the hang-up at t≈16.7 s) has ended: still paused.
    const at23 = r.startEpochMs + 23_000;
    const stateAt23 = states.filter((_, i) => i <= lastIndexBefore(r, 2, at23)).at(-1);
    expect(stateAt23).toMatchObject({ name: 'AgentOnPause', cause: 'break' });
  });

  it('membership-changes: sales(2) and support(2), then penalty 5, then no queue, then logged out', async () => {
    const r = await replayAll('membership-changes');
    expect(memberEvents(r.events)).toEqual(['3/1:2', '3/2:2', '3/1:5', '3/2:5', '3/1:-1', '3/2:-1']);
    expect(agentStory(r.events, 3)).toEqual(['AgentLogin', 'AgentReady', 'AgentLoggedOut']);
    const queuesSeen = agentStates(r.events, 3).map((s) => s.queues.join(','));
    expect(queuesSeen).toContain('1,2');
    expect(queuesSeen.at(-1)).toBe('');
  });
});

/** Index (among the agent's AgentStateEvents) of the last one published at or before `at`. */
function lastIndexBefore(r: Replay, agentId: number, at: number): number {
  let index = -1;
  let n = -1;
  r.events.forEach((e, i) => {
    if (e.kind !== 'agentState' || e.agentId !== agentId) return;
    n++;
    if (r.times[i]! <= at) index = n;
  });
  return index;
}
