import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmiFrame } from '../../src/transport/ami/amiFrameParser.js';
import { liveInFrames, loadRecording } from '../support/fixtures.js';
import { untilEvents, useLiveLink, withoutActionId } from './linkHarness.js';

const rec = loadRecording('snapshot-during-call');
// The first 3 s of live traffic (17 frames, 7 kB): each run replays them on the same connection.
const untilT = 3_000;
const live = liveInFrames(rec).filter((f) => f.t <= untilT);
const expected = live.map((f) => withoutActionId(parseAmiFrame(f.frame)!));
const streamBytes = live.reduce((n, f) => n + Buffer.byteLength(f.frame), 0);

const linked = useLiveLink(rec);

describe('AMI link: TCP segmentation', () => {
  it('delivers the same events in the same order wherever the byte stream is cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: streamBytes - 1 }), { minLength: 1, maxLength: 3 }), async (cutPoints) => {
        // The same live frames again on the same connection, cut elsewhere each run.
        const before = linked.probe().events.filter((e) => e.name !== 'FullyBooted').length;
        linked.server().rewind({ cutPoints });
        await linked.server().playUntil(untilT);
        await untilEvents(linked.probe(), before + expected.length);
        const got = linked.probe().events.filter((e) => e.name !== 'FullyBooted').slice(before);
        expect(got.map(withoutActionId)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
    expect(linked.probe().link.stats()).toMatchObject({ garbageFrames: 0, logins: 1, state: 'live' });
  });
});
