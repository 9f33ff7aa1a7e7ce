import { type FileHandle, open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { Logger } from '../log.js';
import { parseQueueLogLine, type QueueLogRecord } from './queueLogRecord.js';

/** Junk lines logged one by one before we only count them, so a corrupt file cannot flood the log. */
const JUNK_LINES_LOGGED = 20;
const CHUNK_BYTES = 64 * 1024;

/**
 * Follows an Asterisk queue_log file as it grows, like `tail -F`: each `poll()` returns the records
 * appended since the previous one. A rotated file (new inode at the path) is drained to its end before
 * the new one is read from the start; a truncated file is read again from the start. A missing file
 * is waited for. Junk lines are skipped and counted (`junkLines`) with a warning.
 */
export class QueueLogFileFollower {
  private handle: FileHandle | undefined;
  private inode: number | undefined;
  private offset = 0;
  private partial = '';
  private decoder = new StringDecoder('utf8');
  private missingLogged = false;
  /** Lines that were not queue_log records, since the follower was created. */
  junkLines = 0;

  constructor(
    readonly path: string,
    private readonly logger: Logger,
  ) {}

  /** The records appended since the last poll (the whole file on the first one). */
  async poll(): Promise<QueueLogRecord[]> {
    const current = await stat(this.path).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    const records: QueueLogRecord[] = [];
    if (this.handle && (!current || current.ino !== this.inode)) {
      // Rotated: what was appended to the old file before the rename still counts.
      records.push(...(await this.readToEnd()), ...this.flushPartial());
      await this.closeHandle();
      this.logger.info({ path: this.path }, 'queue_log file rotated');
    } else if (this.handle && current && current.size < this.offset) {
      this.logger.warn({ path: this.path, size: current.size, offset: this.offset }, 'queue_log file truncated: reading it again from the start');
      this.offset = 0;
      this.partial = '';
      this.decoder = new StringDecoder('utf8');
    }
    if (!this.handle && current) {
      this.handle = await open(this.path, 'r');
      this.inode = current.ino;
      this.offset = 0;
      this.missingLogged = false;
    }
    if (!current && !this.missingLogged) {
      this.logger.warn({ path: this.path }, 'queue_log file does not exist (yet): waiting for it');
      this.missingLogged = true;
    }
    if (this.handle) records.push(...(await this.readToEnd()));
    return records;
  }

  async close(): Promise<void> {
    await this.closeHandle();
  }

  private async closeHandle(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    this.inode = undefined;
    this.offset = 0;
    this.partial = '';
    this.decoder = new StringDecoder('utf8');
    await h?.close();
  }

  private async readToEnd(): Promise<QueueLogRecord[]> {
    const records: QueueLogRecord[] = [];
    const buffer = Buffer.alloc(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await this.handle!.read(buffer, 0, CHUNK_BYTES, this.offset);
      if (bytesRead === 0) break;
      this.offset += bytesRead;
      const lines = (this.partial + this.decoder.write(buffer.subarray(0, bytesRead))).split('\n');
      // The last piece has no newline yet: Asterisk may be in the middle of writing it.
      this.partial = lines.pop() ?? '';
      for (const line of lines) this.take(line, records);
    }
    return records;
  }

  private flushPartial(): QueueLogRecord[] {
    const records: QueueLogRecord[] = [];
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    this.take(rest, records);
    return records;
  }

  private take(line: string, into: QueueLogRecord[]): void {
    if (line.trim() === '') return;
    const record = parseQueueLogLine(line);
    if (record) {
      into.push(record);
      return;
    }
    this.junkLines++;
    if (this.junkLines <= JUNK_LINES_LOGGED) {
      this.logger.warn({ path: this.path, junkLines: this.junkLines, line: line.slice(0, 200) }, 'skipped a queue_log line that is not a record');
    }
  }
}
