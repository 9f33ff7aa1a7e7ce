import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ContactCenterConfig } from '../src/domain/contactCenterConfig.js';

/**
 * Builds a larger AMI load trace from the recorded `load-small` trace (10 agents, 2 queues,
 * 150 calls): copy k of the trace gets its own agents and lines (numbers renamed), its own
 * queues, channel names, uniqueids and bridge ids, and the copies are interleaved by time, so
 * the engine sees the same AMI grammar with `copies × 10` agents.
 */
export interface ScaledTrace {
  /** The live event frames (Asterisk → client), in time order, as wire text. */
  frames: string[];
  /** Recording time of each frame, ms. */
  times: number[];
  config: ContactCenterConfig;
  agents: number;
  queues: number;
}

const fixturesDir = fileURLToPath(new URL('../../shared/fixtures/ami/', import.meta.url));

export interface RecordedFrame {
  t: number;
  dir: string;
  frame: string;
}

let recorded: RecordedFrame[] | undefined;
/** Every recorded frame of load-small (read once per process). */
export function loadSmallFrames(): RecordedFrame[] {
  recorded ??= readFileSync(`${fixturesDir}load-small.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RecordedFrame);
  return recorded;
}

/** The live `in` events of load-small, without banner, responses and list events of actions. */
export function loadSmallLiveEvents(): RecordedFrame[] {
  return loadSmallFrames()
    .filter((f) => f.dir === 'in' && f.frame.startsWith('Event:') && !/\r\nActionID: /.test(f.frame) && !f.frame.startsWith('Event: FullyBooted'));
}

const agentNumber = (copy: number, original: number) => String(100000 + copy * 10 + (original - 1000));

/** The ids a frame carries that must differ per copy; found once per recorded frame. */
const TOKEN =
  /(?<![.\d])10(0[1-9]|10)(?!\d)|-([0-9a-f]{8});|(\d{10})\.(\d+)|\b([0-9a-f]{8})(-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b|\b(sales|support)\b/g;

/**
 * Renders a frame for copy `copy`. `callCopy` (default `copy`) renames only the ids of calls
 * (channels after the 10 agent login channels, uniqueids after theirs), so the same agents can
 * take fresh calls again and again (memory churn).
 */
export type Renderer = (copy: number, queueOf: (name: string) => string, callCopy?: number) => string;

// In load-small, the 10 agent login channels are -00000000..-00000009 with uniqueids .0 … .19.
const LOGIN_CHANNELS = 10;
const LOGIN_UNIQUEIDS = 20;

/** Splits a frame into literal text and per-copy tokens, so each copy is a cheap join. */
export function compileFrame(frame: string): Renderer {
  const parts: Array<string | ((copy: number, queueOf: (name: string) => string, callCopy: number) => string)> = [];
  let last = 0;
  for (const m of frame.matchAll(TOKEN)) {
    parts.push(frame.slice(last, m.index));
    last = m.index + m[0].length;
    const [, agent, hex, epoch, seq, uuidHead, uuidRest, queue] = m;
    if (agent) parts.push((copy) => agentNumber(copy, 1000 + Number(agent)));
    else if (hex) {
      const n = parseInt(hex, 16);
      parts.push((copy, _q, callCopy) => `-${((n < LOGIN_CHANNELS ? copy : callCopy) * 0x10000 + n).toString(16).padStart(8, '0')};`);
    } else if (epoch) {
      const n = Number(seq);
      parts.push((copy, _q, callCopy) => `${epoch}.${(n < LOGIN_UNIQUEIDS ? copy : callCopy) * 100000 + n}`);
    }
    else if (uuidHead) parts.push((copy) => `${(parseInt(uuidHead, 16) ^ copy).toString(16).padStart(8, '0')}${uuidRest}`);
    else if (queue) parts.push((_copy, queueOf) => queueOf(queue));
  }
  parts.push(frame.slice(last));
  return (copy, queueOf, callCopy = copy) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : part(copy, queueOf, callCopy);
    return out;
  };
}

/** Rewrites one frame for copy `copy` (agents, lines, channels, uniqueids, bridges, queues). */
export const rewriteFrame = (frame: string, copy: number, queueOf: (name: string) => string): string =>
  compileFrame(frame)(copy, queueOf);

/**
 * Scales load-small to `agents` agents (a multiple of 10) spread over `queues` queues. With
 * `maxFrames`, keeps the first frames of the interleaved trace, starting at the first call, so
 * the slice is traffic rather than logins.
 */
export function buildScaledTrace(agents: number, queues: number, maxFrames = Infinity): ScaledTrace {
  const copies = Math.max(1, Math.round(agents / 10));
  const source = loadSmallLiveEvents();
  // Compiled on first use: a capped slice uses a fraction of the recording.
  const compiled: Renderer[] = [];
  const half = Math.max(1, Math.floor(queues / 2));
  const firstCall = source.find((f) => f.frame.startsWith('Event: QueueCallerJoin'))?.t ?? 0;
  const start = Math.max(0, source.findIndex((f) => f.t >= firstCall));
  // Spread copies over one second so their bursts do not line up exactly; merge them by time
  // (a k-way merge, so 1,000 copies of 30,000 frames cost only the frames kept).
  const shift = (copy: number) => (copy * 997) % 1000;
  const heap = new MinHeap<{ t: number; copy: number; i: number }>((a, b) => a.t - b.t || a.copy - b.copy || a.i - b.i);
  for (let copy = 0; copy < copies; copy++) if (start < source.length) heap.push({ t: source[start].t + shift(copy), copy, i: start });
  const slice: Array<{ t: number; copy: number; i: number }> = [];
  while (slice.length < maxFrames && heap.size > 0) {
    const next = heap.pop()!;
    slice.push(next);
    const i = next.i + 1;
    if (i < source.length) heap.push({ t: source[i].t + shift(next.copy), copy: next.copy, i });
  }
  return {
    frames: slice.map((o) => (compiled[o.i] ??= compileFrame(source[o.i].frame))(o.copy, (q) => `${q}_${o.copy % half}`)),
    times: slice.map((o) => o.t),
    config: scaledConfig(copies, queues),
    agents: copies * 10,
    queues: half * 2,
  };
}

function scaledConfig(copies: number, queues: number): ContactCenterConfig {
  const config: ContactCenterConfig = {
    pbx: { agentMemberInterface: 'Local/{number}@agents' },
    users: [],
    lines: [],
    agents: [],
    agentGroups: [{ id: 1, name: 'all' }],
    queues: [],
    queueMembers: [],
    userStatuses: [],
  };
  let id = 1;
  for (let copy = 0; copy < copies; copy++) {
    for (let n = 1; n <= 10; n++) {
      const number = agentNumber(copy, 1000 + n);
      config.lines.push({ id, interface: `Local/${number}@phones`, number, context: 'internal' });
      config.agents.push({ id, number, firstName: 'Agent', lastName: number, groupId: 1, context: 'internal' });
      id++;
    }
  }
  const half = Math.max(1, Math.floor(queues / 2));
  let qid = 1;
  for (let k = 0; k < half; k++) {
    for (const q of ['sales', 'support']) {
      config.queues.push({ id: qid++, name: `${q}_${k}`, displayName: `${q} ${k}`, number: String(30000 + qid), context: 'queues', wrapUpTime: q === 'sales' ? 5 : 0 });
    }
  }
  return config;
}

/** A binary min-heap (the k-way merge of trace copies). */
class MinHeap<T> {
  private items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}
  get size(): number {
    return this.items.length;
  }
  push(item: T): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (this.less(a[i], a[p]) >= 0) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m]) < 0) m = l;
        if (r < a.length && this.less(a[r], a[m]) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
