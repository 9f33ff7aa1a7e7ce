import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { smokeCases } from '../../bench/cases.js';

/**
 * Keeps the benchmarks working: `npm run bench -- --smoke` runs every case in a tiny configuration,
 * each in its own process as the full run does. Only checks that each produced its figures; never
 * judges their values (benchmarks are not timed assertions).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'xuc-bench-smoke-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('bench smoke run', () => {
  it('runs every benchmark case and writes a table and a JSON file with a figure for each', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--out', out], { cwd: root, encoding: 'utf8', timeout: 170_000 });
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'smoke.json'), 'utf8')) as { results: Array<{ name: string; outcome: any }> };
    expect(json.results.map((r) => r.name)).toEqual(smokeCases.map((c) => c.name));
    const byName = new Map(json.results.map((r) => [r.name, r.outcome]));
    expect(byName.get('ingest').result.engineEventsPerSecond).toBeGreaterThan(0);
    expect(byName.get('ingest').result.baselineEventsPerSecond).toBeGreaterThan(0);
    const fan = byName.get('fanout').result[0];
    expect(fan.engine.messages).toBeGreaterThan(0);
    expect(Number.isFinite(fan.engine.p99)).toBe(true);
    expect(Number.isFinite(fan.baseline.p99)).toBe(true);
    expect(Number.isFinite(fan.batched.p99)).toBe(true);
    expect(byName.get('memory').result.heapPerAgentKiB).toEqual(expect.any(Number));
    expect(byName.get('churn').result.heapMiB[0].heapMiB).toBeGreaterThan(0);
    expect(byName.get('resync').result.resyncMs).toBeGreaterThanOrEqual(0);
    expect(byName.get('stats').result.reducerRecordsPerSecond).toBeGreaterThan(0);
    const table = readFileSync(join(out, 'smoke.md'), 'utf8');
    expect(table).toContain('| Ingest (AMI events/s) |');
    expect(table).not.toContain('failed:');
  }, 180_000);
});
