/**
 * Child process for the SIGKILL tests: opens the database named by CRASH_DB, then works in a loop,
 * printing a line after each committed unit of work, until it is killed.
 *   CRASH_DB=pglite:<dir> | pg:<schema>   (pg uses TEST_DATABASE_URL)
 * It first prints "list <uuid>" (the list it works on, created by the first run).
 *   CRASH_MODE=import   CSV imports of 50 requests → "committed <n>"
 *   CRASH_MODE=tickets  take/start/close tickets → "done <request uuid>"
 */
import { ManualClock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/log.js';
import { directDbAccess, type Db } from '../../src/persistence/db.js';
import { migrate } from '../../src/persistence/migrations.js';
import { PgDb } from '../../src/persistence/pgDb.js';
import { PgliteDb } from '../../src/persistence/pgliteDb.js';
import { CallbackAdmin } from '../../src/services/callbackAdmin.js';
import { CallbackService } from '../../src/services/callbackService.js';

export const BATCH = 50;

async function openDb(spec: string): Promise<Db> {
  const [kind, arg] = spec.split(/:(.*)/s);
  return kind === 'pglite'
    ? PgliteDb.open({ dataDir: arg })
    : PgDb.open({ connectionString: process.env.TEST_DATABASE_URL!, schema: arg });
}

const db = await openDb(process.env.CRASH_DB!);
await migrate(db);
const clock = new ManualClock(Date.parse('2026-01-05T09:00:00Z'));
const service = new CallbackService({ db: directDbAccess(db), clock, logger: silentLogger, dial: async () => {} });
const admin = new CallbackAdmin({ db: directDbAccess(db), clock, callbacks: service });
const existing = await admin.listLists();
if (existing.length === 0) await admin.createPeriod({ name: 'Day', periodStart: '08:00', periodEnd: '18:00', default: true });
const listUuid = existing[0]?.uuid ?? (await admin.createList({ name: 'crash', queueId: 1 })).uuid;
const csv = ['phoneNumber|lastName', ...Array.from({ length: BATCH }, (_, i) => `01000000${String(i).padStart(2, '0')}|Row ${i}`)].join('\n');
process.stdout.write(`list ${listUuid}\n`);

if (process.env.CRASH_MODE === 'import') {
  for (let n = 1; ; n++) {
    await admin.importCsv(listUuid, csv);
    process.stdout.write(`committed ${n}\n`);
  }
} else {
  for (;;) {
    const request = await admin.createRequest(listUuid, { phoneNumber: '0102030405' });
    await service.takeCallback(request.uuid, 7);
    const { ticketUuid } = await service.startCallback(request.uuid, 7, 1, '0102030405');
    await service.updateCallbackTicket(ticketUuid, 7, { status: 'Answered', comment: 'x'.repeat(900) });
    process.stdout.write(`done ${request.uuid}\n`);
  }
}
