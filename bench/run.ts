import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fullCases, longCases, smokeCases, type CaseResult, type CaseSpec } from './cases.js';
import { markdownTable, rowsOf } from './report.js';

/**
 * `npm run bench`: runs every case in its own process, then writes bench/results/<stamp>.md and
 * .json (and latest.md / latest.json) and prints the table.
 *   --smoke          tiny configurations (what CI runs)
 *   --only a,b       only these cases (`ingest-1k`…; `fanout*` for every name starting so); long
 *                    cases (`churn-100k`) run only when named here
 *   --profile        also write V8 CPU profiles per case to bench/results/profiles/<case>/ (the
 *                    largest file is the benchmark's main thread; see bench/profileSummary.ts)
 *   --out <dir>      write the results there instead of bench/results/
 */
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const smoke = args.includes('--smoke');
const profile = args.includes('--profile');
const only = option('--only')?.split(',');
const resultsDir = option('--out') ?? fileURLToPath(new URL('./results/', import.meta.url));
const worker = fileURLToPath(new URL('./worker.ts', import.meta.url));

function runInProcess(spec: CaseSpec): Promise<CaseResult> {
  const out = join(tmpdir(), `xuc-bench-${process.pid}-${spec.name}.json`);
  const nodeArgs = ['--import', 'tsx', '--max-old-space-size=4096'];
  if (profile) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${join(resultsDir, 'profiles', spec.name)}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, worker, JSON.stringify(spec), out], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(readFileSync(out, 'utf8')) as CaseResult) : reject(new Error(`${spec.name} exited with ${code}`))));
  });
}

const cases = (smoke ? smokeCases : only ? [...fullCases, ...longCases] : fullCases).filter((c) => !only || only.some((o) => (o.endsWith('*') ? c.name.startsWith(o.slice(0, -1)) : c.name === o)));
const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100) };
const results: Array<{ name: string; spec: CaseSpec; seconds: number; outcome: CaseResult | { error: string } }> = [];
for (const spec of cases) {
  const started = performance.now();
  process.stderr.write(`bench: ${spec.name} …\n`);
  try {
    results.push({ name: spec.name, spec, seconds: (performance.now() - started) / 1000, outcome: await runInProcess(spec) });
  } catch (error) {
    results.push({ name: spec.name, spec, seconds: (performance.now() - started) / 1000, outcome: { error: String(error) } });
  }
  results.at(-1)!.seconds = Math.round((performance.now() - started) / 100) / 10;
}

const rows = results.flatMap((r) =>
  'error' in r.outcome
    ? [{ benchmark: r.name, configuration: '', figure: `failed: ${r.outcome.error}`, baseline: '', ratio: '', goal: '' }]
    : rowsOf(r.outcome),
);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const table = markdownTable(rows);
const header = `Benchmarks ${smoke ? '(smoke) ' : ''}— ${new Date().toISOString()}, ${machine.cpus} CPUs (${machine.model}), Node ${machine.node}, load average at start ${machine.loadAverageAtStart.join(' / ')}`;
mkdirSync(resultsDir, { recursive: true });
const tag = smoke ? 'smoke' : 'latest';
writeFileSync(join(resultsDir, `${stamp}.md`), `${header}\n\n${table}\n`);
writeFileSync(join(resultsDir, `${stamp}.json`), JSON.stringify({ machine, smoke, results }, null, 2));
writeFileSync(join(resultsDir, `${tag}.md`), `${header}\n\n${table}\n`);
writeFileSync(join(resultsDir, `${tag}.json`), JSON.stringify({ machine, smoke, results }, null, 2));
console.log(`${header}\n\n${table}`);
if (results.some((r) => 'error' in r.outcome)) process.exitCode = 1;
