import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import type { AmiEndpoint } from '../../config.js';
import { XucError } from '../../errors.js';
import { AmiFrameSplitter } from './amiFrameSplitter.js';

/**
 * One logged-in AMI session over asterisk-ami-client, the only file that sees the library.
 *
 * What the library is used for: the TCP connection, the Login exchange and cutting the byte stream
 * into frames. What it is NOT used for, and why:
 * - its reconnect (gives up after 30 tries, no backoff) and keep-alive (never notices a dead link):
 *   off; the link machine does both;
 * - its parsed events (keep only the last of repeated headers): we take its raw frames (`data`)
 *   and parse them ourselves;
 * - its promise actions (resolve on the first response only) and its writer (joins repeated headers
 *   with commas): we write our own serialized text on the connection and correlate ActionIDs ourselves.
 * Known loss: the Login is read through a temporary stream, so an event sharing the login response's
 * TCP segment (usually FullyBooted) is lost; nothing may depend on seeing it.
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

export class AmiClientSession {
  private readonly splitter = new AmiFrameSplitter();
  private frameListener: (raw: string) => void = () => undefined;
  private closeListener: (reason: string) => void = () => undefined;
  private closedReason: string | undefined;
  private isClosed = false;
  private readonly closedPromise: Promise<void>;
  private markClosed!: () => void;

  private constructor(private readonly client: AmiClientLike, private readonly connection: AmiConnectionLike) {
    this.closedPromise = new Promise((resolve) => (this.markClosed = resolve));
    client.on('data', (chunk: Buffer | string) => {
      for (const raw of this.splitter.push(chunk.toString())) this.frameListener(raw);
    });
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
    let socket: Socket | undefined;
    const onSocket = (message: unknown) => {
      socket ??= (message as { socket: Socket }).socket;
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
      if (options.signal.aborted) {
        connection.close();
        throw new XucError('XUC_ERR_AMI_DOWN');
      }
      const session = new AmiClientSession(client, connection);
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

  /** Receives every raw frame text, in order. */
  onFrame(listener: (raw: string) => void): void {
    this.frameListener = listener;
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
    this.client.removeAllListeners('data');
    this.markClosed();
    this.closeListener(this.closedReason);
  }
}
