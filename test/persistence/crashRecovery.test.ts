import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/persistence/db.js';
import { PgDb } from '../../src/persistence/pgDb.js';
import { PgliteDb } from '../../src/persistence/pgliteDb.js';
import { dropSchemas, newSchemaName, testDatabaseUrl } from './backends.js';

const BATCH = 50;
const worker = new URL('./crashWorker.ts', import.meta.url).pathname;

/** Runs the worker until it has printed `units` lines of work, then SIGKILLs it mid-loop. */
async function runAndKill(env: Record<string, string>, units: number): Promise<{ list: string; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', worker], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let list = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('list ')) list = line.slice(5);
    else lines.push(line);
    if (lines.length >= units) {
      child.kill('SIGKILL');
      break;
    }
  }
  const signal = await exited;
  if (signal !== 'SIGKILL') throw new Error(`worker ended on its own: ${stderr}`);
  return { list, lines };
}

interface Backend {
  name: string;
  skip?: string;
  /** Opens the database the worker uses (same dir / schema), returning the spec the worker reads. */
  prepare(): { spec: string; open: () => Promise<Db>; cleanup: () => Promise<void> };
}

const backends: Backend[] = [
  {
    name: 'PGlite on disk',
    prepare: () => {
      const dir = mkdtempSync(join(tmpdir(), 'xuc-crash-'));
      return { spec: `pglite:${dir}`, open: () => PgliteDb.open({ dataDir: dir }), cleanup: async () => {} };
    },
  },
  {
    name: 'PostgreSQL',
    skip: testDatabaseUrl ? undefined : 'TEST_DATABASE_URL is not set',
    prepare: () => {
      const schema = newSchemaName();
      return {
        spec: `pg:${schema}`,
        open: () => PgDb.open({ connectionString: testDatabaseUrl!, schema }),
        cleanup: () => dropSchemas([schema]),
      };
    },
  },
];

for (const backend of backends) {
  describe.skipIf(backend.skip !== undefined)(`killed with SIGKILL [${backend.name}]${backend.skip ? ` — skipped: ${backend.skip}` : ''}`, () => {
    // One test per backend: starting embedded PostgreSQL on disk is the slow part, so both crashes share it.
    it('mid-import and mid-ticket-update: every committed change is there, nothing half-written', async () => {
      const { spec, open, cleanup } = backend.prepare();
      const imports = await runAndKill({ CRASH_DB: spec, CRASH_MODE: 'import' }, 3);
      let db = await open();
      const list = imports.list;
      const [row] = await db.query<{ n: string }>('SELECT count(*) AS n FROM callback_request WHERE list_uuid = $1', [list]);
      const count = Number(row.n);
      expect(count % BATCH).toBe(0);
      expect(count).toBeGreaterThanOrEqual(imports.lines.length * BATCH);
      expect(count).toBeLessThanOrEqual((imports.lines.length + 1) * BATCH);
      await db.close();

      const tickets = await runAndKill({ CRASH_DB: spec, CRASH_MODE: 'tickets' }, 5);
      expect(tickets.list).toBe(list);
      db = await open();
      const done = tickets.lines.map((l) => l.replace('done ', ''));
      const rows = await db.query<{ uuid: string; clotured: boolean; status: string | null; comment: string | null }>(
        `SELECT r.uuid::text AS uuid, r.clotured, t.status, t.comment
         FROM callback_request r LEFT JOIN callback_ticket t ON t.request_uuid = r.uuid WHERE r.list_uuid = $1`, [list]);
      for (const uuid of done) {
        expect(rows.find((r) => r.uuid === uuid)).toMatchObject({ clotured: true, status: 'Answered', comment: 'x'.repeat(900) });
      }
      // The request's cloture and the ticket's result are one transaction: never one without the other.
      for (const r of rows) expect(r.clotured).toBe(r.status === 'Answered');
      expect(rows.filter((r) => r.clotured).length).toBeGreaterThanOrEqual(done.length);
      await db.close();
      await cleanup();
    }, 120_000);
  });
}
