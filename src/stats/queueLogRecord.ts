/**
 * One queue_log record, whatever its source (Asterisk's queue_log file, XiVO's `queue_log` table,
 * or derived from AMI events): `time|callid|queue|agent|event|data1..data5`, Asterisk's own format.
 */
export interface QueueLogRecord {
  /** Epoch milliseconds (Asterisk writes whole seconds; XiVO's table may carry fractions). */
  readonly timeMs: number;
  /** The caller channel's uniqueid, or `NONE` / `MANAGER` for non-call events. */
  readonly callId: string;
  /** Queue name, or `NONE`. */
  readonly queue: string;
  /** Member name (`Agent/1001`), bare agent number (AGENTLOGIN), or `NONE`. */
  readonly agent: string;
  readonly event: string;
  /** data1..data5 as written; missing trailing fields are absent, never padded. */
  readonly data: readonly string[];
}

/** The events that move queue statistics; everything else is tolerated and ignored by the reducers. */
export const queueLogEvents = [
  'ENTERQUEUE',
  'CONNECT',
  'ABANDON',
  'EXITWITHTIMEOUT',
  'EXITEMPTY',
  'EXITWITHKEY',
  'JOINEMPTY',
  'JOINUNAVAIL',
  'FULL',
  'CLOSED',
  'COMPLETECALLER',
  'COMPLETEAGENT',
  'TRANSFER',
  'ATTENDEDTRANSFER',
  'BLINDTRANSFER',
  'RINGNOANSWER',
  'RINGCANCELED',
] as const;
export type QueueLogEventName = (typeof queueLogEvents)[number];

// Event names are upper-case words (app_queue's and XiVO dialplan's); anything else is junk.
const EVENT_NAME = /^[A-Z][A-Z0-9_]*$/;
// Whole or fractional epoch seconds, as the file and XiVO's exports write them.
const EPOCH_SECONDS = /^\d{9,11}(\.\d+)?$/;

/** Parses one line of an Asterisk queue_log file; null for a blank or malformed line. */
export function parseQueueLogLine(line: string): QueueLogRecord | null {
  if (typeof line !== 'string') return null;
  const trimmed = line.replace(/\r$/, '');
  if (trimmed.trim() === '') return null;
  const fields = trimmed.split('|');
  if (fields.length < 5) return null;
  const [time, callId, queue, agent, event, ...data] = fields as [string, string, string, string, string, ...string[]];
  if (!EPOCH_SECONDS.test(time) || !EVENT_NAME.test(event)) return null;
  return { timeMs: Math.round(Number(time) * 1000), callId, queue, agent, event, data };
}

/** Result of parsing many lines: the records, and how many lines were junk. */
export interface ParsedQueueLog {
  records: QueueLogRecord[];
  junkLines: number;
}

/** Parses the complete lines of a queue_log text; blank lines are neither records nor junk. */
export function parseQueueLogText(text: string): ParsedQueueLog {
  const records: QueueLogRecord[] = [];
  let junkLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const record = parseQueueLogLine(line);
    if (record) records.push(record);
    else junkLines++;
  }
  return { records, junkLines };
}

/** Writes a record back as a queue_log line (whole seconds when the time has no fraction). */
export function formatQueueLogLine(record: QueueLogRecord): string {
  const seconds = record.timeMs % 1000 === 0 ? String(record.timeMs / 1000) : (record.timeMs / 1000).toFixed(3);
  return [seconds, record.callId, record.queue, record.agent, record.event, ...record.data].join('|');
}
