import { describe, expect, it } from 'vitest';
import type { RawFrame } from './rawAmiClient.js';
import { diffSegments, segmentOf, toleranceBoundaries } from './toleranceSegments.js';

const ev = (name: string, ...headers: string[]): RawFrame => [['Event', name], ...headers.map((h): [string, string] => [h, 'x'])];
const at = (t: number, frame: RawFrame) => ({ t, frame });

describe('the windowed comparison used for load-small', () => {
  // Bursts start at 1000 and 4700 (actions until 4702); with a 50 ms window the zones are
  // 950–1050 and 4650–4752.
  const boundaries = toleranceBoundaries([{ first: 1000, last: 1000 }, { first: 4700, last: 4702 }], 50);

  it('cuts time into cores and tolerance zones, merging zones that overlap', () => {
    expect(boundaries).toEqual([950, 1050, 4650, 4752]);
    expect([segmentOf(boundaries, 10), segmentOf(boundaries, 1000), segmentOf(boundaries, 2000), segmentOf(boundaries, 4701)]).toEqual([0, 1, 2, 3]);
    expect(toleranceBoundaries([{ first: 1000, last: 1000 }, { first: 1080, last: 1080 }], 50)).toEqual([950, 1130]);
  });

  it('accepts an event a few ms across a boundary, but not one moved farther than the window', () => {
    const login = ev('AgentLogin', 'Privilege', 'Channel', 'Agent');
    expect(diffSegments([at(4700, login)], [at(4698, login)], boundaries)).toEqual([]);
    // Also reported along the channel (life-cycle order), as in the burst comparison.
    expect(diffSegments([at(4700, login)], [at(4500, login)], boundaries)).toEqual(expect.arrayContaining([
      'segment 2 (t 1050–4650): extra 1× AgentLogin Privilege,Channel,Agent',
      'segment 3 (t 4650–4752, tolerance zone): missing 1× AgentLogin Privilege,Channel,Agent',
    ]));
  });

  it('still reports a missing, an extra or a renamed event or header inside a zone', () => {
    const hangup = ev('Hangup', 'Privilege', 'Channel', 'Cause');
    expect(diffSegments([at(1000, hangup)], [], boundaries)).toContain('segment 1 (t 950–1050, tolerance zone): missing 1× Hangup Privilege,Channel,Cause');
    expect(diffSegments([], [at(1000, ev('Hold', 'Privilege'))], boundaries)).toEqual(['segment 1 (t 950–1050, tolerance zone): extra 1× Hold Privilege']);
    expect(diffSegments([at(1000, hangup)], [at(1000, ev('Hangup', 'Privilege', 'Channel', 'Cause-txt'))], boundaries)).toHaveLength(2);
    expect(diffSegments([at(1000, hangup)], [at(1000, ev('HangupRequest', 'Privilege', 'Channel', 'Cause'))], boundaries)).toEqual(
      expect.arrayContaining([
        'segment 1 (t 950–1050, tolerance zone): missing 1× Hangup Privilege,Channel,Cause',
        'segment 1 (t 950–1050, tolerance zone): extra 1× HangupRequest Privilege,Channel,Cause',
      ]),
    );
  });
});
