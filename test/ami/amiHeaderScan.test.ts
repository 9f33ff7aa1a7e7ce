import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmiFrame, parseAmiHeaders } from '../../src/transport/ami/amiFrameParser.js';
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

  it('reads one header in the text exactly as the built fields do, before and after they are built', () => {
    const name = fc.constantFrom('Variable', 'Value', 'Channel', 'B', 'a', 'aB', 'Event', 'constructor', '__proto__');
    const line = fc.tuple(fc.constantFrom('', ' ', '\t', '\u00a0'), fc.constantFrom('Variable', 'Value', 'Channel', 'B', 'a', 'aB', 'constructor', '__proto__'), fc.constantFrom('', ' ', '  '), fc.string({ maxLength: 8 }), fc.constantFrom('\r\n', '\n'))
      .map(([pad, key, pad2, value, end]) => `${pad}${key}${pad2}: ${value}${end}`);
    const frame = fc.array(line, { maxLength: 8 }).map((lines) => `Event: VarSet\r\n${lines.join('')}\r\n`);
    fc.assert(fc.property(frame, name, name, (raw, first, second) => {
        const reference = parseAmiFrame(raw)!.fields;
        const parsed = parseAmiFrame(raw)!;
        // The first read scans the text; the second builds the fields; the third reads them.
        expect(parsed.header!(first)).toBe(reference[first]);
        expect(parsed.header!(second)).toBe(reference[second]);
        expect(parsed.header!(first)).toBe(reference[first]);
      }), { numRuns: 3000 });
  });
});
