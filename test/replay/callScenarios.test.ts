import { describe, expect, it } from 'vitest';
import { liveInFrames, loadRecording } from '../support/fixtures.js';
import { agentStory, fixtureConfigStore, phoneEvents, phoneStory } from './replayHarness.js';
import { replayWholeRecordings } from './wholeRecording.js';

const replayWhole = replayWholeRecordings();

async function replayAll(name: string) {
  const replay = await replayWhole(name);
  const config = (await fixtureConfigStore()).current();
  // No agent is involved in these calls, and no call is left on any line at the end.
  for (const a of config.agents) expect(agentStory(replay.events, a.id)).toEqual([]);
  for (const l of config.lines) expect(replay.engine.currentCalls(l.id)).toEqual([]);
  // Every live frame reached the engine's frame listeners once, in AMI order, after the FullyBooted
  // Asterisk sends with the login answer (the link no longer loses it when both share a TCP chunk).
  const recorded = ['FullyBooted', ...liveInFrames(loadRecording(name)).map((f) => /^Event: *([^\r\n]*)/.exec(f.frame)?.[1])];
  expect(replay.frames.map((f) => f.name)).toEqual(recorded);
  expect(replay.engine.linkStatus().eventsReceived).toBe(recorded.length);
  return replay;
}

describe('calls between lines replayed over TCP', () => {
  it('internal-call: 1001 dials 1002, they talk, 1002 hangs up', async () => {
    const r = await replayAll('internal-call');
    expect(phoneStory(r.events, 1).slice(-3)).toEqual(['EventDialing 1002', 'EventEstablished 1002', 'EventReleased 1002']);
    expect(phoneStory(r.events, 2)).toEqual(['EventRinging 1001', 'EventEstablished 1001', 'EventReleased 1001']);
    const ringing = phoneEvents(r.events, 2)[0]!;
    expect(ringing).toMatchObject({ DN: '1002', otherDN: '1001', otherDName: 'Alice Martin' });
  });

  it('originate-click2dial: 1001 rings first, then talks to 1003; USR_DATA1 only on 1001', async () => {
    const r = await replayAll('originate-click2dial');
    const story1 = phoneStory(r.events, 1);
    expect(story1[0]?.startsWith('EventRinging')).toBe(true);
    expect(story1.slice(-2)).toEqual(['EventEstablished 1003', 'EventReleased 1003']);
    const established1 = phoneEvents(r.events, 1).find((e) => e.eventType === 'EventEstablished')!;
    expect(established1.userData).toMatchObject({ USR_DATA1: 'hello' });
    const line3 = phoneEvents(r.events, 3);
    expect(line3.map((e) => e.eventType)).toEqual(['EventRinging', 'EventEstablished', 'EventReleased']);
    for (const e of line3) expect(e.userData.USR_DATA1).toBeUndefined();
  });

  it('blind-transfer: 1001 goes from 1002 to 1004 on the same call; 1002 leaves', async () => {
    const r = await replayAll('blind-transfer');
    expect(phoneStory(r.events, 1).slice(-3)).toEqual(['EventEstablished 1002', 'EventEstablished 1004', 'EventReleased 1004']);
    expect(phoneStory(r.events, 2)).toEqual(['EventRinging 1001', 'EventEstablished 1001', 'EventReleased 1001']);
    expect(phoneStory(r.events, 4)).toEqual(['EventRinging 1001', 'EventEstablished 1001', 'EventReleased 1001']);
    // The transferred call goes on on 1001's channel: one call, one uniqueId.
    expect(new Set(phoneEvents(r.events, 1).filter((e) => e.otherDN !== '').map((e) => e.uniqueId)).size).toBe(1);
  });

  it('attended-transfer: 1002 consults 1005, hangs up, and 1001 ends up talking to 1005', async () => {
    const r = await replayAll('attended-transfer');
    const story1 = phoneStory(r.events, 1);
    expect(story1.slice(-2)).toEqual(['EventEstablished 1005', 'EventReleased 1005']);
    expect(story1).toContain('EventEstablished 1002');
    const story2 = phoneStory(r.events, 2);
    expect(story2.slice(0, 2)).toEqual(['EventRinging 1001', 'EventEstablished 1001']);
    expect(story2).toContain('EventEstablished 1005');
    expect(story2.at(-1)?.startsWith('EventReleased')).toBe(true);
    expect(phoneStory(r.events, 5)).toEqual(['EventRinging 1002', 'EventEstablished 1002', 'EventEstablished 1001', 'EventReleased 1001']);
  });
});
