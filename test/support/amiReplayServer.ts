/**
 * Test support: a real TCP AMI server on 127.0.0.1 that plays a recording to a client as Asterisk would.
 *
 *   const server = await AmiReplayServer.start({ recording: 'agent-login-pause-logout' });
 *   server.url                     ami://xuc:xucpass@127.0.0.1:<port> (parseAmiUrl gives the endpoint)
 *   await server.waitForResync()   a client logged in and got the five snapshot answers
 *   await server.playUntil(t)      writes the live frames up to recording time t (ms); resolves when written
 *   await server.playAll()         writes every remaining live frame
 *   server.openConnections         sockets open now; server.connections: accepted so far
 *   server.actions                 every action a client sent: { connection, name, actionId, fields, raw }
 *   server.rewind({ cutPoints })   plays the live frames again from the start (e.g. with other cuts)
 *   server.send(raw)               writes any text to the client (orphan responses, garbage…)
 *   server.freeze()                goes silent (answers nothing, writes nothing): a half-open link
 *   await server.kill()            destroys the sockets and stops listening
 *   await server.restart(opts?)    listens again on the same port, e.g. { snapshot: 'final', asteriskRestarted: true }
 *
 * Per connection: banner; `Login` is checked (wrong secret → `Response: Error` `Authentication failed`
 * and close); then the login response and `FullyBooted`. Snapshot actions (CoreShowChannels,
 * QueueStatus, QueueSummary, Agents, Status) are answered from the recording's initial snapshot
 * (or `snapshot`) with the client's ActionID; Ping with Pong; CoreStatus with the server's startup
 * time; anything else with a plausible `Response: Success` (or what `answer` decides).
 *
 * Options: `onFrame(t, frame)` is awaited before each live frame is written (advance a ManualClock to
 * the recording's time there); `cutPoints` cuts the live byte stream into pieces at those byte
 * offsets (pieces span frames; each piece is a separate write); `includeRecorderReplies` also plays
 * the recorder's own responses and list events (skipped by default). The live cursor survives
 * restarts, so a test can kill the server mid-scenario and go on after the reconnection.
 */
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parseAmiHeaders } from '../../src/transport/ami/amiFrameParser.js';
import { AmiFrameSplitter } from '../../src/transport/ami/amiFrameSplitter.js';
import { snapshotActions } from '../../src/transport/ami/snapshotActions.js';
import {
  frameText, liveInFrames, loadRecording, snapshotAnswerText,
  type RecordedFrame, type Recording, type SnapshotSource,
} from './fixtures.js';

export type { SnapshotSource };

export interface ReceivedAction {
  /** 1 for the first connection, 2 after a reconnection… */
  readonly connection: number;
  readonly name: string;
  readonly actionId: string | undefined;
  /** First value of each header. */
  readonly fields: Readonly<Record<string, string>>;
  readonly raw: string;
}

/** How to answer an action that is not a snapshot action, Login, Ping or CoreStatus. */
export type ActionAnswer = { response: 'Success' | 'Error'; message?: string } | 'silent';

export interface ReplayServerOptions {
  recording: string | Recording;
  username?: string;
  secret?: string;
  snapshot?: SnapshotSource;
  includeRecorderReplies?: boolean;
  cutPoints?: readonly number[];
  onFrame?: (t: number, frame: string) => void | Promise<void>;
  /** Decides the answer to other actions; undefined falls back to a plausible Success. */
  answer?: (action: ReceivedAction) => ActionAnswer | undefined;
  /** `error`: answer CoreStatus with `Response: Error` (a peer without the `system` read class). */
  coreStatus?: 'answer' | 'error';
  port?: number;
}

export interface RestartOptions {
  snapshot?: SnapshotSource;
  /** A new Asterisk process: new startup time, FullyBooted uptime back to 0. */
  asteriskRestarted?: boolean;
  /** Play another recording from its start after the restart. */
  recording?: string | Recording;
}

