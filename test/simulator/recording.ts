import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawFrame } from './rawAmiClient.js';

export const fixturesDir = new URL('../../../shared/fixtures/ami/', import.meta.url).pathname;

export interface RecordedEntry {
  readonly t: number;
  readonly dir: 'in' | 'out' | 'meta';
  readonly raw: string;
  readonly frame: RawFrame;
}

const parse = (raw: string): RawFrame =>
  raw
    .replace(/\r?\n\r?\n$/, '')
    .split(/\r?\n/)
    .filter((l) => l !== '')
    .map((line) => {
      const i = line.indexOf(': ');
      return i < 0 ? [line.replace(/:$/, ''), ''] : [line.slice(0, i), line.slice(i + 2)];
    });

/** A recorded scenario: its frames and its wall-clock start. */
export function loadRecording(name: string): { entries: RecordedEntry[]; startEpochMs: number } {
  const text = readFileSync(join(fixturesDir, `${name}.jsonl`), 'utf8');
  const entries = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { t: number; dir: 'in' | 'out' | 'meta'; frame: string })
    .map((o) => ({ t: o.t, dir: o.dir, raw: o.frame, frame: parse(o.frame) }));
  const meta = JSON.parse(readFileSync(join(fixturesDir, `${name}.meta.json`), 'utf8')) as { start_epoch_ms: number };
  return { entries, startEpochMs: meta.start_epoch_ms };
}

/**
 * Cuts a recording into bursts: a burst starts with an action sent at least `gapMs` after the
 * previous one, and holds every frame Asterisk sent until the next burst. Within a burst the
 * order of events varies between runs of the same Asterisk (its threads race), so bursts are
 * compared as multisets.
 */
export function bursts(entries: readonly RecordedEntry[], gapMs = 100): Array<{ actions: RecordedEntry[]; frames: RawFrame[]; t: number }> {
  const out: Array<{ actions: RecordedEntry[]; frames: RawFrame[]; t: number }> = [];
  let lastOut = -Infinity;
  for (const e of entries) {
    if (e.dir === 'out') {
      if (e.t - lastOut >= gapMs || !out.length) out.push({ actions: [], frames: [], t: e.t });
      out[out.length - 1].actions.push(e);
      lastOut = e.t;
    } else if (e.dir === 'in' && out.length) out[out.length - 1].frames.push(e.frame);
  }
  return out;
}
