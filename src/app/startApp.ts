import { readFileSync } from 'node:fs';
import type { InspectionEvent } from 'xstate';
import { readContactCenterConfigFile, withHashedPasswords } from '../auth/memoryConfigStore.js';
import { parseAmiUrl, type XucConfig } from '../config.js';
import { createEngine, type Engine } from '../actors/engine.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { emptyContactCenterConfig, type ContactCenterConfig } from '../domain/contactCenterConfig.js';
import type { Logger } from '../log.js';
import { Database } from '../persistence/database.js';
import { DbConfigStore } from '../persistence/dbConfigStore.js';
import { openConfiguredDb } from '../persistence/openDb.js';
import { demoContactCenter, formatDemoLogins, type DemoLogin } from '../simulator/demoContactCenter.js';
import { startSimulator, type RunningSimulator } from '../simulator/startSimulator.js';
import { createStatsService, type StatsService } from '../stats/statsService.js';
import { AmiLink } from '../transport/ami/amiLink.js';
import { EventRate } from '../transport/http/eventRate.js';
import { InspectionHub } from '../transport/http/inspector/inspectionHub.js';
import { createInspectorUpgrade } from '../transport/http/inspector/inspectorStream.js';
import { createPageRoutes } from '../transport/http/pageRoutes.js';
import { createServerMetrics, type TransportCounters } from '../transport/http/serverMetrics.js';
import type { StatusSources } from '../transport/http/statusReport.js';
import { startServer, type RunningServer } from '../transport/server.js';
import { countActors } from './actorCounts.js';
import { agentStatsJournalOn } from './agentStatsJournalOnDatabase.js';
import { DatabaseQueueLogStore } from './queueLogStoreOnDatabase.js';
import { LiveConfigStore } from './liveConfigStore.js';
import { startStatelyInspection, type StatelyInspection } from './statelyInspector.js';
import { createTransportServices } from './transportServices.js';

export const version: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

export interface RunningApp {
  config: XucConfig;
  engine: Engine;
  server: RunningServer;
  stats: StatsService;
  database: Database;
  /** The live actor views behind /inspector (inspection runs only while it has watchers). */
  inspection: InspectionHub;
  /** Present when no XUC_AMI_URL was given: the embedded PBX and its demo logins. */
  simulator?: RunningSimulator;
  demoLogins?: DemoLogin[];
  /** Stops accepting, closes clients (1001), finishes database writes, leaves AMI. */
  stop(): Promise<void>;
}

/**
 * Starts the whole server from one configuration: database (PGlite by default) in the background,
 * the contact-center configuration, the AMI link (or the embedded simulator with the demo), the
 * engine, statistics, and the HTTP/WebSocket server with the status pages and the inspector.
 */
