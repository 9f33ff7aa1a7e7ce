import { readFileSync } from 'node:fs';

/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time,
 * and the source files with the most self time.
 * Usage: `tsx bench/profileSummary.ts <file> [top] [<from>-<to>]`, the span (µs) being the one a
 * benchmark prints for its measured phase when run with `--profile`.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the monotonic clock `process.hrtime` reads. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A span of the profile clock (µs): only samples taken inside it are counted. */
export interface ProfileWindow {
  from: number;
  to: number;
}

export interface ProfileLine {
  name: string;
  ms: number;
  share: number;
}

const shortUrl = (url: string) => url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, 'npm:').replace(/.*\/work\/main\//, '');

/**
 * Self time per function and per file, largest first; with `window`, of the samples taken inside it
 * (a benchmark prints the span of its measured phase, so set-up and baseline stay out).
 */
export function summarizeProfile(
  profile: CpuProfile,
  top = 15,
  window?: ProfileWindow,
): { total: number; functions: ProfileLine[]; files: ProfileLine[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (!window || (at >= window.from && at <= window.to)) self.set(id, (self.get(id) ?? 0) + delta);
  });
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

/** `<from>-<to>` in µs of the profile clock, as a benchmark prints it. */
export function parseProfileWindow(text: string | undefined): ProfileWindow | undefined {
  const m = /^(\d+)-(\d+)$/.exec(text ?? '');
  return m ? { from: Number(m[1]), to: Number(m[2]) } : undefined;
}

/** The current time on the profile clock (µs), to print the span of a measured phase. */
export const profileClockMicros = (): number => Number(process.hrtime.bigint() / 1000n);

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [file, top, window] = process.argv.slice(2);
  const summary = summarizeProfile(JSON.parse(readFileSync(file!, 'utf8')) as CpuProfile, Number(top ?? 20), parseProfileWindow(window));
  console.log(`total ${summary.total} ms`);
  console.log('-- self time by function');
  for (const l of summary.functions) console.log(`${(l.share * 100).toFixed(1).padStart(5)}% ${String(l.ms).padStart(6)} ms  ${l.name}`);
  console.log('-- self time by file');
  for (const l of summary.files) console.log(`${(l.share * 100).toFixed(1).padStart(5)}% ${String(l.ms).padStart(6)} ms  ${l.name}`);
}
