import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/transport/server.js';
import { textFrame } from '../src/transport/ws/textFrame.js';
import { encodeMessage } from '../src/transport/ws/wireCodec.js';
import { connectBenchEngine } from './benchEngine.js';
import { profileClockMicros } from './profileSummary.js';
import type { Collected, Latency, LoadParams, LoadRequest } from './fanoutLoad.js';
import { buildScaledTrace } from './scaledTrace.js';

export type { Latency } from './fanoutLoad.js';

/**
 * Fan-out latency: `clients` real `ws` clients (admins, authenticated by token) subscribed to all
 * agent events and queue statistics; AMI frames of the scaled trace written at fixed rates; latency
 * from the frame's write to each client's receipt of each message it caused. Baseline: the same
 * number of clients fed by a bare `ws` server that reads the same frames from TCP and relays, for
 * each, the messages it caused in the engine run; and the same with a relay that batches its
 * writes as the engine's server does (the floor under the engine's figure on this machine). The AMI peer and the clients run in another
 * process (`bench/fanoutLoad.ts`), so this process, the server's, has a core of its own.
 */
export interface FanoutParams {
  agents: number;
  queues: number;
  clients: number;
  rates: number[];
  seconds: number;
  /** Frames written to each server at the highest rate before the measured ones, so its code is optimised by V8 first. */
  warmUpFrames?: number;
}

export interface FanoutRow {
  agents: number;
  clients: number;
  rate: number;
  engine: Latency;
  baseline: Latency;
  /**
   * The same messages through the cheapest server this machine allows: encoded once, one write per
   * client per batch of frames read, no engine. What is left of the latency is the transport's and
   * the clients' own cost here: the floor under the engine's figure.
   */
  batched: Latency;
  batchedCpuMs: number;
  batchedLoadCpuMs: number;
  /** CPU time (user + system) of the server's process while the rate's frames were written and delivered. */
  engineCpuMs: number;
  baselineCpuMs: number;
  /** CPU time of the load process (AMI writer and clients) meanwhile. */
  engineLoadCpuMs: number;
  baselineLoadCpuMs: number;
  /** Clients closed by the server during the run (slow consumer). */
  dropped: number;
  /** The engine's process after the rate: heap used and resident set (MiB). */
  engineHeapMiB: number;
  engineRssMiB: number;
}

/** What the clients saw at one rate; the server process's CPU time and memory at its end. */
type Measured = Collected & { cpuMs: number; heapMiB: number; rssMiB: number };

type Caused = Array<[frame: number, text: string]>;
interface Slice {
  rate: number;
  from: number;
  count: number;
}

const loadScript = fileURLToPath(new URL('./fanoutLoad.ts', import.meta.url));
/** How long the clients may stay without receiving anything before a rate's figures are taken. */
const DRAIN_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `done()`; polls on a timer, not on every turn, so the wait does not take the server's CPU. */
async function settle(done: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await sleep(10);
  }
}

/** The load process, asked one thing at a time over its IPC channel. */
class LoadProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();

  constructor(params: LoadParams, private readonly child: ChildProcess = fork(loadScript, [JSON.stringify(params)], {
    // Not profiled with the server: `--cpu-prof` stays on the server's process.
    execArgv: ['--import', 'tsx', '--max-old-space-size=4096', ...(process.env.LOADPROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/loadprof'] : [])],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })) {
    child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(`load process: ${m.error}`));
      else w?.resolve(m.result);
    });
    child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`load process exited with ${code}`));
      this.waiting.clear();
    });
  }

  ask<T>(request: LoadRequest): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, request });
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    await this.ask({ op: 'close' }).catch(() => {});
    await exited;
  }
}

/**
 * One rate: the load process writes the slice's frames, the server takes them (`taken` counts
 * frames), then the clients report once they received every message `caused` lists.
 */
async function measureRate(load: LoadProcess, slice: Slice, taken: () => number, caused: Caused): Promise<Measured> {
  const cpu = process.cpuUsage();
  await load.ask({ op: 'write', from: slice.from, count: slice.count, rate: slice.rate });
  await settle(() => taken() >= slice.from + slice.count);
  const got = await load.ask<Collected>({ op: 'collect', caused, waitMs: DRAIN_MS });
  const used = process.cpuUsage(cpu);
  const memory = process.memoryUsage();
  return { ...got, cpuMs: Math.round((used.user + used.system) / 1000), heapMiB: Math.round(memory.heapUsed / 2 ** 20), rssMiB: Math.round(memory.rss / 2 ** 20) };
}

const profiling = () => process.execArgv.some((a) => a.startsWith('--cpu-prof'));

/** The frames of each rate, after the warm-up slice (the first, not reported) if any. */
function slicesOf(params: FanoutParams): Slice[] {
  let from = 0;
  const slice = (rate: number, count: number) => ((from += count), { rate, from: from - count, count });
  const warmUp = params.warmUpFrames ? [slice(Math.max(...params.rates), params.warmUpFrames)] : [];
  return [...warmUp, ...params.rates.map((rate) => slice(rate, Math.ceil(rate * params.seconds)))];
}

