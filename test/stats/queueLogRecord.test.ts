import fc from 'fast-check';
import { expect, test } from 'vitest';
import { formatQueueLogLine, parseQueueLogLine, parseQueueLogText, type QueueLogRecord } from '../../src/stats/queueLogRecord.js';

test('a line of Asterisk queue_log becomes a record with its data fields as written', () => {
  expect(parseQueueLogLine('1795879387|1795879386.4|sales|Agent/1001|CONNECT|1|1795879386.6|0')).toEqual({
    timeMs: 1795879387000,
    callId: '1795879386.4',
    queue: 'sales',
    agent: 'Agent/1001',
    event: 'CONNECT',
    data: ['1', '1795879386.6', '0'],
  });
  expect(parseQueueLogLine('1795879425|1795879425.0|travels|NONE|JOINEMPTY|')?.data).toEqual(['']);
  expect(parseQueueLogLine('1795879425.250|x|q|NONE|CLOSED\r')?.timeMs).toBe(1795879425250);
});

test('junk is refused line by line, and counted when parsing a text', () => {
  for (const junk of ['', 'hello', '1795879425|a|b|c', 'abc|a|b|c|ENTERQUEUE', '1795879425|a|b|c|enterqueue', '-1|a|b|c|CONNECT']) {
    expect(parseQueueLogLine(junk), junk).toBeNull();
  }
  const { records, junkLines } = parseQueueLogText('1795879386|c|sales|NONE|ENTERQUEUE||0601|1\nnot a record\n\n1795879387|c|sales|NONE|ABANDON|1|1|1\n');
  expect(records.map((r) => r.event)).toEqual(['ENTERQUEUE', 'ABANDON']);
  expect(junkLines).toBe(1);
});

test('formatting a record and parsing it back gives the same record', () => {
  const field = fc.string({ maxLength: 12 }).filter((s) => !/[|\n\r]/.test(s));
  const record: fc.Arbitrary<QueueLogRecord> = fc.record({
    timeMs: fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }).map((s) => s * 1000),
    callId: field,
    queue: field,
    agent: field,
    event: fc.stringMatching(/^[A-Z][A-Z0-9_]{0,15}$/),
    data: fc.array(field, { maxLength: 5 }),
  });
  fc.assert(
    fc.property(record, (r) => {
      const back = parseQueueLogLine(formatQueueLogLine(r));
      // An absent data list and one empty field print the same way.
      expect(back).toEqual({ ...r, data: r.data.length ? r.data : [] });
    }),
    { numRuns: 200 },
  );
});
