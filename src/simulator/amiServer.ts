import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { runAction } from './amiActions.js';
import { ActionSplitter, encodeFrame, header, type Headers } from './amiWire.js';
import type { Pbx } from './pbx.js';

export interface AmiCredentials {
  readonly username: string;
  readonly secret: string;
}

interface Session {
  readonly socket: Socket;
  authenticated: boolean;
  events: boolean;
}

/** A client that does not read its socket is dropped beyond this backlog, as Asterisk does. */
const maxBacklogBytes = 16 * 1024 * 1024;

/** Events listed with their ActionID right after `Event:`; the others carry it last. */
const actionIdFirst = new Set(['CoreShowChannel']);

function withActionId(item: Headers, actionId: string | undefined): Headers {
  if (actionId === undefined) return item;
  if (actionIdFirst.has(item[0][1])) return [item[0], ['ActionID', actionId], ...item.slice(1)];
  return [...item, ['ActionID', actionId]];
}

/** The AMI TCP endpoint of the simulated PBX: banner, login, actions, events. */
export class AmiServer {
  private readonly server: Server;
  private readonly sessions = new Set<Session>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly pbx: Pbx,
    private readonly credentials: AmiCredentials,
    private readonly log: Logger = silentLogger,
  ) {
    this.server = createServer((socket) => this.accept(socket));
    this.unsubscribe = pbx.onEvent((frame) => this.broadcast(frame));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  async close(): Promise<void> {
    this.unsubscribe();
    for (const s of this.sessions) s.socket.destroy();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get clientCount(): number {
    return this.sessions.size;
  }

  private accept(socket: Socket): void {
    const session: Session = { socket, authenticated: false, events: true };
    this.sessions.add(session);
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    const splitter = new ActionSplitter();
    socket.write('Asterisk Call Manager/11.0.0\r\n');
    socket.on('data', (chunk: string) => {
      for (const frame of splitter.push(chunk)) {
        try {
          this.handle(session, frame);
        } catch (e) {
          // One bad action must not take the PBX down: answer it and go on.
          this.log.warn({ err: e, action: header(frame, 'Action') }, 'simulator action failed');
          this.write(session, [['Response', 'Error'], ...this.idOf(frame), ['Message', 'Internal simulator error']]);
        }
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sessions.delete(session));
  }

  private idOf(frame: Headers): Headers {
    const id = header(frame, 'ActionID');
    return id === undefined ? [] : [['ActionID', id]];
  }

  private write(session: Session, frame: Headers, bareLfAfter?: string): void {
    if (session.socket.destroyed) return;
    if (session.socket.writableLength > maxBacklogBytes) {
      this.log.warn('simulator dropped a slow AMI client');
      session.socket.destroy();
      return;
    }
    session.socket.write(encodeFrame(frame, bareLfAfter));
  }

  private handle(session: Session, frame: Headers): void {
    const action = (header(frame, 'Action') ?? '').toLowerCase();
    const id = this.idOf(frame);
    if (action === 'login') {
      const good = header(frame, 'Username') === this.credentials.username && header(frame, 'Secret') === this.credentials.secret;
      if (!good) {
        this.write(session, [['Response', 'Error'], ...id, ['Message', 'Authentication failed']]);
        return;
      }
      session.authenticated = true;
      const events = header(frame, 'Events');
      session.events = events === undefined || !/^off$/i.test(events);
      this.write(session, [['Response', 'Success'], ...id, ['Message', 'Authentication accepted']]);
      if (session.events) {
        const uptime = String(Math.max(1, Math.floor((this.pbx.clock.now() - this.pbx.startedAt) / 1000)));
        this.write(session, [['Event', 'FullyBooted'], ['Privilege', 'system,all'], ['Uptime', uptime], ['LastReload', uptime], ['Status', 'Fully Booted']]);
      }
      return;
    }
    if (!session.authenticated) {
      this.write(session, [['Response', 'Error'], ...id, ['Message', action === '' ? 'Missing action in request' : 'Permission denied']]);
      return;
    }
    if (action === 'events') {
      session.events = !/^off$/i.test(header(frame, 'EventMask') ?? 'on');
      this.write(session, [['Response', 'Success'], ...id, ['Events', session.events ? 'On' : 'Off']]);
      return;
    }
    const outcome = runAction(this.pbx, frame);
    this.write(session, [['Response', outcome.response], ...id, ...outcome.headers]);
    if (outcome.list) {
      const actionId = header(frame, 'ActionID');
      for (const item of outcome.list.items) this.write(session, withActionId(item, actionId), outcome.list.bareLfAfter);
      this.write(session, [
        ['Event', outcome.list.completeName], ...id, ['EventList', 'Complete'],
        ['ListItems', String(outcome.list.items.length)], ...(outcome.list.completeExtra ?? []),
      ]);
    }
    if (outcome.response === 'Goodbye') {
      session.socket.end();
      this.sessions.delete(session);
      return;
    }
    outcome.then?.();
  }

  private broadcast(frame: Headers): void {
    if (!this.sessions.size) return;
    const text = encodeFrame(frame);
    for (const s of this.sessions) {
      if (!s.authenticated || !s.events || s.socket.destroyed) continue;
      if (s.socket.writableLength > maxBacklogBytes) {
        this.log.warn('simulator dropped a slow AMI client');
        s.socket.destroy();
        continue;
      }
      s.socket.write(text);
    }
  }
}
