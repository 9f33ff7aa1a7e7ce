import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { createActor, type InspectionEvent, type Observer } from 'xstate';
import type { Authenticator } from '../../auth/authenticator.js';
import type { XucConfig } from '../../config.js';
import type { Clock } from '../../domain/clock.js';
import type { ConfigStore } from '../../domain/configStore.js';
import type { User } from '../../domain/contactCenterConfig.js';
import type { EngineApi } from '../../domain/engineApi.js';
import { XucError, toXucError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { sessionMachine } from '../../machines/sessionMachine.js';
import type { CommandContext } from './commandContext.js';
import { dispatchCommand } from './commandDispatcher.js';
import { initialStatus, userConfigPayload, userStatusesPayload } from './configMessages.js';
import { parseConnectionUrl } from './connectionUrl.js';
import type { ResolvedServices } from './services.js';
import { SessionHub, type HubSession, type SessionActor } from './sessionHub.js';
import { SocketOutbound } from './socketOutbound.js';
import { TokenBucket } from './tokenBucket.js';
import { TurnFlush } from './turnFlush.js';
import { decodeFrame, encodeError } from './wireCodec.js';

export interface CtiChannelDeps {
  config: XucConfig;
  engine: EngineApi;
  configStore: ConfigStore;
  services: ResolvedServices;
  authenticator: Authenticator;
  hub: SessionHub;
  clock: Clock;
  logger: Logger;
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
}

/** How long a closing socket may take to finish its close handshake before it is cut. */
const CLOSE_GRACE_MS = 5_000;
/** How often inbound traffic restarts the idle timer, at most. */
const ACTIVITY_RESOLUTION_MS = 1_000;

/**
 * The `/ctichannel` WebSocket endpoint: authenticates in the HTTP upgrade (nothing flows before),
 * runs one `session:<n>` actor per connection, decodes frames, enforces the frame-size and rate
 * limits, and hands commands to the dispatcher.
 */
export class CtiChannel {
  private readonly wss: WebSocketServer;
  private nextId = 1;
  /** Every session actor not yet closed, authenticated or still being checked. */
  private readonly actors = new Map<number, SessionActor>();
  private shuttingDown = false;
  private droppedSlow = 0;
  private readonly errorsByCode = new Map<string, number>();
  private readonly turns = new TurnFlush();

  constructor(private readonly deps: CtiChannelDeps) {
    // ws closes with 1009 by itself when a frame exceeds maxPayload.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: deps.config.ws.maxFrameBytes });
  }

  /** Handles the upgrade if the path is a CTI channel; false otherwise (another handler may take it). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const request = parseConnectionUrl(req.url);
    if (request.kind === 'notFound') return false;
    const { deps } = this;
    const id = this.nextId++;
    const address = req.socket.remoteAddress ?? 'unknown';
    const outbound = new SocketOutbound(deps.config.ws.outboundBufferMessages, () => {
      this.droppedSlow += 1;
      actor.send({ type: 'OVERFLOW' });
    }, this.turns);
    let ws: WebSocket | undefined;
    const actor = createActor(
      sessionMachine.provide({
        actions: {
          closeSocket: (_, { code, reason }) => {
            deps.logger.info({ session: id, code, reason }, 'closing session');
            // A closing session gets nothing more; the close frame is the last thing it sees.
            deps.hub.remove(id);
            outbound.flush();
            ws?.close(code, reason);
            deps.clock.setTimeout(() => ws?.terminate(), CLOSE_GRACE_MS);
          },
          release: () => {
            deps.hub.remove(id);
            this.actors.delete(id);
          },
        },
      }),
      {
        input: { id, address, outbound, idleTimeoutMs: deps.config.ws.idleTimeoutMs },
        systemId: `session:${id}`,
        id: `session:${id}`,
        clock: deps.clock,
        inspect: deps.inspect,
      },
    );
    this.actors.set(id, actor);
    actor.start();

    // A client that goes away during the check, or a handshake ws rejects, ends the session too.
    // The session may already have ended (client gone during the check): tell it only once.
    const end = (type: 'REFUSED' | 'SOCKET_CLOSED') => {
      if (actor.getSnapshot().status === 'active') actor.send({ type });
    };
    socket.once('close', () => end('SOCKET_CLOSED'));
    const authenticated =
      request.kind === 'password'
        ? deps.authenticator.byPassword(request.username, request.password, address)
        : deps.authenticator.byToken(request.token, address);
    authenticated.then(
      (user) => {
        if (socket.destroyed) return end('REFUSED');
        if (this.shuttingDown) {
          end('REFUSED');
          return refuseUpgrade(socket, new XucError('XUC_ERR_NOT_AVAILABLE', { feature: 'the CTI channel (server shutting down)' }));
        }
        this.wss.handleUpgrade(req, socket, head, (client) => {
          ws = client;
          outbound.attach(client, socket);
          const phoneNumber = request.kind === 'password' ? request.phoneNumber : '';
          actor.send({ type: 'AUTHENTICATED', user, phoneNumber });
          const session: HubSession = { id, actor, user };
          deps.hub.add(session);
          deps.logger.info({ session: id, user: user.username, address }, 'CTI session opened');
          this.wire(session, client, phoneNumber);
          this.sendWelcome(session);
        });
      },
      (error) => {
        end('REFUSED');
        refuseUpgrade(socket, toXucError(error));
        deps.logger.info({ address, reason: toXucError(error).code }, 'CTI connection refused');
      },
    );
    return true;
  }

  get sessionCount(): number {
    return this.deps.hub.size;
  }

  /** The session actors open now (the inspector shows them). */
  sessionActors(): SessionActor[] {
    return [...this.actors.values()];
  }

  /** Clients closed (1008) because they did not read their messages. */
  get droppedSlowClients(): number {
    return this.droppedSlow;
  }

  /** Errors answered to clients' frames and commands, by XucError code. */
  commandErrors(): Record<string, number> {
    return Object.fromEntries(this.errorsByCode);
  }

  /**
   * Closes every client with `code` and `reason`, refuses connections still being checked, and
   * resolves once the clients have answered the close or `graceMs` has passed; the rest are cut.
   */
  async closeAll(code: number, reason: string, graceMs: number): Promise<void> {
    this.shuttingDown = true;
    const sockets = [...this.wss.clients];
    const answered = sockets.map((ws) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once('close', () => resolve()))));
    for (const actor of this.actors.values()) {
      if (actor.getSnapshot().matches('authenticated')) actor.send({ type: 'CLOSE', code, reason });
    }
    // The handshake is network time, not the engine's: a real timer even when the clock is simulated.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(answered), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    this.close();
  }

  close(): void {
    this.shuttingDown = true;
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private wire(session: HubSession, client: WebSocket, phoneNumber: string): void {
    const { deps } = this;
    const bucket = new TokenBucket(deps.clock, deps.config.ws.rateLimitPerSecond, deps.config.ws.rateLimitBurst);
    // Frames are served one after the other, so answers come in the order of the requests
    // (as the original's one-actor-per-session did); the rate limit bounds what can wait.
    let turn: Promise<void> = Promise.resolve();
    let lastActivity = deps.clock.now();
    client.on('message', (data, isBinary) => {
      // Restarting the idle timer costs a machine transition: once a second is precise enough.
      const now = deps.clock.now();
      if (now - lastActivity >= ACTIVITY_RESOLUTION_MS) {
        lastActivity = now;
        session.actor.send({ type: 'ACTIVITY' });
      }
      if (!bucket.take()) {
        const error = new XucError('XUC_ERR_RATE_LIMITED', { limit: deps.config.ws.rateLimitPerSecond });
        this.countError(error);
        deps.hub.send(session, 'Error', error.toWire());
        session.actor.send({ type: 'CLOSE', code: 1008, reason: 'rate limit exceeded' });
        return;
      }
      const text = isBinary ? null : String(data);
      turn = turn.then(() => this.onFrame(session, text, phoneNumber));
    });
    client.on('error', (err) => deps.logger.info({ session: session.id, err: err.message }, 'CTI socket error'));
  }

  private async onFrame(session: HubSession, text: string | null, phoneNumber: string): Promise<void> {
    const { hub } = this.deps;
    let frame;
    try {
      if (text === null) throw new XucError('XUC_ERR_INVALID_JSON', { detail: 'binary frames are not accepted' });
      frame = decodeFrame(text);
    } catch (e) {
      return this.pushError(session, toXucError(e));
    }
    if (frame.kind === 'ping') return hub.send(session, 'Pong', {});
    try {
      await dispatchCommand(this.contextFor(session, phoneNumber), frame);
    } catch (e) {
      const error = toXucError(e);
      if (error.code === 'XUC_ERR_INTERNAL') this.deps.logger.error({ err: e, command: frame.command }, 'command failed');
      this.pushError(session, error, frame.command);
    }
  }

  private pushError(session: HubSession, error: XucError, command?: string): void {
    this.countError(error);
    session.actor.getSnapshot().context.outbound.push(encodeError(error, command));
  }

  private countError(error: XucError): void {
    this.errorsByCode.set(error.code, (this.errorsByCode.get(error.code) ?? 0) + 1);
  }

  private contextFor(session: HubSession, phoneNumber: string): CommandContext {
    const { deps } = this;
    const config = deps.configStore.current();
    // The user as configured now (rights may have changed since the connection).
    const user: User = config.users.find((u) => u.id === session.user.id) ?? session.user;
    return {
      user,
      phoneNumber,
      engine: deps.engine,
      config,
      services: deps.services,
      logger: deps.logger,
      reply: (msgType, payload) => deps.hub.send(session, msgType, payload),
      subscribe: (change) => session.actor.send({ type: 'SUBSCRIPTION', change }),
      toUser: (userId, msgType, payload) => deps.hub.toUser(userId, msgType, payload),
      rightsView: () => deps.hub.rightsView(),
    };
  }

  /** What a client gets right after connecting, in the order of xuc-websocket.md §2.3. */
  private sendWelcome(session: HubSession): void {
    const { hub, configStore, services } = this.deps;
    const config = configStore.current();
    const user = session.user;
    const settings = services.userSettings.get(user.id);
    hub.send(session, 'LoggedOn', {});
    hub.send(session, 'UsersStatuses', userStatusesPayload(config.userStatuses));
    hub.send(session, 'UserConfigUpdate', userConfigPayload(user, settings));
    hub.send(session, 'UserStatusUpdate', { status: settings.status || initialStatus(config.userStatuses) });
    if (user.lineId !== undefined) hub.send(session, 'PhoneStatusUpdate', { status: hub.phoneStatus(user.lineId) });
    hub.send(session, 'RightProfile', { profile: user.rights });
  }
}

/** Answers a refused upgrade in plain HTTP (401, 403, 429…) with the reason as JSON, then closes. */
function refuseUpgrade(socket: Duplex, error: XucError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(error.toRest());
  const status = `${error.httpStatus} ${STATUS_CODES[error.httpStatus] ?? ''}`;
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