/** Plausible `Message:` of Asterisk 22's answers, as seen in the recordings. */
const successMessages: Record<string, string> = {
  originate: 'Originate successfully queued',
  hangup: 'Channel Hungup',
  queueadd: 'Added interface to queue',
  queueremove: 'Removed interface from queue',
  queuepenalty: 'Interface penalty set successfully',
  agentlogoff: 'Agent logged out',
  atxfer: 'Atxfer successfully queued',
  blindtransfer: 'Transfer succeeded',
};

export class AmiReplayServer {
  readonly actions: ReceivedAction[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private client: Socket | undefined;
  private clientResynced = false;
  private connectionCount = 0;
  private frozen = false;
  private recording: Recording;
  private live: RecordedFrame[];
  private cursor = 0;
  private streamOffset = 0;
  private snapshot: SnapshotSource;
  private midFrameSocket: Socket | undefined;
  private held: string[] = [];
  private cutPoints: readonly number[];
  private startupEpochMs = Date.now();
  private waiters: Array<() => void> = [];
  private portNumber: number;

  private constructor(private readonly options: ReplayServerOptions) {
    this.recording = typeof options.recording === 'string' ? loadRecording(options.recording) : options.recording;
    this.live = liveInFrames(this.recording, { includeRecorderReplies: options.includeRecorderReplies });
    this.snapshot = options.snapshot ?? 'initial';
    this.cutPoints = options.cutPoints ?? [];
    this.portNumber = options.port ?? 0;
  }

  /** Starts listening on 127.0.0.1 (port 0 unless given). */
  static async start(options: ReplayServerOptions): Promise<AmiReplayServer> {
    const server = new AmiReplayServer(options);
    await server.listen();
    return server;
  }

  get port(): number {
    return this.portNumber;
  }

  get url(): string {
    const user = encodeURIComponent(this.options.username ?? 'xuc');
    const secret = encodeURIComponent(this.options.secret ?? 'xucpass');
    return `ami://${user}:${secret}@127.0.0.1:${this.portNumber}`;
  }

  /** Connections accepted so far. */
  get connections(): number {
    return this.connectionCount;
  }

  /** Sockets currently open (a client the link dropped is gone from here). */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Recording time of the next live frame to play, or undefined when all are played. */
  get nextFrameTime(): number | undefined {
    return this.live[this.cursor]?.t;
  }

  /** Resolves when a logged-in client has been answered all five snapshot actions. */
  waitForResync(): Promise<void> {
    return this.until(() => this.clientResynced);
  }

  /** Resolves when the client has sent `count` actions named `name` (all connections). */
  waitForAction(name: string, count = 1): Promise<ReceivedAction> {
    const matching = () => this.actions.filter((a) => a.name.toLowerCase() === name.toLowerCase());
    return this.until(() => matching().length >= count).then(() => matching()[count - 1]);
  }

  /** Resolves when `n` connections have been accepted. */
  waitForConnections(n: number): Promise<void> {
    return this.until(() => this.connectionCount >= n);
  }

  /** Writes the live frames with t ≤ `t` to the resynced client; resolves with the frames played so far. */
  async playUntil(t: number): Promise<number> {
    await this.waitForResync();
    const socket = this.client!;
    const end = this.live.findIndex((f, i) => i >= this.cursor && f.t > t);
    const upTo = end < 0 ? this.live.length : end;
    const frames = this.live.slice(this.cursor, upTo);
    this.cursor = upTo;
    await this.writeLive(socket, frames);
    return this.cursor;
  }

  playAll(): Promise<number> {
    return this.playUntil(Number.POSITIVE_INFINITY);
  }

  /** Plays the live frames again from the start (same connection), optionally cut at other points. */
  rewind(opts: { cutPoints?: readonly number[] } = {}): void {
    this.cursor = 0;
    this.streamOffset = 0;
    if (opts.cutPoints) this.cutPoints = opts.cutPoints;
  }

  /** Writes raw text to the current client (no framing added), never inside a half-written live frame. */
  send(raw: string): void {
    if (this.client && !this.client.destroyed) this.write(this.client, raw);
  }

  /**
   * Asterisk writes whole frames: while a cut live frame is half written, answers wait for its end
   * instead of landing inside it.
   */
  private write(socket: Socket, text: string): void {
    if (socket === this.midFrameSocket) this.held.push(text);
    else if (!socket.destroyed) socket.write(text);
  }

  /** Stops answering and writing while keeping the sockets open: the client sees a half-open link. */
  freeze(): void {
    this.frozen = true;
  }

  /** Destroys every socket and stops listening. */
  async kill(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.client = undefined;
    this.clientResynced = false;
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port, optionally with another snapshot, recording or Asterisk process. */
  async restart(opts: RestartOptions = {}): Promise<void> {
    await this.kill();
    if (opts.snapshot) this.snapshot = opts.snapshot;
    // CoreStartupTime has one-second resolution: a new process must show another second.
    if (opts.asteriskRestarted) this.startupEpochMs = Math.max(Date.now(), this.startupEpochMs + 1_000);
    if (opts.recording) {
      this.recording = typeof opts.recording === 'string' ? loadRecording(opts.recording) : opts.recording;
      this.live = liveInFrames(this.recording, { includeRecorderReplies: this.options.includeRecorderReplies });
      this.cursor = 0;
      this.streamOffset = 0;
    }
    this.frozen = false;
    await this.listen();
  }

  private async listen(): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    server.on('error', () => undefined);
    server.listen(this.portNumber, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
    const address = server.address();
    if (address && typeof address === 'object') this.portNumber = address.port;
  }

  private until(ready: () => boolean): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => (ready() ? resolve() : this.waiters.push(check));
      this.waiters.push(check);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private accept(socket: Socket): void {
    const connection = ++this.connectionCount;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (this.midFrameSocket === socket) (this.midFrameSocket = undefined), (this.held = []);
      if (this.client === socket) (this.client = undefined), (this.clientResynced = false);
    });
    const splitter = new AmiFrameSplitter();
    const session = { loggedIn: false, answered: new Set<string>() };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      for (const raw of splitter.push(chunk)) this.onAction(socket, connection, session, raw);
    });
    const banner = this.recording.frames.find((f) => f.dir === 'in')?.frame ?? 'Asterisk Call Manager/11.0.0\r\n';
    socket.write(banner);
    this.wake();
  }

  private onAction(socket: Socket, connection: number, session: { loggedIn: boolean; answered: Set<string> }, raw: string): void {
    const headers = parseAmiHeaders(raw);
    const fields: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of headers) if (!(k.toLowerCase() in fields)) fields[k.toLowerCase()] = v;
    const name = fields.action ?? '';
    const actionId = fields.actionid;
    const action: ReceivedAction = { connection, name, actionId, fields: Object.fromEntries(headers.slice().reverse()), raw };
    this.actions.push(action);
    this.wake();
    if (this.frozen || socket.destroyed) return;
    const id: Array<readonly [string, string]> = actionId === undefined ? [] : [['ActionID', actionId]];
    const reply = (response: string, rest: Array<readonly [string, string]> = []) =>
      this.write(socket, frameText([['Response', response], ...id, ...rest]));
    const lower = name.toLowerCase();

    if (lower === 'login') {
      if (fields.username !== (this.options.username ?? 'xuc') || fields.secret !== (this.options.secret ?? 'xucpass')) {
        reply('Error', [['Message', 'Authentication failed']]);
        socket.end();
        return;
      }
      session.loggedIn = true;
      reply('Success', [['Message', 'Authentication accepted']]);
      // Asterisk writes FullyBooted right after; it often shares the login response's TCP segment.
      const uptime = String(Math.floor((Date.now() - this.startupEpochMs) / 1000));
      socket.write(frameText([['Event', 'FullyBooted'], ['Privilege', 'system,all'], ['Uptime', uptime], ['LastReload', uptime], ['Status', 'Fully Booted']]));
      this.client = socket;
      this.clientResynced = false;
      this.wake();
      return;
    }
    if (!session.loggedIn) return void reply('Error', [['Message', 'Authentication Required']]);
    if (lower === 'ping') {
      return void reply('Success', [['Ping', 'Pong'], ['Timestamp', (Date.now() / 1000).toFixed(6)]]);
    }
    if (lower === 'corestatus') return void this.answerCoreStatus(reply);
    if (lower === 'logoff') {
      reply('Goodbye', [['Message', 'Thanks for all the fish.']]);
      socket.end();
      return;
    }
    const snapshotAction = snapshotActions.find((a) => a.action.toLowerCase() === lower);
    if (snapshotAction) {
      this.write(socket, snapshotAnswerText(this.recording, this.snapshot, snapshotAction.action, actionId));
      session.answered.add(snapshotAction.action);
      if (this.client === socket && session.answered.size === snapshotActions.length) this.clientResynced = true;
      this.wake();
      return;
    }
    const answer = this.options.answer?.(action) ?? { response: 'Success' as const };
    if (answer === 'silent') return;
    const message = answer.message ?? (answer.response === 'Success' ? this.successMessage(lower, fields) : 'Command failed');
    reply(answer.response, message === undefined ? [] : [['Message', message]]);
  }

  private successMessage(lower: string, fields: Record<string, string>): string | undefined {
    if (lower === 'queuepause') return /^(true|yes|1)$/i.test(fields.paused ?? '') ? 'Interface paused successfully' : 'Interface unpaused successfully';
    return successMessages[lower];
  }

  private answerCoreStatus(reply: (response: string, rest?: Array<readonly [string, string]>) => void): void {
    if (this.options.coreStatus === 'error') return reply('Error', [['Message', 'Permission denied']]);
    const startup = new Date(this.startupEpochMs).toISOString();
    reply('Success', [
      ['CoreStartupDate', startup.slice(0, 10)], ['CoreStartupTime', startup.slice(11, 19)],
      ['CoreReloadDate', startup.slice(0, 10)], ['CoreReloadTime', startup.slice(11, 19)],
      ['CoreCurrentCalls', '0'],
    ]);
  }

  /**
   * Writes live frames one write each, or cut at `cutPoints` in the live byte stream (pieces then
   * span frames). With `onFrame`, the stream is complete up to each frame when the hook runs, so an
   * action the hook sends (a barrier Ping) is answered after every frame before it.
   */
  private async writeLive(socket: Socket, frames: RecordedFrame[]): Promise<void> {
    const cuts = [...this.cutPoints].sort((a, b) => a - b);
    let pending: Buffer[] = [];
    const writePiece = async (endsAtFrameEnd: boolean) => {
      const data = Buffer.concat(pending);
      pending = [];
      if (data.length === 0 || socket.destroyed) return;
      this.midFrameSocket = endsAtFrameEnd ? undefined : socket;
      const flushed = new Promise<void>((resolve) => socket.write(data, () => resolve()));
      if (endsAtFrameEnd) for (const text of this.held.splice(0)) socket.write(text);
      // Two event-loop turns (a poll phase in between): a client in this process reads the piece alone.
      await flushed, await nextTurn(), await nextTurn();
    };
    for (const f of frames) {
      if (this.options.onFrame) {
        if (pending.length > 0) await writePiece(true);
        await this.options.onFrame(f.t, f.frame);
      }
      if (this.frozen) continue;
      let bytes = Buffer.from(f.frame, 'utf8');
      let at = this.streamOffset;
      const end = at + bytes.length;
      this.streamOffset = end;
      if (cuts.length === 0) {
        if (!socket.destroyed && !socket.write(bytes)) await drained(socket);
        continue;
      }
      for (const cut of cuts) {
        if (cut < at || cut >= end) continue;
        if (cut === at) {
          if (pending.length > 0) await writePiece(true);
          continue;
        }
        pending.push(bytes.subarray(0, cut - at));
        bytes = bytes.subarray(cut - at);
        at = cut;
        await writePiece(false);
      }
      pending.push(bytes);
    }
    if (pending.length > 0) await writePiece(true);
    this.midFrameSocket = undefined;
    for (const text of this.held.splice(0)) this.write(socket, text);
    if (!socket.destroyed) await new Promise<void>((resolve) => socket.write('', () => resolve()));
  }

}

/** Resolves when the socket can take more data (or is gone), leaving no listener behind. */
async function drained(socket: Socket): Promise<void> {
  const stop = new AbortController();
  try {
    await Promise.race([once(socket, 'drain', { signal: stop.signal }), once(socket, 'close', { signal: stop.signal })]);
  } finally {
    stop.abort();
  }
}
