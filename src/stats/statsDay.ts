import { XucError } from '../errors.js';

/**
 * The statistics day: counters reset at `resetTime` wall-clock time in `timeZone` (Intl, so
 * daylight-saving changes follow the tz database). A day is named by the local date on which it
 * starts, e.g. `2026-03-29`. Pure functions; nothing here reads the clock.
 */
export interface ResetSchedule {
  readonly timeZone: string;
  /** Minutes after local midnight at which a new statistics day starts. */
  readonly resetMinutes: number;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Building an Intl formatter costs far more than using one; one per time zone is enough.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local wall-clock time of an instant in a time zone. */
export function wallClockAt(epochMs: number, timeZone: string): WallClock {
  const out: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type in out) out[part.type as keyof WallClock] = Number(part.value);
  }
  return out;
}

/** Builds a schedule from the `stats` settings, rejecting an unknown zone or a bad time clearly. */
export function resetSchedule(settings: { timeZone: string; resetTime: string }): ResetSchedule {
  try {
    formatterFor(settings.timeZone);
  } catch {
    throw new XucError('XUC_ERR_INVALID_FIELD', { field: 'stats.timeZone', detail: `unknown time zone "${settings.timeZone}"` });
  }
  const m = /^(\d{2}):(\d{2})$/.exec(settings.resetTime);
  const hours = m ? Number(m[1]) : NaN;
  const minutes = m ? Number(m[2]) : NaN;
  if (!(hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59)) {
    throw new XucError('XUC_ERR_INVALID_FIELD', { field: 'stats.resetTime', detail: `expected HH:MM, got "${settings.resetTime}"` });
  }
  return { timeZone: settings.timeZone, resetMinutes: hours * 60 + minutes };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The statistics day an instant belongs to, as `YYYY-MM-DD`. Before the reset time, an instant
 * still belongs to the previous local date. Monotonic in time: when clocks go back, a reset time
 * inside the repeated hour is crossed once, on its first pass, whoever asks and however sparsely.
 */
export function statsDayOf(epochMs: number, schedule: ResetSchedule): string {
  // Resets fall on whole minutes and zone offsets are whole minutes: one answer per minute.
  const minute = Math.floor(epochMs / 60_000);
  const cached = lastDay.get(schedule);
  if (cached?.minute === minute) return cached.day;
  const day = computeStatsDay(epochMs, schedule);
  lastDay.set(schedule, { minute, day });
  return day;
}

const lastDay = new WeakMap<ResetSchedule, { minute: number; day: string }>();

const HOUR_MS = 3_600_000;

/** The zone's offset from UTC at an instant, in ms (whole seconds). */
function offsetMsAt(epochMs: number, timeZone: string): number {
  const w = wallClockAt(epochMs, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(epochMs / 1000) * 1000;
}

function computeStatsDay(epochMs: number, schedule: ResetSchedule): string {
  const local = dayOfWallClock(wallClockAt(epochMs, schedule.timeZone), schedule);
  // Within an hour after clocks went back, the wall clock repeats times already passed: reading the
  // instant with the offset of an hour earlier keeps the day the first pass had reached.
  const earlierOffset = offsetMsAt(epochMs - HOUR_MS, schedule.timeZone);
  if (earlierOffset <= offsetMsAt(epochMs, schedule.timeZone)) return local;
  const asBefore = new Date(epochMs + earlierOffset);
  const before = dayOfWallClock(
    { year: asBefore.getUTCFullYear(), month: asBefore.getUTCMonth() + 1, day: asBefore.getUTCDate(), hour: asBefore.getUTCHours(), minute: asBefore.getUTCMinutes(), second: 0 },
    schedule,
  );
  return before > local ? before : local;
}

function dayOfWallClock(w: WallClock, schedule: ResetSchedule): string {
  let { year, month, day } = w;
  if (w.hour * 60 + w.minute < schedule.resetMinutes) {
    const previous = new Date(Date.UTC(year, month - 1, day - 1));
    (year = previous.getUTCFullYear()), (month = previous.getUTCMonth() + 1), (day = previous.getUTCDate());
  }
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * The first instant (to the second) after `from` and at or before `to` that belongs to a later
 * statistics day than `from`; undefined when the day does not change in between.
 */
export function resetInstantBetween(from: number, to: number, schedule: ResetSchedule): number | undefined {
  const startDay = statsDayOf(from, schedule);
  if (statsDayOf(to, schedule) <= startDay) return undefined;
  let lo = from;
  let hi = to;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (statsDayOf(mid, schedule) > startDay) hi = mid;
    else lo = mid;
  }
  // Resets fall on whole minutes: the minute the search landed in is the exact instant.
  const minute = Math.floor(hi / 60_000) * 60_000;
  return minute > from && statsDayOf(minute, schedule) > startDay ? minute : hi;
}

/** ISO 8601 with the zone's offset at that instant, e.g. `2015-04-27T08:15:01.081+02:00`. */
export function isoWithOffset(epochMs: number, timeZone: string): string {
  const w = wallClockAt(epochMs, timeZone);
  const ms = ((epochMs % 1000) + 1000) % 1000;
  const localAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, ms);
  const offsetMinutes = Math.round((localAsUtc - epochMs) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${pad(ms, 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
