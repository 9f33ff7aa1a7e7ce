import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/domain/engineEvents.js';
import { liveInFrames, loadRecording, recordingNames } from '../support/fixtures.js';
import { engineQueueState } from './finalState.js';
import { agentStory, fixtureConfigStore, phoneStory, startReplay } from './replayHarness.js';

/** Everything a client would conclude from a replay, without timing. */
async function outcome(name: string, cutPoints?: readonly number[]) {
  const replay = await startReplay(name, { cutPoints });
  try {
    await replay.playAll();
    const config = (await fixtureConfigStore()).current();
    const events: EngineEvent[] = replay.events;
    return {
      agents: config.agents.map((a) => agentStory(events, a.id)),
      lines: config.lines.map((l) => phoneStory(events, l.id)),
      queues: engineQueueState(replay.engine, config),
    };
  } finally {
    await replay.stop();
  }
}

const scenarios = recordingNames().filter((n) => n !== 'load-small');
const streamLength = (name: string) =>
  liveInFrames(loadRecording(name)).reduce((n, f) => n + Buffer.byteLength(f.frame, 'utf8'), 0);
const reference = new Map<string, Awaited<ReturnType<typeof outcome>>>();

describe('the byte stream cut at random points', () => {
  // Each run replays a whole recording over TCP (about half a second), so this property runs 12
  // times rather than 200; the cut points themselves are the random part that matters.
  it('gives the same outcome as the uncut stream', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...scenarios).chain((name) =>
          fc.record({
            name: fc.constant(name),
            cuts: fc.uniqueArray(fc.integer({ min: 1, max: streamLength(name) - 1 }), { minLength: 1, maxLength: 40 }),
          }),
        ),
        async ({ name, cuts }) => {
          if (!reference.has(name)) reference.set(name, await outcome(name));
          expect(await outcome(name, cuts)).toEqual(reference.get(name));
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});
