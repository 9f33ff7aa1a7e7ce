import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { AnyActorRef, InspectionEvent, Observer } from 'xstate';
import { Authenticator } from '../auth/authenticator.js';
import { LoginThrottle, defaultLoginThrottleOptions, type LoginThrottleOptions } from '../auth/loginThrottle.js';
import { TokenStore } from '../auth/tokenStore.js';
import type { XucConfig } from '../config.js';
import { systemClock, type Clock } from '../domain/clock.js';
import type { ConfigStore } from '../domain/configStore.js';
import type { EngineApi } from '../domain/engineApi.js';
import { XucError } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import type { TransportCounters } from './http/serverMetrics.js';
import { createRestApi } from './rest/restApi.js';
import { sendError } from './rest/httpIo.js';
import { CtiChannel } from './ws/ctiChannel.js';
import { resolveServices, type TransportServices } from './ws/services.js';
import { SessionHub, type Encoder } from './ws/sessionHub.js';
import { encodeMessage } from './ws/wireCodec.js';

/** A page or endpoint another area mounts on the server; true when it handled the request. */
export type ExtraRoute = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
/** An extra WebSocket endpoint (the inspector); true when it took the upgrade. */
export type ExtraUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

export interface StartServerOptions {
  config: XucConfig;
  engine: EngineApi;
  configStore: ConfigStore;
  services?: TransportServices;
  logger?: Logger;
  clock?: Clock;
  /** Tried in order after the REST API, before the 404. */
  extraRoutes?: ExtraRoute[];
  extraUpgrades?: ExtraUpgrade[];
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** Overrides of the login throttle (tests make it fast). */
  loginThrottle?: Partial<LoginThrottleOptions>;
  tokenTtlSeconds?: number;
  /** The message encoder; tests count its calls. */
  encode?: Encoder;
}

export interface CloseOptions {
  /** The WebSocket close code every CTI client gets (default 1001, going away). */
  code?: number;
  /** The close reason the clients can show (default `server shutting down`). */
  reason?: string;
  /** How long the clients get to answer the close before their sockets are cut (default 2 s). */
  graceMs?: number;
}

export interface RunningServer {
  port: number;
  /** `http://host:port`. */
  url: string;
  /** Authenticated WebSocket sessions open now. */
  sessionCount(): number;
  /** The CTI session actors open now, each an actor system of its own (for the inspector). */
  sessionActors(): Iterable<AnyActorRef>;
  /** What the WebSocket side counts, read by /metrics at scrape time. */
  transportCounters(): TransportCounters;
  tokens: TokenStore;
  /** Closes every CTI client with the code and reason, waits for their answers, then stops HTTP. */
  close(options?: CloseOptions): Promise<void>;
}

const defaultClose = { code: 1001, reason: 'server shutting down', graceMs: 2_000 };

/**
 * The one HTTP server: REST 1.0/2.0, the CTI WebSocket channel, and whatever pages other areas
 * mount (status, metrics, inspector). Listens on config.http (port 0 picks a free port).
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config, engine, configStore } = options;
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const services = resolveServices(options.services);
  const tokens = new TokenStore(clock, options.tokenTtlSeconds ?? config.auth.tokenTtlSeconds);
  const throttle = new LoginThrottle(clock, {
    ...defaultLoginThrottleOptions,
    maxFailures: config.auth.maxFailures,
    windowMs: config.auth.failureWindowMs,
    ...options.loginThrottle,
  });
  const authenticator = new Authenticator(configStore, tokens, throttle, clock);
  const hub = new SessionHub(engine, configStore, services, logger, options.encode ?? encodeMessage);
  const stopHub = hub.start();
  const channel = new CtiChannel({ config, engine, configStore, services, authenticator, hub, clock, logger, inspect: options.inspect });
  const rest = createRestApi({
    config, engine, configStore, services, authenticator, clock, logger,
    notifyUser: (userId, msgType, payload) => hub.toUser(userId, msgType, payload),
  });
  const routes: ExtraRoute[] = [rest.handle, ...(options.extraRoutes ?? [])];

  const server = createServer(async (req, res) => {
    try {
      for (const route of routes) if (await route(req, res)) return;
      sendError(res, new XucError('XUC_ERR_NOT_FOUND', { what: `${req.method} ${(req.url ?? '').split('?')[0]}` }));
    } catch (error) {
      logger.error({ err: error, url: req.url }, 'HTTP handler failed');
      if (!res.headersSent) sendError(res, new XucError('XUC_ERR_INTERNAL'));
      else res.destroy();
    }
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (channel.handleUpgrade(req, socket, head)) return;
    for (const upgrade of options.extraUpgrades ?? []) if (upgrade(req, socket, head)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: config.http.host }, 'HTTP server listening');
  return {
    port,
    url: `http://${config.http.host}:${port}`,
    sessionCount: () => channel.sessionCount,
    sessionActors: () => channel.sessionActors(),
    transportCounters: () => ({
      droppedSlowClients: () => channel.droppedSlowClients,
      commandErrors: () => channel.commandErrors(),
    }),
    tokens,
    async close(options = {}) {
      const { code, reason, graceMs } = { ...defaultClose, ...options };
      // Clients first, while the engine still runs: the close frame is the last thing they see.
      await channel.closeAll(code, reason, graceMs);
      stopHub();
      rest.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
