import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import type { AmiEndpoint } from '../../config.js';
import { XucError } from '../../errors.js';
import { parseAmiHeaders } from './amiFrameParser.js';
import { AmiFrameSplitter } from './amiFrameSplitter.js';

/**
 * One logged-in AMI session over asterisk-ami-client, the only file that sees the library.
 *
 * What the library is used for: the TCP connection and the Login exchange. What it is NOT used for,
 * and why:
 * - its reading of the socket: it parses every frame into an object (keeping only the last of
 *   repeated headers) that we would throw away, which was 42 % of ingest CPU (docs/performance.md).
 *   We read the socket's bytes ourselves from the first one on, through our own splitter; once
 *   logged in, the library's stream is unpiped so nothing is parsed twice. Since our reader saw every
 *   byte, the frames after the login response that the library had already taken (FullyBooted in the
 *   same TCP segment) are neither lost nor delivered twice;
 * - its reconnect (gives up after 30 tries, no backoff) and keep-alive (never notices a dead link):
 *   off; the link machine does both;
 * - its promise actions (resolve on the first response only) and its writer (joins repeated headers
 *   with commas): we write our own serialized text on the connection and correlate ActionIDs ourselves.
 */

interface AmiConnectionLike extends EventEmitter {
  write(message: string): boolean;
  close(): void;
}

interface AmiClientLike extends EventEmitter {
  connect(user: string, secret: string, options: object): Promise<AmiConnectionLike>;
  readonly connection: AmiConnectionLike | null;
}

type AmiClientConstructor = new (options: Record<string, unknown>) => AmiClientLike;

const AmiClient = createRequire(import.meta.url)('asterisk-ami-client') as AmiClientConstructor;

export interface OpenSessionOptions {
  /** Aborting destroys the socket, during the login or after it. */
  readonly signal: AbortSignal;
  /** Called when the TCP connection is up and the Login is being sent. */
  readonly onTcpConnected?: () => void;
}

/** The library's Login carries this ActionID prefix (asterisk-ami-connector: `__auth_<ms>__`). */
const LOGIN_ACTION_ID = /^__auth_/;

/**
 * Our reading of the socket: every byte from the connection on, decoded (a UTF-8 character may be
 * cut between two chunks) and split into frames, held until someone takes them.
 */
class SocketFrameReader {
  private readonly decoder = new StringDecoder('utf8');
  private readonly splitter = new AmiFrameSplitter({ expectBanner: true });
  private held: string[] = [];
  private sink: ((raw: string) => void) | undefined;

  readonly onData = (chunk: Buffer | string): void => {
    const frames = this.splitter.push(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    if (this.sink) for (const raw of frames) this.sink(raw);
    else for (const raw of frames) this.held.push(raw);
  };

  /** Drops what was read up to and including the Login response: it belongs to the library. */
  dropThroughLogin(): void {
    const login = this.held.findIndex((raw) =>
      parseAmiHeaders(raw).some(([key, value]) => key.toLowerCase() === 'actionid' && LOGIN_ACTION_ID.test(value)),
    );
    this.held = this.held.slice(login + 1);
  }

  /** From now on frames go to `sink`; the ones held so far first, in order. */
  deliverTo(sink: (raw: string) => void): void {
    this.sink = sink;
    const held = this.held;
    this.held = [];
    for (const raw of held) sink(raw);
  }
}

export class AmiClientSession {
  private closeListener: (reason: string) => void = () => undefined;
  private closedReason: string | undefined;
  private isClosed = false;
  private readonly closedPromise: Promise<void>;
  private markClosed!: () => void;

  private constructor(
    private readonly client: AmiClientLike,
    private readonly connection: AmiConnectionLike,
    private readonly socket: Socket,
    private readonly reader: SocketFrameReader,
  ) {
    this.closedPromise = new Promise((resolve) => (this.markClosed = resolve));
    // Detach the library's stream (its connection piped the socket into it after the Login): our
    // reader, a 'data' listener since the socket was created, is then the only one reading.
    // unpipe() pauses a socket left without pipes; resume() keeps our listener flowing.
    socket.unpipe();
    socket.resume();
    // 'disconnect' is emitted once per close by the library, sometimes twice (close + user disconnect).
    client.on('disconnect', () => this.closed('connection closed'));
    client.on('internalError', (e: unknown) => (this.closedReason ??= e instanceof Error ? e.message : String(e)));
  }

