import { afterEach, expect } from 'vitest';
import { engineQueueState, finalQueueState } from './finalState.js';
import { fixtureConfigStore, startReplay, type Replay } from './replayHarness.js';

/**
 * For a test file that replays whole recordings: returns `replayAll(name)`, which plays a recording
 * to its end and checks that the engine's queues match Asterisk's own final QueueStatus/QueueSummary;
 * each replay is stopped after its test.
 */
export function replayWholeRecordings(): (name: string) => Promise<Replay> {
  let replay: Replay | undefined;
  afterEach(async () => {
    await replay?.stop();
    replay = undefined;
  });
  return async (name) => {
    replay = await startReplay(name);
    await replay.playAll();
    const config = (await fixtureConfigStore()).current();
    expect(engineQueueState(replay.engine, config)).toEqual(finalQueueState(name, config));
    return replay;
  };
}
