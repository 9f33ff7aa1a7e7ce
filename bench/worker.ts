import { writeFileSync } from 'node:fs';
import { runCase, type CaseSpec } from './cases.js';

/**
 * Runs one benchmark case in its own process (`tsx bench/worker.ts <spec json> <out file>`), so
 * memory figures start clean and a large engine need not be stopped actor by actor: the process exits.
 */
const [spec, out] = process.argv.slice(2);
try {
  const result = await runCase(JSON.parse(spec!) as CaseSpec);
  writeFileSync(out!, JSON.stringify(result));
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
