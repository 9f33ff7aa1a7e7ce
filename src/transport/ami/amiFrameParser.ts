import type { AmiFrame } from '../../domain/amiFrame.js';

/**
 * The header lines of one AMI frame, in order. Pure and total: lines without a colon (the banner
 * glued to a frame, `Response: Follows` output) carry no header and are skipped.
 *
 * Lines are split on `\r?\n` because app_agent_pool writes `CallStarted: <epoch>\n` with a bare LF in
 * the `Agents` response; splitting on CRLF only would glue `LoggedInTime` into `CallStarted`.
 */
export function parseAmiHeaders(raw: string): Array<readonly [string, string]> {
  const headers: Array<readonly [string, string]> = [];
  if (typeof raw !== 'string') return headers;
  // One pass of indexOf over the text rather than split + trim per line: this runs for every frame.
  const length = raw.length;
  let colon = -1;
  for (let start = 0; start <= length; ) {
    let end = raw.indexOf('\n', start);
    if (end < 0) end = length;
    const lineEnd = end > start && raw.charCodeAt(end - 1) === CR ? end - 1 : end;
    if (colon < start) colon = raw.indexOf(':', start);
    if (colon < 0) break;
    if (colon > start && colon < lineEnd) {
      const key = trimmed(raw.slice(start, colon));
      if (key !== '') {
        const from = raw.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
        headers.push([key, from >= lineEnd ? '' : trimmed(raw.slice(from, lineEnd))] as const);
      }
    }
    start = end + 1;
  }
  return headers;
}

const CR = 13;
const SPACE = 32;
/** Could `String.prototype.trim` remove this character? (ASCII space and controls, or U+00A0 and above.) */
const mayBeSpace = (c: number) => c <= SPACE || c >= 0xa0;
/** `s.trim()`, without its cost when neither end can be white space (nearly every header). */
const trimmed = (s: string): string =>
  s.length > 0 && (mayBeSpace(s.charCodeAt(0)) || mayBeSpace(s.charCodeAt(s.length - 1))) ? s.trim() : s;

/**
 * Parses the text of one AMI frame (with or without the closing blank line) into an AmiFrame.
 * Never throws; anything that is not an event or a response gives null (the caller counts it).
 */
export function parseAmiFrame(raw: string): AmiFrame | null {
  const headers = parseAmiHeaders(raw);
  // Null prototype: a header named `__proto__` or `constructor` is data, never an object property.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  let kind: AmiFrame['kind'] | undefined;
  let name = '';
  // Indexed, not `for…of` with destructuring: measurably cheaper on this per-frame path.
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i]!;
    const key = header[0];
    const value = header[1];
    if (fields[key] === undefined) fields[key] = value;
    if (kind === undefined && value !== '') {
      // The first Event/Response header decides what the frame is; Asterisk always puts it first.
      if (key === 'Event') (kind = 'event'), (name = value);
      else if (key === 'Response') (kind = 'response'), (name = value);
    }
  }
  if (kind === undefined) return null;
  return { kind, name, fields, headers };
}
