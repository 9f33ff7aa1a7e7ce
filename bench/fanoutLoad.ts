import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { BenchAmiServer } from './benchAmiServer.js';
import { buildScaledSnapshot } from './scaledSnapshot.js';
import { buildScaledTrace } from './scaledTrace.js';

/**
 * The load side of the fan-out benchmark, run in a process of its own (`bench/fanout.ts` forks it)
 * so the server under test, engine or bare relay, has a core to itself as in production: the AMI
 * peer, which writes the scaled trace's frames at a fixed rate whatever the server's load, and the
 * WebSocket clients. Write times and receive times are both read here, from this process's
 * `performance.now()`: no clock crosses a process. The server's process only says which messages
 * each frame caused (in the order it encoded them); each client matches the n-th copy of a message
 * it received (by hash) to the n-th frame that caused that message.
 */
export interface LoadParams {
  agents: number;
  queues: number;
  frames: number;
}

export type LoadRequest =
  /** Starts the AMI peer on the scaled snapshot; answers its `ami://` URL. */
  | { op: 'ami' }
  /** Opens the clients (after closing any open ones), subscribed to agent events and queue statistics or not. */
  | { op: 'connect'; urls: string[]; subscribe: boolean }
  /** From now on frames go to this plain TCP port (the bare relay's feed) instead of the AMI client. */
  | { op: 'feed'; port: number }
  /** Forgets what the clients received, then writes frames [from, from + count) at `rate` per second. */
  | { op: 'write'; from: number; count: number; rate: number }
  /** The latencies since the last `write`, once each open client received every one of `caused`, or `waitMs` passed without progress. */
  | { op: 'collect'; caused: Array<[frame: number, text: string]>; waitMs: number }
  | { op: 'close' };

export interface Latency {
  p50: number;
  p99: number;
  max: number;
  messages: number;
}

export interface Collected {
  latency: Latency;
  /** Clients closed by the server so far (slow consumer). */
  closed: number;
  /** CPU time of this process from the first frame written to the last message received. */
  loadCpuMs: number;
}

const percentile = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : NaN);

export function summarize(samples: Float64Array): Latency {
  const sorted = samples.sort();
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), max: round(sorted.at(-1) ?? NaN), messages: sorted.length };
}

