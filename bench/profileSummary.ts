import { readFileSync } from 'node:fs';

/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time,
 * and the source files with the most self time. Usage: `tsx bench/profileSummary.ts <file> [top]`.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  ms: number;
  share: number;
}

const shortUrl = (url: string) => url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, 'npm:').replace(/.*\/work\/main\//, '');

/** Self time per function and per file, largest first. */
export function summarizeProfile(profile: CpuProfile, top = 15): { total: number; functions: ProfileLine[]; files: ProfileLine[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '(native)';
    const key = `${functionName || '(anonymous)'} ${where}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const f = url ? shortUrl(url) : `(${functionName})`;
    file.set(f, (file.get(f) ?? 0) + us);
  }
  const lines = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: us / total }));
  return { total: Math.round(total / 1000), functions: lines(fn), files: lines(file) };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const summary = summarizeProfile(JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as CpuProfile, Number(process.argv[3] ?? 20));
  console.log(`total ${summary.total} ms`);
  console.log('-- self time by function');
  for (const l of summary.functions) console.log(`${(l.share * 100).toFixed(1).padStart(5)}% ${String(l.ms).padStart(6)} ms  ${l.name}`);
  console.log('-- self time by file');
  for (const l of summary.files) console.log(`${(l.share * 100).toFixed(1).padStart(5)}% ${String(l.ms).padStart(6)} ms  ${l.name}`);
}
