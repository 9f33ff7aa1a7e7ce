import { Counter, Gauge, Registry } from 'prom-client';
import type { StatusSources } from './statusReport.js';

/** Counters the transports keep, read when Prometheus scrapes. */
export interface TransportCounters {
  droppedSlowClients(): number;
  commandErrors(): Record<string, number>;
}

/**
 * /metrics in Prometheus format. Values are read from the running parts at scrape time, so the
 * hot paths only bump plain numbers; counters are advanced by the difference since the last scrape.
 */
export function createServerMetrics(
  status: StatusSources,
  eventsByType: () => ReadonlyMap<string, number>,
  transport: TransportCounters,
) {
  const registry = new Registry();
  const seen = new Map<string, number>();
  const advance = (counter: Counter<string>, key: string, value: number, labels?: Record<string, string>) => {
    const delta = value - (seen.get(key) ?? 0);
    if (delta > 0) (labels ? counter.inc(labels, delta) : counter.inc(delta));
    seen.set(key, value);
  };

  new Gauge({
    name: 'xuc_ami_connected',
    help: '1 while the AMI link is live',
    registers: [registry],
    collect() {
      this.set(status.link().state === 'live' ? 1 : 0);
    },
  });
  new Counter({
    name: 'xuc_ami_reconnects_total',
    help: 'AMI reconnections since start',
    registers: [registry],
    collect() {
      advance(this, 'reconnects', status.link().reconnects);
    },
  });
  new Counter({
    name: 'xuc_ami_events_total',
    help: 'AMI events received, by event type',
    labelNames: ['type'],
    registers: [registry],
    collect() {
      for (const [type, count] of eventsByType()) advance(this, `events:${type}`, count, { type });
    },
  });
  new Counter({
    name: 'xuc_ami_unknown_events_total',
    help: 'AMI events the engine does not understand (ignored)',
    registers: [registry],
    collect() {
      advance(this, 'unknown', status.link().unknownEvents);
    },
  });
  new Gauge({
    name: 'xuc_actors',
    help: 'Live actors, by kind',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [kind, count] of Object.entries(status.actorCounts())) this.set({ kind }, count);
    },
  });
  new Gauge({
    name: 'xuc_clients',
    help: 'Authenticated WebSocket clients connected',
    registers: [registry],
    collect() {
      this.set(status.clients());
    },
  });
  new Counter({
    name: 'xuc_clients_dropped_slow_total',
    help: 'Clients disconnected because their outbound buffer was full',
    registers: [registry],
    collect() {
      advance(this, 'dropped', transport.droppedSlowClients());
    },
  });
  new Counter({
    name: 'xuc_command_errors_total',
    help: 'Client commands answered with an error, by error code',
    labelNames: ['code'],
    registers: [registry],
    collect() {
      for (const [code, count] of Object.entries(transport.commandErrors())) advance(this, `err:${code}`, count, { code });
    },
  });
  new Gauge({
    name: 'xuc_database_ready',
    help: '1 while the database answers',
    registers: [registry],
    collect() {
      this.set(status.database().ready ? 1 : 0);
    },
  });
  return registry;
}
