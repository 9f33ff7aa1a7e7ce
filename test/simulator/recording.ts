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

/** The queue_log events app_queue writes together with an AMI event of the same caller uniqueid. */
const queueLogEvents: Readonly<Record<string, string>> = {
  ENTERQUEUE: 'QueueCallerJoin', CONNECT: 'AgentConnect', COMPLETECALLER: 'AgentComplete', ABANDON: 'QueueCallerAbandon',
};

/**
 * How many ms the recording's `t` runs ahead of Asterisk's own clock: the least whole number of
 * ms that puts every queue caller event in the epoch second its queue_log line gives. app_queue
 * decides wrap-ups on whole seconds of that clock, so a replay that races a second boundary
 * (load-small: 5 ms) must keep the same seconds.
 */
export function asteriskClockLagMs(name: string, entries: readonly RecordedEntry[], startEpochMs: number): number {
  const eventAt = new Map<string, number>();
  for (const e of entries) {
    if (e.dir !== 'in') continue;
    const event = e.frame.find(([k]) => k === 'Event')?.[1];
    const uniqueid = e.frame.find(([k]) => k === 'Uniqueid')?.[1];
    if (event && uniqueid) eventAt.set(`${event} ${uniqueid}`, e.t);
  }
  let lag = 0;
  for (const line of readFileSync(join(fixturesDir, `${name}.queue_log`), 'utf8').split('\n')) {
    const [epoch, callid, , , kind] = line.split('|');
    const t = eventAt.get(`${queueLogEvents[kind]} ${callid}`);
    if (t !== undefined) lag = Math.max(lag, startEpochMs + t - (Number(epoch) * 1000 + 999));
  }
  return lag;
}
