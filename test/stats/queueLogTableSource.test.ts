import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isXucError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { parseQueueLogText, type QueueLogRecord } from '../../src/stats/queueLogRecord.js';
import { QueueLogTableSource } from '../../src/stats/queueLogTableSource.js';
import { queueCountersOf, queueStatCounters } from '../../src/stats/queueStats.js';
import { reduce } from './queueCountersOf.js';
import { loadQueueLogText } from './recordingLoader.js';

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('queue_log table tests skipped: TEST_DATABASE_URL is not set');

// Our own table name, so colleagues' tests on the same database never meet it.
const table = `stats_test_queue_log_${process.pid}`;

const SCENARIOS = ['queue-call-answered', 'queue-call-abandoned', 'queue-joinempty', 'queue-penalties', 'load-small'];

const counters = (records: readonly QueueLogRecord[]) => {
  const state = reduce(records);
  return Object.fromEntries(
    ['sales', 'support', 'travels'].map((q) => [q, queueStatCounters(queueCountersOf(state, q))]),
  );
};

describe.skipIf(!url)('a PostgreSQL queue_log table as XiVO keeps it', () => {
  const client = new pg.Client({ connectionString: url });

  beforeAll(async () => {
    await client.connect();
    await client.query(`DROP TABLE IF EXISTS ${table}`);
    await client.query(`CREATE TABLE ${table} (
      time timestamptz, callid varchar(80), queuename varchar(256), agent text, event varchar(20),
      data1 varchar(512), data2 varchar(512), data3 varchar(512), data4 varchar(512), data5 varchar(512),
      id serial PRIMARY KEY)`);
  });

  afterAll(async () => {
    await client.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await client.end();
  });

  /** Inserts queue_log lines the way Asterisk's realtime queue_log writes them (one column per field). */
  async function insert(records: readonly QueueLogRecord[]) {
    for (let i = 0; i < records.length; i += 200) {
      const batch = records.slice(i, i + 200);
      const params: unknown[] = [];
      const rows = batch.map((r) => {
        const values = [r.timeMs / 1000, r.callId, r.queue, r.agent, r.event, ...[0, 1, 2, 3, 4].map((k) => r.data[k] ?? '')];
        const base = params.length;
        params.push(...values);
        return `(to_timestamp($${base + 1}), ${values.slice(1).map((_, k) => `$${base + k + 2}`).join(', ')})`;
      });
      await client.query(
        `INSERT INTO ${table} (time, callid, queuename, agent, event, data1, data2, data3, data4, data5) VALUES ${rows.join(', ')}`,
        params,
      );
    }
  }

  test.each(SCENARIOS)('%s: the table gives the same counters as the queue_log file, read at once or polled as it grows', async (scenario) => {
    await client.query(`TRUNCATE ${table}`);
    const { records } = parseQueueLogText(loadQueueLogText(scenario));
    const half = Math.floor(records.length / 2);
    await insert(records.slice(0, half));
    const source = new QueueLogTableSource(client, table, silentLogger);
    const read = await source.readSince(0);
    expect(await source.poll()).toEqual([]);
    await insert(records.slice(half));
    const polled = await source.poll();
    expect(read.length + polled.length).toBe(records.length);
    expect(counters([...read, ...polled])).toEqual(counters(records));
  });

  test('a restart reads only from the given instant on, then follows new rows', async () => {
    await client.query(`TRUNCATE ${table}`);
    const { records } = parseQueueLogText(loadQueueLogText('queue-penalties'));
    await insert(records);
    const since = records[5].timeMs;
    const source = new QueueLogTableSource(client, table, silentLogger);
    const read = await source.readSince(since);
    expect(read).toEqual(records.filter((r) => r.timeMs >= since).map((r) => expect.objectContaining({ event: r.event, timeMs: r.timeMs })));
  });

  test('an empty day starts after the rows already there', async () => {
    await client.query(`TRUNCATE ${table}`);
    const { records } = parseQueueLogText(loadQueueLogText('queue-call-answered'));
    await insert(records);
    const source = new QueueLogTableSource(client, table, silentLogger);
    expect(await source.readSince(records.at(-1)!.timeMs + 3_600_000)).toEqual([]);
    expect(await source.poll()).toEqual([]);
  });
});

test('a table name that is not a plain identifier is refused with a typed error', () => {
  const db = { query: async () => ({ rows: [] }) };
  let error: unknown;
  try {
    new QueueLogTableSource(db, 'queue_log; DROP TABLE users', silentLogger);
  } catch (e) {
    error = e;
  }
  expect(isXucError(error) && error.code).toBe('XUC_ERR_INVALID_FIELD');
});
