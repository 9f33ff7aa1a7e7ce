/**
 * Splits a byte stream of AMI text into frames at blank lines. Stateful: feed chunks cut anywhere,
 * get back the complete frames so far. The banner line (`Asterisk Call Manager/…`), which has no
 * blank line after it, is reported separately by `banner` the first time it is seen.
 */
export class AmiFrameSplitter {
  private buffer = '';
  private bannerSeen = false;
  banner: string | undefined;

  constructor(options: { expectBanner?: boolean } = {}) {
    this.bannerSeen = !options.expectBanner;
  }

  /** Adds a chunk; returns the frames it completed (text without the closing blank line). */
  push(chunk: string): string[] {
    this.buffer += chunk;
    if (!this.bannerSeen) {
      const eol = this.buffer.indexOf('\n');
      if (eol < 0) return [];
      this.banner = this.buffer.slice(0, eol).replace(/\r$/, '');
      this.buffer = this.buffer.slice(eol + 1);
      this.bannerSeen = true;
    }
    const frames: string[] = [];
    let from = 0;
    for (;;) {
      const end = findBlankLine(this.buffer, from);
      if (end === undefined) break;
      // A copy, not a slice: a slice keeps the whole received chunk (tens of KiB) alive for as
      // long as any value parsed from the frame is kept (a channel name, a queue member's state).
      const text = `${this.buffer.slice(from, end.start)} `.slice(0, -1);
      from = end.next;
      if (text.trim() !== '') frames.push(text);
    }
    // One slice per chunk, not per frame: a chunk can hold hundreds of frames.
    if (from > 0) this.buffer = this.buffer.slice(from);
    return frames;
  }

  /** Bytes received but not yet part of a complete frame. */
  get pending(): number {
    return this.buffer.length;
  }
}

/**
 * Finds the first blank line, giving where the frame ends and the next begins. Only CRLF CRLF ends a
 * frame: a bare LF occurs inside frames (the `CallStarted:` line of `Agents`), so `\n\r\n` must not.
 */
function findBlankLine(s: string, from: number): { start: number; next: number } | undefined {
  const at = s.indexOf('\r\n\r\n', from);
  return at < 0 ? undefined : { start: at, next: at + 4 };
}
