import type { LinkStatus } from '../../domain/engineApi.js';

/** Everything the status page, /status and /metrics report, gathered from the running parts. */
export interface StatusSources {
  version: string;
  startedAt: number;
  now(): number;
  link(): LinkStatus;
  database(): DatabaseStatus;
  configurationCounts(): { users: number; agents: number; queues: number; lines: number; groups: number };
  clients(): number;
  eventsPerSecond(): number;
  actorCounts(): Record<string, number>;
}

/** `state` is `connecting` (retrying, with the last `error`), `ready` or `closed`. */
export interface DatabaseStatus {
  ready: boolean;
  backend: string;
  state: string;
  error?: string;
}

export interface StatusReport {
  status: 'ok' | 'degraded';
  version: string;
  uptimeSeconds: number;
  ami: {
    state: string;
    since: string;
    reconnects: number;
    lastResyncAt: string | null;
    lastResyncDurationMs: number | null;
    eventsReceived: number;
    unknownEvents: number;
  };
  database: DatabaseStatus;
  configuration: { users: number; agents: number; queues: number; lines: number; groups: number };
  clients: number;
  eventsPerSecond: number;
  actors: Record<string, number>;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** The status as monitors read it: degraded (HTTP 503) while AMI is not live or the database is down. */
export function buildStatusReport(s: StatusSources): StatusReport {
  const link = s.link();
  const database = s.database();
  return {
    status: link.state === 'live' && database.ready ? 'ok' : 'degraded',
    version: s.version,
    uptimeSeconds: Math.floor((s.now() - s.startedAt) / 1000),
    ami: {
      state: link.state,
      since: new Date(link.since).toISOString(),
      reconnects: link.reconnects,
      lastResyncAt: iso(link.lastResyncAt),
      lastResyncDurationMs: link.lastResyncDurationMs ?? null,
      eventsReceived: link.eventsReceived,
      unknownEvents: link.unknownEvents,
    },
    database,
    configuration: s.configurationCounts(),
    clients: s.clients(),
    eventsPerSecond: s.eventsPerSecond(),
    actors: s.actorCounts(),
  };
}
