/**
 * The AMI wire format as the simulator writes and reads it: frames of `Name: value` lines
 * separated by CRLF and ended by an empty line.
 */

/** One frame as an ordered header list (headers may repeat, order is part of the grammar). */
export type Headers = Array<[string, string]>;

/**
 * Encodes a frame. `bareLfAfter` names a header whose line ends with a bare LF instead of CRLF:
 * app_agent_pool writes `CallStarted:` that way in the `Agents` list, and clients must cope.
 */
export function encodeFrame(headers: Headers, bareLfAfter?: string): string {
  let out = '';
  for (const [name, value] of headers) out += `${name}: ${value}${name === bareLfAfter ? '\n' : '\r\n'}`;
  return out + '\r\n';
}

/** First value of a header, case-insensitive as Asterisk reads action headers. */
export function header(headers: Headers, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Every value of a repeated header (`Variable`), case-insensitive. */
export function headerAll(headers: Headers, name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter(([k]) => k.toLowerCase() === lower).map(([, v]) => v);
}

/** Cuts an incoming byte stream into action frames; tolerates bare LF and stray blank lines. */
export class ActionSplitter {
  private buffer = '';
  private current: Headers = [];
  /** Bytes kept while waiting for the end of a frame; beyond it the frame is dropped as garbage. */
  constructor(private readonly maxFrameChars = 64 * 1024) {}

  push(chunk: string): Headers[] {
    this.buffer += chunk;
    const frames: Headers[] = [];
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      if (nl < 0) break;
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line === '') {
        if (this.current.length) frames.push(this.current);
        this.current = [];
        continue;
      }
      const colon = line.indexOf(':');
      // A line without a colon is not a header; Asterisk ignores it, so do we.
      if (colon <= 0) continue;
      this.current.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
      if (this.current.length > 1000) this.current = [];
    }
    if (this.buffer.length > this.maxFrameChars) this.buffer = '';
    return frames;
  }
}
