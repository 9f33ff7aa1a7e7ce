import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/domain/engineEvents.js';
import { agentStates, agentStory, phoneEvents } from './replayHarness.js';
import { replayWholeRecordings } from './wholeRecording.js';

const replayAll = replayWholeRecordings();

/** The waiting callers of a queue each time they changed, as `name <number>` lists. */
const queueCallsStory = (events: readonly EngineEvent[], queueId: number) =>
  events.flatMap((e) => (e.kind === 'queueCalls' && e.queueId === queueId ? [e.calls.map((c) => `${c.name} <${c.number}>`).join(', ')] : []));

const counterValues = (events: readonly EngineEvent[], queueId: number, statName: string) =>
  events.flatMap((e) =>
    e.kind === 'queueLiveCounters' && e.queueId === queueId ? e.counters.filter((c) => c.statName === statName).map((c) => c.value) : [],
  );

/** Agent stories without the optional ringing step (app_queue may connect before the line rings). */
const story = (events: readonly EngineEvent[], agentId: number) => agentStory(events, agentId).filter((s) => s !== 'AgentRinging');

describe('queue scenarios replayed over TCP', () => {
  it('queue-call-answered: 1001 takes the call, wraps up 5 s, is ready again; 1002 stays ready', async () => {
    const r = await replayAll('queue-call-answered');
    expect(story(r.events, 1)).toEqual(['AgentLogin', 'AgentReady', 'AgentOnCall', 'AgentOnWrapup', 'AgentReady']);
    expect(agentStory(r.events, 2)).toEqual(['AgentLogin', 'AgentReady']);
    expect(agentStates(r.events, 1).find((s) => s.name === 'AgentOnCall')).toMatchObject({
      acd: true,
      direction: 'Incoming',
      callType: 'External',
      queues: [1],
    });
    // Asterisk sends nothing when the wrap-up ends: the engine's own timer ends it, exactly 5 s later.
    const times = r.events.flatMap((e, i) => (e.kind === 'agentState' && e.agentId === 1 ? [{ name: e.state.name, at: r.times[i]! }] : []));
    const wrapup = times.findLast((t) => t.name === 'AgentOnWrapup')!;
    const ready = times.at(-1)!;
    expect(ready.name).toBe('AgentReady');
    expect(ready.at - wrapup.at).toBe(5_000);
    // The caller waited in sales, then was answered.
    expect(queueCallsStory(r.events, 1)).toEqual(['Jean Dupont <0601020304>', '']);
    const line1 = phoneEvents(r.events, 1).filter((e) => e.otherDN === '0601020304').map((e) => e.eventType);
    expect(line1).toEqual(['EventRinging', 'EventEstablished', 'EventReleased']);
  });

  it('queue-call-abandoned: the paused agent never rings; one caller waits, then abandons', async () => {
    const r = await replayAll('queue-call-abandoned');
    const s = agentStory(r.events, 2);
    expect(s.at(-1)).toBe('AgentOnPause(break)');
    expect(s.some((x) => ['AgentRinging', 'AgentOnCall', 'AgentDialing'].includes(x))).toBe(false);
    expect(queueCallsStory(r.events, 1)).toEqual(['Paul Martin <0655443322>', '']);
    expect(counterValues(r.events, 1, 'WaitingCalls')).toEqual([1, 0]);
  });

  it('queue-joinempty: a caller refused by travels is never counted as waiting', async () => {
    const r = await replayAll('queue-joinempty');
    expect(queueCallsStory(r.events, 3)).toEqual([]);
    expect(counterValues(r.events, 3, 'WaitingCalls')).toEqual([]);
  });

  it('queue-penalties: 1006 (penalty 0) takes the first call, 1007 (penalty 3) the second, about 1 s later', async () => {
    const r = await replayAll('queue-penalties');
    expect(story(r.events, 6)).toEqual(['AgentLogin', 'AgentReady', 'AgentOnCall', 'AgentReady']);
    expect(story(r.events, 7).slice(0, 3)).toEqual(['AgentLogin', 'AgentReady', 'AgentOnCall']);
    const firstOnCall = (agentId: number) =>
      r.events.findIndex((e) => e.kind === 'agentState' && e.agentId === agentId && e.state.name === 'AgentOnCall');
    expect(firstOnCall(6)).toBeLessThan(firstOnCall(7));
    expect(r.engine.queueMembers()).toEqual([
      { agentId: 6, queueId: 2, penalty: 0 },
      { agentId: 7, queueId: 2, penalty: 3 },
    ]);
  });

  // Asterisk omits the caller's block from 1007's AgentComplete (t≈25570): the call is named by its member channel.
  it('queue-penalties: 1007 is ready again after its caller hangs up', async () => {
    const r = await replayAll('queue-penalties');
    expect(story(r.events, 7)).toEqual(['AgentLogin', 'AgentReady', 'AgentOnCall', 'AgentReady']);
    expect(agentStates(r.events, 7).find((s) => s.name === 'AgentOnCall')).toMatchObject({ acd: true, queues: [2] });
    const line7 = phoneEvents(r.events, 7).filter((e) => e.otherDN === '0688990011').map((e) => e.eventType);
    expect(line7).toEqual(['EventRinging', 'EventEstablished', 'EventReleased']);
  });

  it('snapshot-during-call: 1002 answers a support call and is ready again after it', async () => {
    const r = await replayAll('snapshot-during-call');
    expect(story(r.events, 2)).toEqual(['AgentLogin', 'AgentReady', 'AgentOnCall', 'AgentReady']);
    expect(agentStates(r.events, 2).find((s) => s.name === 'AgentOnCall')).toMatchObject({ acd: true, queues: [1, 2] });
  });
});