  /**
   * Connects and logs in. Rejects with XUC_ERR_AMI_REFUSED when Asterisk refuses the Login,
   * XUC_ERR_AMI_DOWN for anything else (refused connection, abort, socket closed during login).
   */
  static async open(endpoint: AmiEndpoint, options: OpenSessionOptions): Promise<AmiClientSession> {
    if (options.signal.aborted) throw new XucError('XUC_ERR_AMI_DOWN');
    const client = new AmiClient({ reconnect: false, keepAlive: false, emitEventsByTypes: false, emitResponsesById: false });
    client.on('internalError', () => undefined);
    // The library creates its socket synchronously inside connect(); the documented
    // `net.client.socket` diagnostics channel lets us see it to report the TCP connection.
    // Our reader listens from the socket's creation, before the library's Login stream is piped.
    let socket: Socket | undefined;
    const reader = new SocketFrameReader();
    const onSocket = (message: unknown) => {
      if (socket) return;
      socket = (message as { socket: Socket }).socket;
      socket.on('data', reader.onData);
    };
    subscribe('net.client.socket', onSocket);
    let login: Promise<AmiConnectionLike>;
    try {
      login = client.connect(endpoint.username, endpoint.secret, { host: endpoint.host, port: endpoint.port, signal: options.signal });
    } finally {
      unsubscribe('net.client.socket', onSocket);
    }
    socket?.once('connect', () => options.onTcpConnected?.());
    try {
      const connection = await login;
      if (options.signal.aborted || !socket) {
        connection.close();
        throw new XucError('XUC_ERR_AMI_DOWN', socket ? {} : { detail: 'the AMI socket was not seen (net.client.socket)' });
      }
      reader.dropThroughLogin();
      const session = new AmiClientSession(client, connection, socket, reader);
      options.signal.addEventListener('abort', () => session.close(), { once: true });
      return session;
    } catch (e) {
      if (e instanceof XucError) throw e;
      const message = e instanceof Error ? e.message : String(e);
      // The connector rejects with the socket's 'close' boolean or an AmiAuthError; only the latter says why.
      const auth = /^AMI message: (.*)$/s.exec(message);
      if (auth) throw new XucError('XUC_ERR_AMI_REFUSED', { action: 'Login', detail: auth[1] }, { cause: e });
      throw new XucError('XUC_ERR_AMI_DOWN', {}, { cause: e });
    }
  }

  /**
   * Receives every raw frame text after the login response, in order. Frames that came with the
   * login response (FullyBooted) are delivered at once, inside this call.
   */
  onFrame(listener: (raw: string) => void): void {
    this.reader.deliverTo((raw) => {
      if (!this.isClosed) listener(raw);
    });
  }

  /** Called once when the connection is gone, whoever closed it. */
  onClose(listener: (reason: string) => void): void {
    this.closeListener = listener;
    if (this.closedReason !== undefined && this.isClosed) listener(this.closedReason);
  }

  /** Writes serialized action text; false when the connection is already closed. */
  write(text: string): boolean {
    if (this.isClosed) return false;
    this.connection.write(text);
    return true;
  }

  /** Resolves when the connection is closed, whoever closed it. */
  get whenClosed(): Promise<void> {
    return this.closedPromise;
  }

  /** Destroys the socket; resolves when it is closed. */
  close(): Promise<void> {
    if (!this.isClosed) this.connection.close();
    return this.closedPromise;
  }

  private closed(reason: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closedReason ??= reason;
    this.socket.off('data', this.reader.onData);
    this.markClosed();
    this.closeListener(this.closedReason);
  }
}
