import { appendFile, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { QueueLogFileFollower } from '../../src/stats/queueLogFileSource.js';

let dir: string;
let path: string;
let follower: QueueLogFileFollower;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xuc-stats-'));
  path = join(dir, 'queue_log');
  follower = new QueueLogFileFollower(path, silentLogger);
});

afterEach(async () => {
  await follower.close();
  await rm(dir, { recursive: true, force: true });
});

const line = (t: number, callId: string, event: string, ...data: string[]) =>
  [String(t), callId, 'sales', 'NONE', event, ...data].join('|') + '\n';
const events = (records: Array<{ event: string; callId: string }>) => records.map((r) => `${r.callId}:${r.event}`);

test('records appended to the file are returned once each, as the file grows', async () => {
  await writeFile(path, line(1795879386, 'c1', 'ENTERQUEUE', '', '0601020304', '1'));
  expect(events(await follower.poll())).toEqual(['c1:ENTERQUEUE']);
  expect(await follower.poll()).toEqual([]);
  await appendFile(path, line(1795879387, 'c1', 'CONNECT', '1', 'm1', '0') + line(1795879390, 'c1', 'COMPLETECALLER', '1', '3', '1'));
  expect(events(await follower.poll())).toEqual(['c1:CONNECT', 'c1:COMPLETECALLER']);
});

test('a line being written is returned only once it is complete', async () => {
  const full = line(1795879386, 'c1', 'ENTERQUEUE', '', '0601020304', '1');
  await writeFile(path, full.slice(0, 20));
  expect(await follower.poll()).toEqual([]);
  await appendFile(path, full.slice(20));
  const [record] = await follower.poll();
  expect(record).toEqual({ timeMs: 1795879386000, callId: 'c1', queue: 'sales', agent: 'NONE', event: 'ENTERQUEUE', data: ['', '0601020304', '1'] });
});

test('after a rotation, the end of the old file and the whole new file are read', async () => {
  await writeFile(path, line(1795879386, 'c1', 'ENTERQUEUE'));
  await follower.poll();
  await appendFile(path, line(1795879387, 'c1', 'ABANDON', '1', '1', '1'));
  await rename(path, `${path}.1`);
  await writeFile(path, line(1795879388, 'c2', 'ENTERQUEUE'));
  expect(events(await follower.poll())).toEqual(['c1:ABANDON', 'c2:ENTERQUEUE']);
  await appendFile(path, line(1795879389, 'c2', 'CONNECT', '1', 'm', '0'));
  expect(events(await follower.poll())).toEqual(['c2:CONNECT']);
});

test('a truncated file is read again from its start', async () => {
  await writeFile(path, line(1795879386, 'c1', 'ENTERQUEUE') + line(1795879387, 'c1', 'CONNECT', '1', 'm', '0'));
  await follower.poll();
  await truncate(path, 0);
  await appendFile(path, line(1795879388, 'c2', 'ENTERQUEUE'));
  expect(events(await follower.poll())).toEqual(['c2:ENTERQUEUE']);
});

test('a file that does not exist yet is waited for', async () => {
  expect(await follower.poll()).toEqual([]);
  await writeFile(path, line(1795879386, 'c1', 'ENTERQUEUE'));
  expect(events(await follower.poll())).toEqual(['c1:ENTERQUEUE']);
});

test('junk lines are skipped and counted, the records around them kept', async () => {
  await writeFile(
    path,
    line(1795879386, 'c1', 'ENTERQUEUE') + 'garbage\n' + 'yesterday|c|q|a|enterqueue\n' + '\u0000\u0001|||\n' + line(1795879387, 'c1', 'CONNECT', '1', 'm', '0'),
  );
  expect(events(await follower.poll())).toEqual(['c1:ENTERQUEUE', 'c1:CONNECT']);
  expect(follower.junkLines).toBe(3);
});
