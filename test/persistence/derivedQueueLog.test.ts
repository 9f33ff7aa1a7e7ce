import { expect, it } from 'vitest';
import { DatabaseQueueLogStore } from '../../src/app/queueLogStoreOnDatabase.js';
import { ManualClock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/log.js';
import { Database } from '../../src/persistence/database.js';
import type { Db } from '../../src/persistence/db.js';
import type { QueueLogRecord } from '../../src/stats/queueLogRecord.js';
import { describeEachBackend } from './backends.js';

const T = Date.parse('2026-03-02T09:00:00Z');
const record = (seconds: number, event: string, data: string[]): QueueLogRecord => ({
  timeMs: T + seconds * 1000, callId: `1700000000.${seconds}`, queue: 'sales', agent: 'NONE', event, data,
});

/** Queue statistics without a queue_log file or table keep their AMI-derived records in the database. */
describeEachBackend('the derived queue_log store', ({ newDb }) => {
  it('records appended while the database is away are written once it is there, in order, and read back whole', async () => {
    const db = await newDb();
    const clock = new ManualClock(T);
    let reachable!: () => void;
    const gate = new Promise<void>((resolve) => (reachable = resolve));
    const database = new Database({ open: () => gate.then(() => db), clock, logger: silentLogger });
    database.start();
    const store = new DatabaseQueueLogStore(database, clock, silentLogger);

    const records = [
      record(0, 'ENTERQUEUE', ['', '0601020304', '1']),
      record(5, 'CONNECT', ['5', '1700000001.1', '2']),
      record(5, 'COMPLETECALLER', ['5', '60', '1']),
      record(70, 'ABANDON', ['1', '1', '12']),
    ];
    await store.append(records.slice(0, 2));
    await store.append(records.slice(2));
    reachable();
    await database.whenReady();
    await store.drain();
    expect(await store.readSince(T)).toEqual(records);
    expect(await store.readSince(T + 5000)).toEqual(records.slice(1));
    await store.close();
  });

  it('a start that finds no database within the wait counts from this run rather than waiting on', async () => {
    const clock = new ManualClock(T);
    const database = new Database({ open: () => new Promise<Db>(() => {}), clock, logger: silentLogger });
    database.start();
    const store = new DatabaseQueueLogStore(database, clock, silentLogger, 5_000);
    const read = store.readSince(T - 3_600_000);
    clock.advance(5_000);
    expect(await read).toEqual([]);
    await store.close();
  });
});
