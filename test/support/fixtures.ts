/**
 * Test support: the real AMI recordings in ../shared/fixtures/ami (see its README.md).
 *
 *   loadRecording(name)            → { name, startEpochMs, frames: [{ t, dir, frame }] } (cached)
 *   recordingNames()               → every recording's name, sorted
 *   liveInFrames(rec, opts?)       → the live `in` frames of the first connection, after the initial
 *                                    snapshot and before the final snapshot (recorder replies skipped
 *                                    unless opts.includeRecorderReplies)
 *   recordedSnapshot(rec, which)   → raw answers of the 'initial' or 'final' snapshot, per action
 *   snapshotOf(rec, which)         → the same as a parsed AmiSnapshot (list items, no `…Complete`)
 *   recordedAnswersOf(snapshot)    → raw answers Asterisk would give for a parsed AmiSnapshot
 *   snapshotAnswerText(rec, source, action, actionId) → the wire answer to one snapshot action
 *   queueLogLines(name)            → the scenario's queue_log lines
 *   fixturePath(file)              → absolute path of any file there (config.json, *.cel…)
 *
 * "Recorder replies" are frames only the recorder's own AMI session received: `Response:` frames and
 * list events carrying one of its ActionIDs. `OriginateResponse` carries an ActionID too but Asterisk
 * broadcasts it to every session, so it counts as live.
 * Paths resolve from this file (import.meta.url), never from the working directory.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AmiFrame, AmiSnapshot } from '../../src/domain/amiFrame.js';
import { parseAmiFrame } from '../../src/transport/ami/amiFrameParser.js';
import { snapshotActions, emptySnapshot, type SnapshotActionName } from '../../src/transport/ami/snapshotActions.js';

export const fixturesDir = fileURLToPath(new URL('../../../shared/fixtures/ami/', import.meta.url));

export type FrameDir = 'in' | 'out' | 'meta';

export interface RecordedFrame {
  /** Milliseconds since the scenario started. */
  readonly t: number;
  readonly dir: FrameDir;
  /** The raw text as it went over the wire (CRLFs and the closing blank line included). */
  readonly frame: string;
}

export interface Recording {
  readonly name: string;
  readonly startEpochMs: number;
  readonly frames: readonly RecordedFrame[];
}

/** The raw answer Asterisk gave to one list action: response, list items, `…Complete` event. */
export interface RecordedListAnswer {
  readonly response: string;
  readonly items: readonly string[];
  readonly complete: string;
}

export type RecordedSnapshot = Partial<Record<SnapshotActionName, RecordedListAnswer>>;

export const fixturePath = (file: string): string => fileURLToPath(new URL(file, `file://${fixturesDir}`));

/** Every recording's name (the `.jsonl` files), sorted. */
export function recordingNames(): string[] {
  return readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => f.slice(0, -'.jsonl'.length))
    .sort();
}

const cache = new Map<string, Recording>();

