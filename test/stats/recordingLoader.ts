import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AmiFrame } from '../../src/domain/amiFrame.js';
import { parseAmiFrame } from '../../src/transport/ami/amiFrameParser.js';

/** Private reader of ../shared/fixtures/ami for the statistics tests (shared loader not written yet). */
export const fixturesDir = join(import.meta.dirname, '../../../shared/fixtures/ami');

export interface RecordedFrame {
  frame: AmiFrame;
  /** Epoch ms: the recording's start plus the frame's offset. */
  receivedAt: number;
}

export function loadAmiStream(scenario: string): RecordedFrame[] {
  const meta = JSON.parse(readFileSync(join(fixturesDir, `${scenario}.meta.json`), 'utf8')) as { start_epoch_ms: number };
  const out: RecordedFrame[] = [];
  for (const line of readFileSync(join(fixturesDir, `${scenario}.jsonl`), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const item = JSON.parse(line) as { t: number; dir: string; frame: string };
    if (item.dir !== 'in') continue;
    const frame = parseAmiFrame(item.frame);
    if (frame) out.push({ frame, receivedAt: meta.start_epoch_ms + item.t });
  }
  return out;
}

export const queueLogPath = (scenario: string) => join(fixturesDir, `${scenario}.queue_log`);

export const loadQueueLogText = (scenario: string) => readFileSync(queueLogPath(scenario), 'utf8');

export const scenarioStart = (scenario: string): number =>
  (JSON.parse(readFileSync(join(fixturesDir, `${scenario}.meta.json`), 'utf8')) as { start_epoch_ms: number }).start_epoch_ms;