export async function runFanout(params: FanoutParams): Promise<FanoutRow[]> {
  const slices = slicesOf(params);
  const last = slices.at(-1)!;
  const load = new LoadProcess({ agents: params.agents, queues: params.queues, frames: last.from + last.count });
  try {
    const caused = await measureEngine(load, params, slices);
    const baseline = await measureRelay(load, params.clients, slices, caused.map((c) => c.caused), 'bare');
    const batched = await measureRelay(load, params.clients, slices, caused.map((c) => c.caused), 'batched');
    const warmedUp = params.warmUpFrames ? 1 : 0;
    return slices.slice(warmedUp).map((slice, j) => {
      const [engine, bare, batch] = [caused[j + warmedUp]!.got, baseline[j + warmedUp]!, batched[j + warmedUp]!];
      return {
        agents: params.agents, clients: params.clients, rate: slice.rate,
        engine: engine.latency, baseline: bare.latency, batched: batch.latency,
        engineCpuMs: engine.cpuMs, baselineCpuMs: bare.cpuMs, batchedCpuMs: batch.cpuMs,
        engineLoadCpuMs: engine.loadCpuMs, baselineLoadCpuMs: bare.loadCpuMs, batchedLoadCpuMs: batch.loadCpuMs,
        dropped: engine.closed, engineHeapMiB: engine.heapMiB, engineRssMiB: engine.rssMiB,
      };
    });
  } finally {
    await load.close();
  }
}

/** The engine and the server: each rate's frames, what they caused, and the latencies the clients saw. */
async function measureEngine(load: LoadProcess, params: FanoutParams, slices: Slice[]): Promise<Array<{ caused: Caused; got: Measured }>> {
  const amiUrl = await load.ask<string>({ op: 'ami' });
  const bench = await connectBenchEngine(amiUrl, buildScaledTrace(params.agents, params.queues, 0).config, params.clients);
  // Each message encoded while a rate's frames are routed is attributed to the frame being routed.
  // This listener runs after the engine's router: it counts a frame once routed, so the encodes
  // seen meanwhile belong to frame `routed` (frame 0 being the first live frame).
  let routed = 0;
  bench.link.onEvent(() => routed++);
  let recording: Caused | undefined;
  const encode = (msgType: string, payload: unknown) => {
    const text = encodeMessage(msgType, payload);
    recording?.push([routed, text]);
    return text;
  };
  // The clients only listen: no idle timeout (real clients ping; these would be closed after 30 s).
  const config = loadConfig({}, { http: { port: 0, host: '127.0.0.1' }, ws: { idleTimeoutMs: 3_600_000 } });
  const server = await startServer({ config, engine: bench.engine, configStore: bench.store, encode });
  try {
    const users = bench.store.current().users.slice(0, params.clients);
    const urls = users.map((u) => `ws://127.0.0.1:${server.port}/xuc/api/2.0/cti?token=${server.tokens.issue(u).token}`);
    await load.ask({ op: 'connect', urls, subscribe: true });
    const out: Array<{ caused: Caused; got: Measured }> = [];
    const span = profileClockMicros();
    for (const slice of slices) {
      const caused: Caused = (recording = []);
      // Filled while the frames are routed, before the clients are asked what they received.
      const got = await measureRate(load, slice, () => routed, caused);
      recording = undefined;
      out.push({ caused, got });
    }
    if (profiling()) process.stderr.write(`fanout: engine phase ${span}-${profileClockMicros()} (profileSummary window)\n`);
    await load.ask({ op: 'connect', urls: [], subscribe: false });
    return out;
  } finally {
    await server.close({ graceMs: 0 });
  }
}

/**
 * The baselines: a `ws` server with the same number of clients reads the same frames from a plain
 * TCP feed and sends each frame's messages (as the engine run caused them) to every client.
 * - `bare`: `ws.send` of each message to each client, as a naive server would;
 * - `batched`: each message encoded once into a WebSocket frame, and the frames of everything read
 *   in one turn written to each client's connection at once, as the engine's server does, with no
 *   engine and no per-client work at all.
 */
async function measureRelay(load: LoadProcess, clients: number, slices: Slice[], caused: Caused[], kind: 'bare' | 'batched'): Promise<Measured[]> {
  const byFrame = new Map<number, string[]>();
  for (const [frame, text] of caused.flat()) {
    const list = byFrame.get(frame);
    if (list) list.push(text);
    else byFrame.set(frame, [text]);
  }
  // Each message's WebSocket frame, built once before the feed starts (only the batched relay writes frames itself).
  const frameBytes = new Map(kind === 'batched' ? [...new Set(caused.flat().map(([, text]) => text))].map((text) => [text, textFrame(text)]) : []);
  const wss = new WebSocketServer({ noServer: true });
  const connections: Duplex[] = [];
  const http = createHttpServer();
  http.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => {
    wss.emit('connection', ws, req);
    connections.push(socket);
  }));
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  let relayed = 0;
  const feed: Server = createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const turn: Buffer[] = [];
      for (let end = buffer.indexOf('\r\n\r\n'); end >= 0; end = buffer.indexOf('\r\n\r\n')) {
        buffer = buffer.slice(end + 4);
        for (const text of byFrame.get(relayed) ?? []) {
          if (kind === 'batched') turn.push(frameBytes.get(text)!);
          else for (const ws of wss.clients) ws.send(text);
        }
        relayed++;
      }
      if (turn.length === 0) return;
      const bytes = Buffer.concat(turn);
      for (const connection of connections) connection.write(bytes);
    });
  });
  feed.listen(0, '127.0.0.1');
  await once(feed, 'listening');
  try {
    const port = (http.address() as AddressInfo).port;
    await load.ask({ op: 'connect', urls: Array.from({ length: clients }, () => `ws://127.0.0.1:${port}/`), subscribe: false });
    await load.ask({ op: 'feed', port: (feed.address() as AddressInfo).port });
    const out: Measured[] = [];
    for (const [i, slice] of slices.entries()) out.push(await measureRate(load, slice, () => relayed, caused[i]!));
    await load.ask({ op: 'connect', urls: [], subscribe: false });
    return out;
  } finally {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    http.close();
    feed.close();
  }
}
