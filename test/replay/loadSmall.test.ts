import { afterEach, expect, it } from 'vitest';
import { engineQueueState, finalQueueState } from './finalState.js';
import { agentStory, fixtureConfigStore, startReplay, type Replay } from './replayHarness.js';

let replay: Replay | undefined;
afterEach(async () => {
  await replay?.stop();
  replay = undefined;
});

// 30,902 frames over 249 s of recording: the slowest replay (tens of seconds on a shared 2-core
// machine), so the clock moves in steps of 250 ms rather than at every frame. Wrap-ups (5 s) still
// end within one step of their exact time, which no assertion below depends on.
it('load-small: 150 callers, pauses and a mid-traffic resync end exactly as Asterisk reports', async () => {
  replay = await startReplay('load-small', { clockStepMs: 250 });
  await replay.playAll();
  const config = (await fixtureConfigStore()).current();
  expect(engineQueueState(replay.engine, config)).toEqual(finalQueueState('load-small', config));
  for (const agent of config.agents) {
    expect(replay.engine.agentState(agent.id)).toMatchObject({ name: 'AgentReady', cause: '', queues: [1, 2] });
  }
  // The pauses of 1003 ("lunch") and 1007 ("break", twice) were seen, and nobody else paused.
  const pauses = (id: number) => agentStory(replay!.events, id).filter((s) => s.startsWith('AgentOnPause'));
  expect(pauses(3)).toContain('AgentOnPause(lunch)');
  expect(pauses(7)).toContain('AgentOnPause(break)');
  for (const id of [1, 2, 4, 5, 6, 8, 9, 10]) expect(pauses(id)).toEqual([]);
  for (const l of config.lines) expect(replay.engine.currentCalls(l.id)).toEqual([]);
}, 180_000);
