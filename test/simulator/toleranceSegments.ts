import { diffBurst, diffLifecycleOrder } from './frameGrammar.js';
import type { RawFrame } from './rawAmiClient.js';

/**
 * Cuts time into segments: a tolerance zone from `windowMs` before each burst's first action to
 * `windowMs` after its last one (overlapping zones merged), and the cores between them. Returns
 * the sorted segment boundaries; a time t belongs to segment `number of boundaries < t`, so odd
 * segments are tolerance zones.
 */
export function toleranceBoundaries(starts: ReadonlyArray<{ first: number; last: number }>, windowMs: number): number[] {
  const zones: Array<[number, number]> = [];
  for (const { first, last } of starts) {
    const zone: [number, number] = [first - windowMs, last + windowMs];
    const prev = zones[zones.length - 1];
    if (prev && zone[0] <= prev[1]) prev[1] = Math.max(prev[1], zone[1]);
    else zones.push(zone);
  }
  return zones.flat();
}

/** The segment of time t (see toleranceBoundaries). */
export function segmentOf(boundaries: readonly number[], t: number): number {
  let n = 0;
  while (n < boundaries.length && boundaries[n] < t) n++;
  return n;
}

export interface TimedFrame {
  readonly t: number;
  readonly frame: RawFrame;
}

/**
 * Segment by segment, the same comparison as burst by burst (diffBurst and diffLifecycleOrder):
 * a frame may land on either side of a burst boundary only if both runs put it within the window
 * around that boundary; anything missing, extra or renamed is still reported.
 */
export function diffSegments(recorded: readonly TimedFrame[], simulated: readonly TimedFrame[], boundaries: readonly number[]): string[] {
  const bySegment = (frames: readonly TimedFrame[]) => {
    const m = new Map<number, RawFrame[]>();
    for (const { t, frame } of frames) {
      const s = segmentOf(boundaries, t);
      m.set(s, [...(m.get(s) ?? []), frame]);
    }
    return m;
  };
  const rec = bySegment(recorded);
  const sim = bySegment(simulated);
  const out: string[] = [];
  for (let s = 0; s <= boundaries.length; s++) {
    const r = rec.get(s) ?? [];
    const g = sim.get(s) ?? [];
    const label = `segment ${s} (t ${s === 0 ? 0 : boundaries[s - 1]}–${boundaries[s] ?? '∞'}${s % 2 ? ', tolerance zone' : ''})`;
    for (const d of [...diffBurst(r, g), ...diffLifecycleOrder(r, g)]) out.push(`${label}: ${d}`);
  }
  return out;
}
