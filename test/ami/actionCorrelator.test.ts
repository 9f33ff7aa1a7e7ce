import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { XucError } from '../../src/errors.js';
import { ActionCorrelator } from '../../src/transport/ami/actionCorrelator.js';
import { parseAmiFrame } from '../../src/transport/ami/amiFrameParser.js';

const frame = (text: string) => parseAmiFrame(text.replace(/\n/g, '\r\n') + '\r\n\r\n')!;

describe('action correlation', () => {
  it('gives every action its own ActionID', () => {
    const c = new ActionCorrelator(new ManualClock());
    const ids = new Set(Array.from({ length: 1000 }, () => c.nextActionId()));
    expect(ids.size).toBe(1000);
  });

  it('keeps a flowing list alive: the deadline restarts with every item', async () => {
    const clock = new ManualClock();
    const c = new ActionCorrelator(clock);
    const result = c.track('xuc-1', 'Status', { list: true, timeoutMs: 1_000 });
    c.onResponse(frame('Response: Success\nActionID: xuc-1\nEventList: start'));
    for (let i = 0; i < 5; i++) {
      clock.advance(900);
      expect(c.onListEvent(frame(`Event: Status\nChannel: c${i}\nActionID: xuc-1`))).toBe('matched');
    }
    c.onListEvent(frame('Event: StatusComplete\nActionID: xuc-1\nEventList: Complete\nListItems: 5'));
    const { response, events } = await result;
    expect(response.fields.EventList).toBe('start');
    expect(events.map((e) => e.fields.Channel)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(c.pendingCount).toBe(0);
  });

  it('tells a late answer from a stranger, and a finished list from a running one', async () => {
    const clock = new ManualClock();
    const c = new ActionCorrelator(clock);
    const late = c.track('xuc-1', 'Hangup', { list: false, timeoutMs: 100 });
    clock.advance(100);
    await expect(late).rejects.toMatchObject({ code: 'XUC_ERR_AMI_TIMEOUT' });
    expect(c.onResponse(frame('Response: Success\nActionID: xuc-1'))).toBe('late');
    expect(c.onResponse(frame('Response: Success\nActionID: other-1'))).toBe('orphan');
    expect(c.onResponse(frame('Response: Success'))).toBe('orphan');
    expect(c.onListEvent(frame('Event: QueueMember\nActionID: other-2'))).toBe('orphan');
    expect(c.isCollecting('xuc-2')).toBe(false);
  });

  it('fails everything pending when the link goes down', async () => {
    const c = new ActionCorrelator(new ManualClock());
    const a = c.track('xuc-1', 'Ping', { list: false, timeoutMs: 100 });
    const b = c.track('xuc-2', 'Agents', { list: true, timeoutMs: 100 });
    c.failAll(() => new XucError('XUC_ERR_AMI_DOWN'));
    await expect(a).rejects.toMatchObject({ code: 'XUC_ERR_AMI_DOWN' });
    await expect(b).rejects.toMatchObject({ code: 'XUC_ERR_AMI_DOWN' });
    expect(c.pendingCount).toBe(0);
  });
});