export async function startApp(config: XucConfig, logger: Logger, clock: Clock = systemClock): Promise<RunningApp> {
  const startedAt = clock.now();
  let initial: ContactCenterConfig = config.contactCenterConfigFile
    ? await readContactCenterConfigFile(config.contactCenterConfigFile)
    : emptyContactCenterConfig();

  let simulator: RunningSimulator | undefined;
  let demoLogins: DemoLogin[] | undefined;
  let amiUrl = config.ami.url;
  if (!amiUrl) {
    const demo = demoContactCenter();
    if (!config.contactCenterConfigFile) {
      initial = demo.config;
      demoLogins = demo.logins;
    }
    simulator = await startSimulator({ port: 0, host: '127.0.0.1', config: initial, traffic: demo.traffic, log: logger.child({ part: 'simulator' }) });
    amiUrl = simulator.amiUrl;
    logger.info({ ami: simulator.amiUrl }, 'no XUC_AMI_URL: embedded PBX simulator started with the demo contact center');
  }

  // Logins work at once, before the database (which keeps hashes only) is ready.
  initial = await withHashedPasswords(initial);
  const liveConfig = new LiveConfigStore(initial);
  const database = new Database({ open: () => openConfiguredDb(config.database), clock, logger: logger.child({ part: 'database' }) });
  database.onReady((db) => {
    void (async () => {
      const store = await DbConfigStore.load(db);
      // The file (or, on a fresh database, the demo) is imported; otherwise what the database keeps wins.
      const counts = store.current().users.length + store.current().agents.length + store.current().queues.length;
      if (config.contactCenterConfigFile || counts === 0) await store.replace(initial);
      liveConfig.follow(store);
    })().catch((error: unknown) => logger.error({ err: error }, 'could not load the configuration from the database'));
  });
  database.start();

  const hub = new InspectionHub(() => clock.now());
  const stately: StatelyInspection | undefined = config.inspect === 'stately' ? await startStatelyInspection(logger) : undefined;
  // CTI sessions are small systems created one by one: they carry the hub's observer, which does
  // nothing while nobody watches. The engine and the callbacks are observed by the hub only while watched.
  const inspect = stately ? compose(hub.observer, stately.observer) : hub.observer;
  const ami = new AmiLink({ endpoint: parseAmiUrl(amiUrl), settings: config.ami, clock, logger: logger.child({ part: 'ami' }) });
  const engine = createEngine({ configStore: liveConfig, ami, clock, logger: logger.child({ part: 'engine' }), ...(stately ? { inspect: stately.observer } : {}) });
  hub.addRoot(engine.root);
  hub.addSystem(engine.root.system);

  const rate = new EventRate(() => clock.now());
  const eventsByType = new Map<string, number>();
  engine.onAmiFrame((frame) => {
    rate.record();
    eventsByType.set(frame.name, (eventsByType.get(frame.name) ?? 0) + 1);
  });

  const statsLogger = logger.child({ part: 'stats' });
  const queueLogStore = new DatabaseQueueLogStore(database, clock, statsLogger);
  const stats = createStatsService({
    config, clock, engine, contactCenter: liveConfig, store: queueLogStore, agentJournal: agentStatsJournalOn(database), logger: statsLogger,
  });
  // The services follow the database's readiness: they subscribe before anything waits for it.
  const services = createTransportServices({ stats, database, engine, configStore: liveConfig, clock, logger, timeZone: config.stats.timeZone });
  // The statistics rebuild the day from the database, which may come late: the server does not wait.
  const statsStarted = stats.start().catch((error: unknown) => logger.error({ err: error }, 'statistics did not start'));

  let server: RunningServer | undefined;
  const status: StatusSources = {
    version,
    startedAt,
    now: () => clock.now(),
    link: () => engine.linkStatus(),
    database: () => {
      const { state, lastError } = database.status();
      return { ready: database.ready, backend: config.database.url ? 'postgresql' : 'pglite', state, ...(lastError ? { error: lastError } : {}) };
    },
    configurationCounts: () => {
      const c = liveConfig.current();
      return { users: c.users.length, agents: c.agents.length, queues: c.queues.length, lines: c.lines.length, groups: c.agentGroups.length };
    },
    clients: () => server?.sessionCount() ?? 0,
    eventsPerSecond: () => rate.perSecond(),
    actorCounts: () => ({ ...countActors(engine.root, services.callbackManager), session: server?.sessionCount() ?? 0 }),
  };
  hub.addRoot(() => [services.callbackManager]);
  // The callback actors live in an actor system of their own, started before the inspector existed.
  hub.addSystem(services.callbackManager.system);
  const callbackInspection = stately ? services.callbackManager.system.inspect(stately.observer) : { unsubscribe() {} };
  // Each CTI session is an actor system of its own: the inspector reads them from the server.
  hub.addRoot(() => server?.sessionActors() ?? []);
  const transportCounters: TransportCounters = {
    droppedSlowClients: () => server?.transportCounters().droppedSlowClients() ?? 0,
    commandErrors: () => server?.transportCounters().commandErrors() ?? {},
  };
  const metrics = createServerMetrics(status, () => eventsByType, transportCounters);
  try {
    server = await startServer({
      config,
      engine,
      configStore: liveConfig,
      services: services.transport,
      logger: logger.child({ part: 'http' }),
      clock,
      inspect,
      extraRoutes: [createPageRoutes(status, metrics)],
      extraUpgrades: [
        createInspectorUpgrade({ hub, configStore: liveConfig, resolveToken: () => (token) => server!.tokens.resolve(token), logger }),
      ],
    });
  } catch (error) {
    // Nothing may stay behind a failed start (a port in use): the rest was already running.
    await statsStarted;
    await stats.stop().catch(() => {});
    await queueLogStore.close().catch(() => {});
    callbackInspection.unsubscribe();
    await services.stop();
    await engine.stop().catch(() => {});
    await database.close().catch(() => {});
    stately?.stop();
    await simulator?.stop().catch(() => {});
    throw error;
  }
  engine.start();

  const running = server;
  let stopped = false;
  return {
    config,
    engine,
    server: running,
    stats,
    database,
    inspection: hub,
    simulator,
    demoLogins,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Each step runs even when an earlier one failed: a stop must always leave AMI and the database.
      const step = async (what: string, work: () => unknown) => {
        try {
          await work();
        } catch (error) {
          logger.error({ err: error }, `stopping: ${what} failed`);
        }
      };
      // Clients first, with a reason they can show; then nothing new reaches the database or AMI.
      await step('clients and HTTP server', () => running.close({ code: 1001, reason: 'server shutting down', graceMs: CLOSE_GRACE_MS }));
      await step('statistics', async () => {
        await statsStarted;
        await stats.stop();
        await queueLogStore.close();
      });
      await step('services', () => {
        callbackInspection.unsubscribe();
        return services.stop();
      });
      await step('engine and AMI link', () => engine.stop());
      await step('database', () => database.close());
      await step('Stately inspection', () => stately?.stop());
      await step('simulator', () => simulator?.stop());
      logger.info('stopped');
    },
  };
}

/** How long clients get to answer the 1001 close before their sockets are cut. */
const CLOSE_GRACE_MS = 2_000;

const compose =
  (...observers: Array<(event: InspectionEvent) => void>) =>
  (event: InspectionEvent) => {
    for (const observer of observers) observer(event);
  };

export { formatDemoLogins };
