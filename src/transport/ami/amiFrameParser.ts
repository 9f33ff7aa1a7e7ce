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
  for (const line of raw.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    if (key !== '') headers.push([key, line.slice(colon + 1).trim()] as const);
  }
  return headers;
}

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
  for (const [key, value] of headers) {
    if (!(key in fields)) fields[key] = value;
    if (kind === undefined && value !== '') {
      // The first Event/Response header decides what the frame is; Asterisk always puts it first.
      if (key === 'Event') (kind = 'event'), (name = value);
      else if (key === 'Response') (kind = 'response'), (name = value);
    }
  }
  if (kind === undefined) return null;
  return { kind, name, fields, headers };
}
