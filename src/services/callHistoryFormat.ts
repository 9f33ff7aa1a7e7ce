import type { StoredCall } from '../persistence/callHistoryRepository.js';

/** A `CallHistory` item (xuc-websocket.md §4.6 and §7). */
export interface CallHistoryItem {
  start: string;
  duration: string;
  status: string;
  srcNum: string;
  srcFirstName: string;
  srcLastName: string;
  srcUsername: string | null;
  dstNum: string;
  dstFirstName: string;
  dstLastName: string;
  dstUsername: string | null;
  agentName?: string | null;
  queueName?: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `HH:MM:SS`; hours go past 24 rather than wrap. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** `YYYY-MM-DD HH:MM:SS` local to `timeZone` (clients parse it as local time). */
export function formatStart(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(date).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * The item as one user sees it: a call the user placed reads `emitted` (the web app's "I called"),
 * unless it is still `ongoing`; otherwise the recorded status.
 */
export function toHistoryItem(call: StoredCall, timeZone: string, viewer?: { username: string }): CallHistoryItem {
  const placedByViewer = viewer !== undefined && call.srcUsername === viewer.username && call.status !== 'ongoing';
  const item: CallHistoryItem = {
    start: formatStart(call.start, timeZone),
    duration: formatDuration(call.durationSeconds),
    status: placedByViewer ? 'emitted' : call.status,
    srcNum: call.srcNum, srcFirstName: call.srcFirstName, srcLastName: call.srcLastName, srcUsername: call.srcUsername,
    dstNum: call.dstNum, dstFirstName: call.dstFirstName, dstLastName: call.dstLastName, dstUsername: call.dstUsername,
  };
  if (call.agentName !== null) item.agentName = call.agentName;
  if (call.queueName !== null) item.queueName = call.queueName;
  return item;
}
