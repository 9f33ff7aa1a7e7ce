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
  forEachHeader(raw, (start, colon, lineEnd) => {
    const key = keyAt(raw, start, colon);
    if (key !== '') headers.push([key, valueAt(raw, colon, lineEnd)] as const);
  });
  return headers;
}

/**
 * Calls `visit` with where each header line of `raw` starts, where its colon is and where it ends,
 * in order; stops when `visit` returns true. One pass of indexOf over the text rather than split +
 * trim per line: this runs for every frame. The name is not sliced here: a reader looking for one
 * header compares it in place.
 */
function forEachHeader(raw: string, visit: (start: number, colon: number, lineEnd: number) => boolean | void): void {
  const length = raw.length;
  let colon = -1;
  for (let start = 0; start <= length; ) {
    let end = raw.indexOf('\n', start);
    if (end < 0) end = length;
    const lineEnd = end > start && raw.charCodeAt(end - 1) === CR ? end - 1 : end;
    if (colon < start) colon = raw.indexOf(':', start);
    if (colon < 0) return;
    if (colon > start && colon < lineEnd && visit(start, colon, lineEnd) === true) return;
    start = end + 1;
  }
}

/** The header name of the line [start, colon), trimmed ('' for a line of spaces before its colon). */
const keyAt = (raw: string, start: number, colon: number): string => trimmed(raw.slice(start, colon));

/** Whether the line [start, colon) names header `name`, read in place (a padded name is sliced and trimmed). */
function isKey(raw: string, start: number, colon: number, name: string): boolean {
  if (colon - start === name.length) return raw.startsWith(name, start);
  const padded = mayBeSpace(raw.charCodeAt(start)) || mayBeSpace(raw.charCodeAt(colon - 1));
  return padded && keyAt(raw, start, colon) === name;
}

/** The first value of header `name` in `raw`, undefined when absent. */
function firstValue(raw: string, name: string): string | undefined {
  let value: string | undefined;
  forEachHeader(raw, (start, colon, lineEnd) => {
    if (!isKey(raw, start, colon, name)) return false;
    value = valueAt(raw, colon, lineEnd);
    return true;
  });
  return value;
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
 * first read: many frames (CEL, most VarSets) are dropped on their name or one header (`header`),
 * and the ordered `headers` list is read only where headers repeat, off the hot path.
 */
export function parseAmiFrame(raw: string): AmiFrame | null {
  if (typeof raw !== 'string') return null;
  let frame: AmiFrame | null = null;
  forEachHeader(raw, (start, colon, lineEnd) => {
    // The first Event/Response header with a value decides what the frame is.
    const kind = isKey(raw, start, colon, 'Event') ? 'event' : isKey(raw, start, colon, 'Response') ? 'response' : undefined;
    if (kind === undefined) return false;
    const value = valueAt(raw, colon, lineEnd);
    if (value !== '') frame = new ParsedAmiFrame(kind, canonicalName(value), raw);
    return frame !== null;
  });
  return frame;
}

/** The first value of each header of a frame's text. */
function fieldsOf(raw: string): Record<string, string> {
  const fields = new FieldRecord();
  forEachHeader(raw, (start, colon, lineEnd) => {
    const key = keyAt(raw, start, colon);
    if (key !== '' && fields[key] === undefined) setField(fields, key, valueAt(raw, colon, lineEnd));
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
  #readOne = false;

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

  /**
   * Most VarSets are dropped on their `Variable` alone: the first header read is found in the text,
   * without building every field; a frame read further is worth building them.
   */
  header(name: string): string | undefined {
    if (this.#fields) return this.#fields[name];
    if (this.#readOne) return this.fields[name];
    this.#readOne = true;
    return firstValue(this.raw, name);
  }
}
