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
  forEachHeader(raw, (key, colon, lineEnd) => {
    headers.push([key, valueAt(raw, colon, lineEnd)] as const);
  });
  return headers;
}

/**
 * Calls `visit` with the name of each header line of `raw` in order, and where its colon and its
 * end are; stops when `visit` returns true. One pass of indexOf over the text rather than split +
 * trim per line: this runs for every frame.
 */
function forEachHeader(raw: string, visit: (key: string, colon: number, lineEnd: number) => boolean | void): void {
  const length = raw.length;
  let colon = -1;
  for (let start = 0; start <= length; ) {
    let end = raw.indexOf('\n', start);
    if (end < 0) end = length;
    const lineEnd = end > start && raw.charCodeAt(end - 1) === CR ? end - 1 : end;
    if (colon < start) colon = raw.indexOf(':', start);
    if (colon < 0) return;
    if (colon > start && colon < lineEnd) {
      const key = trimmed(raw.slice(start, colon));
      if (key !== '' && visit(key, colon, lineEnd) === true) return;
    }
    start = end + 1;
  }
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
 *
 * Only the kind and name are read here (the first header, from Asterisk). `fields` is built when
 * first read: many frames (CEL, most VarSets) are dropped on their name or one header, and the
 * ordered `headers` list is read only where headers repeat, off the hot path.
 */
export function parseAmiFrame(raw: string): AmiFrame | null {
  if (typeof raw !== 'string') return null;
  let frame: AmiFrame | null = null;
  forEachHeader(raw, (key, colon, lineEnd) => {
    // The first Event/Response header with a value decides what the frame is.
    if (key !== 'Event' && key !== 'Response') return false;
    const value = valueAt(raw, colon, lineEnd);
    if (value !== '') frame = new ParsedAmiFrame(key === 'Event' ? 'event' : 'response', canonicalName(value), raw);
    return frame !== null;
  });
  return frame;
}

/** The first value of each header of a frame's text. */
function fieldsOf(raw: string): Record<string, string> {
  const fields = new FieldRecord();
  forEachHeader(raw, (key, colon, lineEnd) => {
    if (fields[key] === undefined) setField(fields, key, valueAt(raw, colon, lineEnd));
  });
  return fields;
}

/** The value of the header line whose colon is at `colon`: one space after the colon is not part of it. */
function valueAt(raw: string, colon: number, lineEnd: number): string {
  const from = raw.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
  return from >= lineEnd ? '' : trimmed(raw.slice(from, lineEnd));
}

/**
 * The same interned string for every frame of a given event name: the router compares names with
 * dozens of literals per frame (a `switch`), and interned strings compare by identity rather than
 * by content. Bounded so that a flood of invented names cannot grow it.
 */
const canonicalNames = new Map<string, string>();
const maxCanonicalNames = 1_000;
function canonicalName(name: string): string {
  const known = canonicalNames.get(name);
  if (known !== undefined) return known;
  if (canonicalNames.size >= maxCanonicalNames) return name;
  // A property key is interned and owns its characters (no slice of the frame's text is kept).
  const interned = Object.keys({ [name]: 0 })[0] ?? name;
  canonicalNames.set(interned, interned);
  return interned;
}

/**
 * A record whose prototype has no properties at all: a header named `constructor` or `toString`
 * reads as absent until set, and `__proto__` is no accessor. Unlike `Object.create(null)`, which V8
 * keeps as a hash table from the start, its objects get fast properties and shared shapes.
 */
const FieldRecord = function FieldRecord() {} as unknown as new () => Record<string, string>;
FieldRecord.prototype = Object.create(null) as object;

function setField(fields: Record<string, string>, key: string, value: string): void {
  // Only `Object.prototype` holds a `__proto__` setter, but a defined property keeps it data anyway.
  if (key === '__proto__') Object.defineProperty(fields, key, { value, writable: true, enumerable: true, configurable: true });
  else fields[key] = value;
}

/**
 * Fields and headers are read from the text on first use: most frames are routed on their name
 * alone. `raw` is an own property so that two parsed frames compare equal (as in tests' `toEqual`)
 * exactly when their texts are the same.
 */
class ParsedAmiFrame implements AmiFrame {
  #fields: Readonly<Record<string, string>> | undefined;
  #headers: ReadonlyArray<readonly [string, string]> | undefined;

  constructor(
    readonly kind: AmiFrame['kind'],
    readonly name: string,
    readonly raw: string,
  ) {}

  get fields(): Readonly<Record<string, string>> {
    return (this.#fields ??= fieldsOf(this.raw));
  }

  get headers(): ReadonlyArray<readonly [string, string]> {
    return (this.#headers ??= parseAmiHeaders(this.raw));
  }
}
