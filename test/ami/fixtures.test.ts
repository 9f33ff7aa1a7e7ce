import { describe, expect, it } from 'vitest';
import {
  liveInFrames, loadRecording, queueLogLines, recordedSnapshot, recordingNames, snapshotOf,
} from '../support/fixtures.js';

describe('test support: recordings', () => {
  it('lists every recording and loads its frames with the start epoch', () => {
    expect(recordingNames()).toContain('agent-login-pause-logout');
    const rec = loadRecording('agent-login-pause-logout');
    expect(rec.startEpochMs).toBe(1795879341319);
    expect(rec.frames[0]).toEqual({ t: 1, dir: 'in', frame: 'Asterisk Call Manager/11.0.0\r\n' });
  });

  it('gives the live frames between the snapshots, without the recorder replies', () => {
    const live = liveInFrames(loadRecording('agent-login-pause-logout'));
    expect(live.every((f) => f.dir === 'in')).toBe(true);
    expect(live.some((f) => f.frame.startsWith('Response:'))).toBe(false);
    expect(live.some((f) => f.frame.startsWith('Event: AgentLogin\r\n'))).toBe(true);
    expect(live.some((f) => f.frame.startsWith('Event: OriginateResponse'))).toBe(true);
    expect(live.some((f) => /ActionID: agent-login-pause-logout-(1[5-9]|2)/.test(f.frame))).toBe(false);
    const withReplies = liveInFrames(loadRecording('agent-login-pause-logout'), { includeRecorderReplies: true });
    expect(withReplies.some((f) => f.frame.startsWith('Response: Success'))).toBe(true);
  });

  it('skips mid-scenario snapshot lists but keeps the events after them', () => {
    const live = liveInFrames(loadRecording('snapshot-during-call'));
    expect(live.some((f) => f.frame.startsWith('Event: Agents\r\n'))).toBe(false);
    expect(live.some((f) => f.frame.startsWith('Event: AgentComplete'))).toBe(true);
  });

  it('parses the initial and final snapshots', () => {
    const rec = loadRecording('snapshot-during-call');
    const initial = snapshotOf(rec, 'initial');
    expect(initial.coreShowChannels).toHaveLength(0);
    expect(initial.agents).toHaveLength(10);
    const raw = recordedSnapshot(rec, 'final');
    expect(Object.keys(raw)).toEqual(['CoreShowChannels', 'QueueStatus', 'QueueSummary', 'Agents', 'Status']);
    const final = snapshotOf(rec, 'final');
    const support = final.queueStatus.find((f) => f.name === 'QueueParams' && f.fields.Queue === 'support');
    expect(support?.fields.Completed).toBe('1');
  });

  it('reads queue_log lines', () => {
    expect(queueLogLines('agent-login-pause-logout')[0]).toMatch(/\|AGENTLOGIN\|/);
  });
});
