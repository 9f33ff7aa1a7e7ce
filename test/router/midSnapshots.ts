import type { AmiFrame, AmiSnapshot } from '../../src/domain/amiFrame.js';
import { parseAmiFrame } from '../../src/transport/ami/amiFrameParser.js';
import { emptySnapshot, snapshotActions } from '../../src/transport/ami/snapshotActions.js';
import { liveInFrames, loadRecording } from '../support/fixtures.js';

/**
 * Resyncs the recorder took in the middle of a scenario (snapshot-during-call at t≈14.7 s,
 * load-small at t≈135 s): the list events answering its snapshot actions, and how many live
 * frames came before the first of them.
 */
export interface MidSnapshot {
  /** Number of live (non-recorder) frames before the snapshot's first answer. */
  liveFramesBefore: number;
  snapshot: AmiSnapshot;
}

const actionIdOf = (raw: string) => /(?:^|\n)ActionID: *([^\r\n]*)/.exec(raw)?.[1]?.trim();

export function midSnapshots(name: string): MidSnapshot[] {
  const rec = loadRecording(name);
  const actionOfId = new Map<string, string>();
  for (const f of rec.frames) {
    if (f.dir !== 'out') continue;
    const action = /^Action: *([^\r\n]*)/.exec(f.frame)?.[1]?.trim();
    const id = actionIdOf(f.frame);
    if (action && id) actionOfId.set(id, action);
  }
  const out: MidSnapshot[] = [];
  let live = 0;
  let current: { liveFramesBefore: number; snapshot: { -readonly [K in keyof AmiSnapshot]: AmiFrame[] } } | undefined;
  for (const f of liveInFrames(rec, { includeRecorderReplies: true })) {
    const id = actionIdOf(f.frame);
    const action = id === undefined ? undefined : actionOfId.get(id);
    const spec = snapshotActions.find((a) => a.action === action);
    const frame = parseAmiFrame(f.frame);
    if (!spec || !frame) {
      if (frame && !(id !== undefined && actionOfId.has(id) && !f.frame.startsWith('Event: OriginateResponse'))) live++;
      continue;
    }
    if (spec.action === 'CoreShowChannels' && frame.kind === 'response') {
      current = { liveFramesBefore: live, snapshot: emptySnapshot() as { -readonly [K in keyof AmiSnapshot]: AmiFrame[] } };
      out.push(current);
    }
    if (!current || frame.kind !== 'event' || frame.name === spec.complete) continue;
    current.snapshot[spec.key].push(frame);
  }
  return out;
}