/** Loads a recording by name (`agent-login-pause-logout`); cached, the result is frozen. */
export function loadRecording(name: string): Recording {
  const hit = cache.get(name);
  if (hit) return hit;
  const meta = JSON.parse(readFileSync(fixturePath(`${name}.meta.json`), 'utf8')) as { start_epoch_ms: number };
  const frames = readFileSync(fixturePath(`${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => Object.freeze(JSON.parse(line) as RecordedFrame));
  const rec: Recording = Object.freeze({ name, startEpochMs: meta.start_epoch_ms, frames: Object.freeze(frames) });
  cache.set(name, rec);
  return rec;
}

/** The scenario's queue_log lines (`epoch|callid|queue|agent|event|data…`). */
export function queueLogLines(name: string): string[] {
  return readFileSync(fixturePath(`${name}.queue_log`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

const actionIdOf = (raw: string): string | undefined => /(?:^|\n)ActionID: *([^\r\n]*)/.exec(raw)?.[1]?.trim();
const actionNameOf = (raw: string): string | undefined => /^Action: *([^\r\n]*)/.exec(raw)?.[1]?.trim();

/** The frames of the first connection (up to a `meta` disconnect or a second banner). */
export function firstConnection(rec: Recording): readonly RecordedFrame[] {
  let banners = 0;
  const out: RecordedFrame[] = [];
  for (const f of rec.frames) {
    if (f.dir === 'meta') break;
    if (f.dir === 'in' && f.frame.startsWith('Asterisk Call Manager/') && ++banners > 1) break;
    out.push(f);
  }
  return out;
}

/** ActionIDs of every action the recorder sent. */
export function recorderActionIds(rec: Recording): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const f of rec.frames) if (f.dir === 'out') {
    const id = actionIdOf(f.frame);
    if (id) ids.add(id);
  }
  return ids;
}

/** True for frames only the recorder's own session received (its responses and list events). */
export function isRecorderReply(frame: string, recorderIds: ReadonlySet<string>): boolean {
  const id = actionIdOf(frame);
  if (id === undefined || !recorderIds.has(id)) return false;
  return !frame.startsWith('Event: OriginateResponse');
}

interface SnapshotBlock {
  /** Index in the connection of the first snapshot action sent. */
  readonly firstOut: number;
  /** Index of the last `in` frame answering the block. */
  readonly lastIn: number;
  readonly ids: ReadonlyMap<string, SnapshotActionName>;
}

/** Finds the snapshot blocks: a CoreShowChannels action and the snapshot actions sent right after it. */
function snapshotBlocks(frames: readonly RecordedFrame[]): SnapshotBlock[] {
  const snapshotNames = new Set<string>(snapshotActions.map((a) => a.action));
  const starts: Array<{ firstOut: number; ids: Map<string, SnapshotActionName> }> = [];
  let open = false;
  frames.forEach((f, i) => {
    if (f.dir !== 'out') return;
    const name = actionNameOf(f.frame) ?? '';
    const id = actionIdOf(f.frame);
    if (name === 'CoreShowChannels') starts.push({ firstOut: i, ids: new Map() }), (open = true);
    if (open && id && snapshotNames.has(name)) starts[starts.length - 1].ids.set(id, name as SnapshotActionName);
    else open = false;
  });
  return starts.map(({ firstOut, ids }) => {
    let lastIn = firstOut;
    frames.forEach((f, i) => {
      const id = f.dir === 'in' && i > firstOut ? actionIdOf(f.frame) : undefined;
      if (id && ids.has(id)) lastIn = i;
    });
    return { firstOut, lastIn, ids };
  });
}

function blockOf(rec: Recording, which: 'initial' | 'final'): { frames: readonly RecordedFrame[]; block: SnapshotBlock } {
  const frames = firstConnection(rec);
  const blocks = snapshotBlocks(frames);
  if (blocks.length === 0) throw new Error(`recording ${rec.name} has no snapshot`);
  return { frames, block: which === 'initial' ? blocks[0] : blocks[blocks.length - 1] };
}

/**
 * The live `in` frames of the first connection between the initial snapshot (after its last list
 * frame) and the final snapshot (before its first action), in order.
 */
export function liveInFrames(rec: Recording, opts: { includeRecorderReplies?: boolean } = {}): RecordedFrame[] {
  const { frames, block: initial } = blockOf(rec, 'initial');
  const { block: final } = blockOf(rec, 'final');
  const end = final === initial ? frames.length : final.firstOut;
  const ids = recorderActionIds(rec);
  return frames
    .slice(initial.lastIn + 1, end)
    .filter((f) => f.dir === 'in' && (opts.includeRecorderReplies || !isRecorderReply(f.frame, ids)));
}

/** The raw answers of the initial or final snapshot, per snapshot action present in the recording. */
export function recordedSnapshot(rec: Recording, which: 'initial' | 'final'): RecordedSnapshot {
  const { frames, block } = blockOf(rec, which);
  const out: Record<string, { response?: string; items: string[]; complete?: string }> = {};
  for (const f of frames.slice(block.firstOut, block.lastIn + 1)) {
    if (f.dir !== 'in') continue;
    const id = actionIdOf(f.frame);
    const action = id === undefined ? undefined : block.ids.get(id);
    if (!action) continue;
    const answer = (out[action] ??= { items: [] });
    if (f.frame.startsWith('Response:')) answer.response = f.frame;
    else if (/\r?\nEventList: *Complete/i.test(f.frame)) answer.complete = f.frame;
    else answer.items.push(f.frame);
  }
  const result: RecordedSnapshot = {};
  for (const [action, a] of Object.entries(out)) {
    if (a.response && a.complete) result[action as SnapshotActionName] = { response: a.response, items: a.items, complete: a.complete };
  }
  return result;
}

/** The initial or final snapshot as the AmiLink reports it: parsed list items per action. */
export function snapshotOf(rec: Recording, which: 'initial' | 'final'): AmiSnapshot {
  const raw = recordedSnapshot(rec, which);
  const snapshot = emptySnapshot() as { -readonly [K in keyof AmiSnapshot]: AmiFrame[] };
  for (const { action, key } of snapshotActions) {
    for (const item of raw[action]?.items ?? []) {
      const frame = parseAmiFrame(item);
      if (frame) snapshot[key].push(frame);
    }
  }
  return snapshot;
}

const CRLF = '\r\n';

/** Wire text of a frame from its header lines. */
export const frameText = (headers: ReadonlyArray<readonly [string, string]>): string =>
  headers.map(([k, v]) => `${k}: ${v}`).join(CRLF) + CRLF + CRLF;

/** The raw answers (without ActionIDs) Asterisk would give to the snapshot actions for this snapshot. */
export function recordedAnswersOf(snapshot: AmiSnapshot): RecordedSnapshot {
  const out: RecordedSnapshot = {};
  for (const { action, key, complete } of snapshotActions) {
    const items = snapshot[key].map((f) => frameText(f.headers.filter(([k]) => k !== 'ActionID')));
    out[action] = {
      response: frameText([['Response', 'Success'], ['EventList', 'start'], ['Message', `${action} will follow`]]),
      items,
      complete: frameText([['Event', complete], ['EventList', 'Complete'], ['ListItems', String(items.length)]]),
    };
  }
  return out;
}

/** Where a replayed snapshot comes from: the recording's initial or final one, or the test's. */
export type SnapshotSource = 'initial' | 'final' | RecordedSnapshot | AmiSnapshot;

/**
 * The wire answer (response, list items, `…Complete`) to one snapshot action with the client's
 * ActionID; an empty list when the source lacks that action.
 */
export function snapshotAnswerText(rec: Recording, source: SnapshotSource, action: SnapshotActionName, actionId: string | undefined): string {
  const withId = (frame: string) => {
    const lines = frame.replace(/\r?\n\r?\n$/, '').split(CRLF);
    const at = lines.findIndex((l) => /^ActionID:/i.test(l));
    if (at >= 0) lines.splice(at, 1);
    // Where Asterisk puts it: second in responses and `…Complete` events, last in list items.
    const where = at >= 0 ? at : /^Response:|\r\nEventList: Complete/.test(frame) ? 1 : lines.length;
    if (actionId !== undefined) lines.splice(where, 0, `ActionID: ${actionId}`);
    return lines.join(CRLF) + CRLF + CRLF;
  };
  const answers =
    source === 'initial' || source === 'final' ? recordedSnapshot(rec, source)
    : 'coreShowChannels' in source ? recordedAnswersOf(source)
    : source;
  const answer = answers[action] ?? recordedAnswersOf(emptySnapshot())[action]!;
  return [answer.response, ...answer.items, answer.complete].map(withId).join('');
}
