import WebSocket from 'ws';
import { MemoryConfigStore } from '../../../src/auth/memoryConfigStore.js';
import { loadConfig, type XucConfigInput } from '../../../src/config.js';
import type { EngineApi } from '../../../src/domain/engineApi.js';
import { startServer, type RunningServer, type StartServerOptions } from '../../../src/transport/server.js';
import { EngineDouble } from './engineDouble.js';
import { testContactCenter } from './testContactCenter.js';

export interface Harness {
  server: RunningServer;
  engine: EngineDouble;
  store: MemoryConfigStore;
  wsUrl(path: string): string;
  close(): Promise<void>;
}

let sharedStore: Promise<MemoryConfigStore> | undefined;
/** The test configuration with hashed passwords (hashing is slow: done once per file). */
export const testStore = () => (sharedStore ??= MemoryConfigStore.create(testContactCenter));

export async function startHarness(
  overrides: XucConfigInput = {},
  options: Partial<Omit<StartServerOptions, 'config' | 'configStore'>> & { engine?: EngineApi } = {},
): Promise<Harness> {
  const store = await testStore();
  const engine = new EngineDouble(store);
  const config = loadConfig({}, { http: { port: 0, host: '127.0.0.1' }, ...overrides });
  const server = await startServer({ config, configStore: store, loginThrottle: { delayStepMs: 1 }, ...options, engine: options.engine ?? engine });
  return {
    server,
    engine,
    store,
    wsUrl: (path) => `ws://127.0.0.1:${server.port}${path}`,
    close: () => server.close(),
  };
}

export interface Frame {
  msgType: string;
  ctiMessage: any;
}

/** A real `ws` client that records every frame and lets a test wait for the ones it expects. */
export class TestClient {
  readonly frames: Frame[] = [];
  readonly raw: string[] = [];
  closed: { code: number; reason: string } | undefined;
  private waiters: Array<() => void> = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = String(data);
      this.raw.push(text);
      this.frames.push(JSON.parse(text));
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      this.wake();
    });
  }

  /** Opens and waits for the upgrade; rejects with the HTTP status when refused. */
  static open(url: string): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const client = new TestClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body })));
      });
      socket.once('error', reject);
    });
  }

  /** Opens and waits until the connection burst has arrived (ends with RightProfile). */
  static async login(url: string): Promise<TestClient> {
    const client = await TestClient.open(url);
    await client.next('RightProfile');
    return client;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Resolves with the first frame after index `from` that matches (fails after 10 s of nothing). */
  async next(msgType: string, match: (m: any) => boolean = () => true, from = 0, patienceMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + patienceMs;
    // Scan each frame once, however many arrive while waiting.
    for (let i = from; ; ) {
      for (; i < this.frames.length; i++) {
        const f = this.frames[i]!;
        if (f.msgType === msgType && match(f.ctiMessage)) return f;
      }
      if (Date.now() > deadline) throw new Error(`no ${msgType} arrived; got ${this.frames.map((f) => f.msgType).join(', ')}`);
      if (this.closed) throw new Error(`closed (${this.closed.code} ${this.closed.reason}) before ${msgType}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 1000).unref();
      });
    }
  }

  /** Sends a command and resolves with the first frame of `msgType` that arrives after it. */
  async request(frame: unknown, msgType: string, match?: (m: any) => boolean, patienceMs?: number): Promise<Frame> {
    const from = this.frames.length;
    this.send(frame);
    return this.next(msgType, match, from, patienceMs);
  }

  /** Waits until the number of frames reaches n. */
  async count(n: number): Promise<void> {
    while (this.frames.length < n) {
      if (this.closed) throw new Error(`closed with ${this.frames.length}/${n} frames`);
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  async waitClosed(): Promise<{ code: number; reason: string }> {
    while (!this.closed) await new Promise<void>((r) => this.waiters.push(r));
    return this.closed;
  }

  /** Sends a ping and waits for its Pong: every frame sent before has been answered by then. */
  async sync(): Promise<void> {
    await this.request({ claz: 'ping' }, 'Pong');
  }

  close(): void {
    this.socket.close();
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export const passwordUrl = (h: Harness, username: string, password: string, phone = '') =>
  h.wsUrl(`/xuc/ctichannel?username=${username}&agentNumber=${phone}&password=${encodeURIComponent(password)}`);

/** A token URL for a configured user, without the cost of a password check. */
export function tokenUrl(h: Harness, username: string): string {
  const user = h.store.current().users.find((u) => u.username === username);
  if (!user) throw new Error(`no user ${username}`);
  return h.wsUrl(`/xuc/api/2.0/cti?token=${h.server.tokens.issue(user).token}`);
}

/** Logs a configured user in over a token URL and waits for the connection burst. */
export const loginAs = (h: Harness, username: string) => TestClient.login(tokenUrl(h, username));
