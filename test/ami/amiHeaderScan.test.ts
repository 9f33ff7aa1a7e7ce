import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmiHeaders } from '../../src/transport/ami/amiFrameParser.js';
import { loadRecording, recordingNames } from '../support/fixtures.js';

/** The header grammar stated plainly: lines split on `\r?\n`, a colon after the first character, both sides trimmed. */
function referenceHeaders(raw: string): Array<readonly [string, string]> {
  const headers: Array<readonly [string, string]> = [];
  for (const line of raw.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    if (key !== '') headers.push([key, line.slice(colon + 1).trim()] as const);
  }
  return headers;
}

describe('AMI header scan', () => {
  it('reads every recorded frame as the plain line-by-line reading does', () => {
    const frames = recordingNames().flatMap((name) => loadRecording(name).frames.map((f) => f.frame));
    const differing = frames.filter((raw) => JSON.stringify(parseAmiHeaders(raw)) !== JSON.stringify(referenceHeaders(raw)));
    expect(frames.length).toBeGreaterThan(1000);
    expect(differing).toEqual([]);
  });

  it('agrees with the line-by-line reading on any text of colons, spaces and line ends', () => {
    const text = fc
      .array(fc.constantFrom('a', 'B', ':', ' ', '\t', '\r', '\n', '\r\n', '\u00a0', '\u2028', '\ufeff', '\u0085', 'é'), { maxLength: 60 })
      .map((parts) => parts.join(''));
    fc.assert(fc.property(text, (raw) => {
        expect(parseAmiHeaders(raw)).toEqual(referenceHeaders(raw));
      }), { numRuns: 3000 });
  });
});
