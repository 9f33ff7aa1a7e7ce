import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { ScaledSnapshot, SnapshotAction } from './scaledSnapshot.js';

/**
 * A minimal AMI server for benchmarks: banner, Login, FullyBooted, the five snapshot actions
 * (answered from a ScaledSnapshot), CoreStatus, Ping; anything else gets `Response: Success`.
 * Live frames are written by the benchmark: as fast as the client reads (`writeAll`, honouring
 * TCP back-pressure) or one by one at a fixed rate (`write`).
 */
const SNAPSHOT_ACTIONS = new Set<string>(['CoreShowChannels', 'QueueStatus', 'QueueSummary', 'Agents', 'Status']);

export class BenchAmiServer {
  private client: Socket | undefined;
  private readonly sockets = new Set<Socket>();
  private waiters: Array<() => void> = [];
  /** Snapshot answers completed per connection (5 = resynced). */
  private answered = 0;
  logins = 0;

  private constructor(private readonly server: Server, public snapshot: ScaledSnapshot) {}

  static async start(snapshot: ScaledSnapshot): Promise<BenchAmiServer> {
    const server = createServer();
    const ami = new BenchAmiServer(server, snapshot);
    server.on('connection', (socket) => ami.accept(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return ami;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `ami://xuc:xucpass@127.0.0.1:${this.port}`;
  }

  /** Resolves when a client has logged in and been sent all five snapshot answers. */
  async waitForResync(): Promise<Socket> {
    while (!this.client || this.answered < SNAPSHOT_ACTIONS.size) await new Promise<void>((r) => this.waiters.push(r));
    return this.client;
  }

  /** Writes text to the logged-in client, resolving when the kernel took it (back-pressure). */
  async writeAll(text: string, chunkBytes = 64 * 1024): Promise<void> {
    const socket = await this.waitForResync();
    for (let at = 0; at < text.length; at += chunkBytes) {
      if (!socket.write(text.slice(at, at + chunkBytes))) await once(socket, 'drain');
    }
  }

  /** Writes one piece of text now (paced writers). */
  write(text: string): void {
    this.client?.write(text);
  }

  /** Cuts every client connection (the client will reconnect and resync). */
  dropClients(): void {
    this.answered = 0;
    this.client = undefined;
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n\r\n'); end >= 0; end = buffer.indexOf('\r\n\r\n')) {
        this.onAction(socket, buffer.slice(0, end));
        buffer = buffer.slice(end + 4);
      }
    });
    socket.write('Asterisk Call Manager/11.0.0\r\n');
  }

  private onAction(socket: Socket, raw: string): void {
    const fields = new Map<string, string>();
    for (const line of raw.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon > 0) fields.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
    }
    const action = fields.get('action') ?? '';
    const id = fields.get('actionid') ?? '';
    const reply = (body: string) => socket.write(`Response: Success\r\nActionID: ${id}\r\n${body}\r\n`);
    if (action.toLowerCase() === 'login') {
      reply('Message: Authentication accepted\r\n');
      socket.write('Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: 100\r\nLastReload: 100\r\nStatus: Fully Booted\r\n\r\n');
      this.client = socket;
      this.answered = 0;
      this.logins++;
      return;
    }
    if (SNAPSHOT_ACTIONS.has(action)) {
      socket.write(this.snapshot.answer(action as SnapshotAction, id));
      if (socket === this.client) this.answered++;
      return this.wake();
    }
    if (action === 'Ping') return void reply(`Ping: Pong\r\nTimestamp: ${(Date.now() / 1000).toFixed(6)}\r\n`);
    if (action === 'CoreStatus') return void reply('CoreStartupDate: 2026-11-28\r\nCoreStartupTime: 10:00:00\r\nCoreReloadDate: 2026-11-28\r\nCoreReloadTime: 10:00:00\r\nCoreCurrentCalls: 0\r\n');
    reply('Message: OK\r\n');
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
