import { describe, expect, test } from 'vitest';
import type { AmiFrame } from '../../src/domain/amiFrame.js';
import { amiFrameToQueueLog, createAmiQueueLogState, flushStaleAbandons } from '../../src/stats/amiQueueLog.js';
import { parseAmiFrame } from '../../src/transport/ami/amiFrameParser.js';
import { recordsFromAmi } from './queueCountersOf.js';
import { loadAmiStream, type RecordedFrame } from './recordingLoader.js';

const event = (name: string, fields: Record<string, string>): AmiFrame =>
  parseAmiFrame([`Event: ${name}`, ...Object.entries(fields).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n'))!;

const CALLER = { Channel: 'Local/0655443322@from-extern-00000001;1', Uniqueid: '1795879413.2' };

/** The real abandoned call, with what a Queue() timeout adds: QUEUESTATUS=TIMEOUT right after the leave. */
function withQueueStatusAfterLeave(status: string): RecordedFrame[] {
  const frames = loadAmiStream('queue-call-abandoned');
  const leave = frames.findIndex((f) => f.frame.name === 'QueueCallerLeave');
  const at = frames[leave].receivedAt;
  const varSet = event('VarSet', { ...CALLER, Variable: 'QUEUESTATUS', Value: status });
  return [...frames.slice(0, leave + 1), { frame: varSet, receivedAt: at }, ...frames.slice(leave + 1)];
}

describe('a caller leaving a queue without an agent', () => {
  test('hanging up is an ABANDON with its position and wait', () => {
    const exits = recordsFromAmi(loadAmiStream('queue-call-abandoned')).filter((r) => r.event !== 'ENTERQUEUE');
    expect(exits).toEqual([expect.objectContaining({ event: 'ABANDON', queue: 'sales', callId: '1795879413.2', data: ['1', '1', '4'] })]);
  });

  test('the Queue() timeout, which AMI reports as an abandon too, is told apart by QUEUESTATUS=TIMEOUT', () => {
    const exits = recordsFromAmi(withQueueStatusAfterLeave('TIMEOUT')).filter((r) => r.event !== 'ENTERQUEUE');
    expect(exits).toEqual([expect.objectContaining({ event: 'EXITWITHTIMEOUT', queue: 'sales', data: ['1', '1', '4'] })]);
  });

  test('leaving an emptied queue (QUEUESTATUS=LEAVEEMPTY) is EXITEMPTY', () => {
    const exits = recordsFromAmi(withQueueStatusAfterLeave('LEAVEEMPTY')).filter((r) => r.event !== 'ENTERQUEUE');
    expect(exits.map((r) => r.event)).toEqual(['EXITEMPTY']);
  });

  test('an abandon whose hang-up never comes is settled as an abandon after a while', () => {
    const state = createAmiQueueLogState();
    const t = 1_795_879_413_000;
    amiFrameToQueueLog(state, event('QueueCallerJoin', { ...CALLER, Queue: 'sales', Position: '1', CallerIDNum: '0655443322' }), t);
    expect(amiFrameToQueueLog(state, event('QueueCallerAbandon', { ...CALLER, Queue: 'sales', Position: '1', OriginalPosition: '1', HoldTime: '4' }), t + 4000)).toEqual([]);
    expect(flushStaleAbandons(state, t + 9000, 10_000)).toEqual([]);
    expect(flushStaleAbandons(state, t + 20_000, 10_000).map((r) => r.event)).toEqual(['ABANDON']);
  });
});

test('a refused join is recorded once, whether AMI shows QUEUESTATUS, the dialplan QueueLog(), or both', () => {
  const records = recordsFromAmi(loadAmiStream('queue-joinempty'));
  expect(records).toEqual([expect.objectContaining({ event: 'JOINEMPTY', queue: 'travels', callId: '1795879425.0', agent: 'NONE' })]);
});

test('a dialplan QueueLog() (XiVO writes CLOSED this way) becomes a record; an ExecIf whose condition is false does not', () => {
  const state = createAmiQueueLogState();
  const t = 1_795_879_425_000;
  const ran = amiFrameToQueueLog(state, event('Newexten', { ...CALLER, Application: 'QueueLog', AppData: 'sales,1795879413.2,NONE,CLOSED' }), t);
  expect(ran).toEqual([{ timeMs: t, callId: '1795879413.2', queue: 'sales', agent: 'NONE', event: 'CLOSED', data: [''] }]);
  const skipped = amiFrameToQueueLog(state, event('Newexten', { ...CALLER, Application: 'ExecIf', AppData: '0?QueueLog(sales,1795879413.2,NONE,CLOSED)' }), t);
  expect(skipped).toEqual([]);
});

test('frames that are odd or unrelated give no record and never throw', () => {
  const state = createAmiQueueLogState();
  const odd: AmiFrame[] = [
    event('QueueCallerJoin', { Queue: 'sales' }),
    event('QueueCallerJoin', { Uniqueid: '1.1' }),
    event('AgentConnect', { Uniqueid: '1.1' }),
    event('AgentComplete', {}),
    event('VarSet', { Uniqueid: '1.2', Variable: 'QUEUESTATUS', Value: 'JOINEMPTY' }),
    event('Newexten', { Uniqueid: '1.3', Application: 'ExecIf', AppData: '1?QueueLog(' }),
    event('Hangup', { Uniqueid: 'never-seen' }),
    { kind: 'response', name: 'Success', fields: {}, headers: [] },
  ];
  for (const f of odd) expect(amiFrameToQueueLog(state, f, 0)).toEqual([]);
});