/** Calls `write(i)` for i in [0, count) at `rate` per second, catching up after a late timer. */
async function pace(count: number, rate: number, write: (i: number) => void): Promise<void> {
  const started = performance.now();
  let next = 0;
  while (next < count) {
    const due = Math.min(count, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    for (; next < due; next++) write(next);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/**
 * FNV-1a of a message's bytes: what a client keeps of each message instead of the message itself.
 * A million retained Buffers would make this process's garbage collector pause the very clients
 * whose latency is measured.
 */
export function messageHash(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/** One client: the hash and receipt time of each message since the last reset (matched later, off the receiving path). */
class ReceivingClient {
  hashes: number[] = [];
  times: number[] = [];
  closed = false;
  constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.times.push(performance.now());
      this.hashes.push(messageHash(data));
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => {});
  }
  get received(): number {
    return this.hashes.length;
  }
  reset(): void {
    this.hashes = [];
    this.times = [];
  }
  /** Latency of each receipt matched to a write: the n-th copy of a message to its n-th stamp. */
  latencies(stamps: Map<number, number[]>, into: number[]): void {
    const seen = new Map<number, number>();
    for (let i = 0; i < this.hashes.length; i++) {
      const hash = this.hashes[i]!;
      const list = stamps.get(hash);
      if (!list) continue;
      const k = seen.get(hash) ?? 0;
      seen.set(hash, k + 1);
      if (k < list.length) into.push(this.times[i]! - list[k]!);
    }
  }
}

class FanoutLoad {
  private ami: BenchAmiServer | undefined;
  private feed: Socket | undefined;
  private clients: ReceivingClient[] = [];
  private readonly writtenAt: number[] = [];
  private cpuAtWrite = process.cpuUsage();
  private readonly frames: string[];

  constructor(private readonly params: LoadParams) {
    this.frames = buildScaledTrace(params.agents, params.queues, params.frames).frames;
  }

  async handle(request: LoadRequest): Promise<unknown> {
    switch (request.op) {
      case 'ami':
        this.ami = await BenchAmiServer.start(buildScaledSnapshot(this.params.agents, this.params.queues));
        return this.ami.url;
      case 'connect':
        this.terminateClients();
        this.clients = await openClients(request.urls, request.subscribe);
        // The answers to the subscriptions are not part of any measurement: let them arrive first.
        await this.quiet(200);
        return this.clients.length;
      case 'feed':
        this.feed = connect(request.port, '127.0.0.1').setNoDelay(true);
        await once(this.feed, 'connect');
        return true;
      case 'write': {
        for (const c of this.clients) c.reset();
        this.cpuAtWrite = process.cpuUsage();
        const target = this.feed ?? this.ami!;
        await pace(request.count, request.rate, (i) => {
          const frame = request.from + i;
          this.writtenAt[frame] = performance.now();
          target.write(this.frames[frame]!);
        });
        return true;
      }
      case 'collect':
        return this.collect(request.caused, request.waitMs);
      case 'close':
        this.terminateClients();
        this.feed?.destroy();
        await this.ami?.close();
        return true;
    }
  }

  private async collect(caused: Array<[number, string]>, waitMs: number): Promise<Collected> {
    // Every client is subscribed to the same things: each should receive every caused message.
    const received = () => this.clients.reduce((n, c) => n + (c.closed ? caused.length : Math.min(c.received, caused.length)), 0);
    let last = -1;
    for (let stalled = 0; stalled < waitMs; stalled += 50) {
      const now = received();
      if (now === caused.length * this.clients.length) break;
      if (now !== last) (last = now), (stalled = 0);
      await new Promise((r) => setTimeout(r, 50));
    }
    const cpu = process.cpuUsage(this.cpuAtWrite);
    const stamps = new Map<number, number[]>();
    for (const [frame, text] of caused) {
      const at = this.writtenAt[frame];
      if (at === undefined) continue;
      const hash = messageHash(Buffer.from(text));
      let list = stamps.get(hash);
      if (!list) stamps.set(hash, (list = []));
      list.push(at);
    }
    const samples: number[] = [];
    for (const c of this.clients) c.latencies(stamps, samples);
    return {
      latency: summarize(Float64Array.from(samples)),
      closed: this.clients.filter((c) => c.closed).length,
      loadCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    };
  }

  /** Resolves once the clients received nothing for `ms`. */
  private async quiet(ms: number): Promise<void> {
    const received = () => this.clients.reduce((n, c) => n + c.received, 0);
    for (let before = -1; before !== received(); ) {
      before = received();
      await new Promise((r) => setTimeout(r, ms));
    }
  }

  private terminateClients(): void {
    for (const c of this.clients) c.socket.terminate();
    this.clients = [];
  }
}

async function openClients(urls: string[], subscribe: boolean): Promise<ReceivingClient[]> {
  const clients: ReceivingClient[] = [];
  // Connect in batches so the upgrade handshakes do not time out on a loaded machine.
  for (let i = 0; i < urls.length; i += 50) {
    const batch = urls.slice(i, i + 50).map(async (url) => {
      // The load generator trusts the server's UTF-8: checking it would only slow the clients down.
      const socket = new WebSocket(url, { skipUTF8Validation: true, perMessageDeflate: false });
      const client = new ReceivingClient(socket);
      await once(socket, 'open');
      if (subscribe) {
        socket.send(JSON.stringify({ claz: 'web', command: 'subscribeToAgentEvents' }));
        socket.send(JSON.stringify({ claz: 'web', command: 'subscribeToQueueStats' }));
      }
      return client;
    });
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

// Run as the forked load process: requests and answers over the IPC channel, one at a time.
if (process.send && process.argv[2]) {
  const load = new FanoutLoad(JSON.parse(process.argv[2]) as LoadParams);
  let turn = Promise.resolve();
  process.on('message', (message: { id: number; request: LoadRequest }) => {
    turn = turn.then(async () => {
      let answer;
      try {
        answer = { id: message.id, result: await load.handle(message.request) };
      } catch (error) {
        answer = { id: message.id, error: String(error) };
      }
      process.send!(answer, () => message.request.op === 'close' && process.exit(0));
    });
  });
}
