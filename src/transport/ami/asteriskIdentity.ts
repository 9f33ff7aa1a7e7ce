import type { AmiFrame } from '../../domain/amiFrame.js';

/**
 * Which Asterisk process we are talking to, to tell a restart of Asterisk (every call gone, counters
 * reset) from a network blip (same process, calls went on while we were away).
 *
 * Two signals, best first: the `CoreStatus` answer's startup date and time (exact, but a user without
 * the `system` class gets `Response: Error`), and `FullyBooted`'s `Uptime` (seconds), which the
 * library may swallow when it shares the login response's TCP segment.
 */
export interface AsteriskIdentity {
  /** `CoreStartupDate CoreStartupTime` as Asterisk wrote them. */
  readonly startup: string | undefined;
  /** Startup instant estimated as (arrival of FullyBooted − Uptime), in clock milliseconds. */
  readonly bootEstimateMs: number | undefined;
}

/** Uptime has one-second resolution and the clocks drift a little between two connections. */
const BOOT_ESTIMATE_TOLERANCE_MS = 3_000;

export function asteriskIdentity(
  coreStatus: AmiFrame | undefined,
  fullyBooted: { frame: AmiFrame; receivedAt: number } | undefined,
): AsteriskIdentity {
  const date = coreStatus?.fields.CoreStartupDate;
  const time = coreStatus?.fields.CoreStartupTime;
  const startup = coreStatus?.name === 'Success' && date && time ? `${date} ${time}` : undefined;
  const uptime = Number(fullyBooted?.frame.fields.Uptime);
  const bootEstimateMs = fullyBooted && Number.isFinite(uptime) && uptime >= 0 ? fullyBooted.receivedAt - uptime * 1000 : undefined;
  return { startup, bootEstimateMs };
}

/**
 * True when `next` is another Asterisk process than `previous`. With no previous connection, or no
 * signal both connections share, it answers false: the resync snapshot corrects the state either way.
 */
export function isAsteriskRestart(previous: AsteriskIdentity | undefined, next: AsteriskIdentity): boolean {
  if (previous === undefined) return false;
  if (previous.startup !== undefined && next.startup !== undefined) return previous.startup !== next.startup;
  if (previous.bootEstimateMs !== undefined && next.bootEstimateMs !== undefined) {
    return Math.abs(previous.bootEstimateMs - next.bootEstimateMs) > BOOT_ESTIMATE_TOLERANCE_MS;
  }
  return false;
}
