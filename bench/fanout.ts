import { once } from 'node:events';
import WebSocket, { WebSocketServer } from 'ws';
import { loadConfig } from '../src/config.js';
import { encodeMessage } from '../src/transport/ws/wireCodec.js';
import { startServer } from '../src/transport/server.js';
import { startScaled, until } from './benchEngine.js';

/**
 * Fan-out latency: `clients` real `ws` clients (admins, authenticated by token) subscribed to all
 * agent events and queue statistics; AMI frames of the scaled trace written at fixed rates; latency
 * from the frame's write to each client's receipt of each message it caused. Baseline: the same
 * number of clients fed by a bare `ws` server relaying the same messages at the same moments.
 */
export interface FanoutParams {
  agents: number;
  queues: number;
  clients: number;
  rates: number[];
  seconds: number;
}

export interface Latency {
  p50: number;
  p99: number;
  max: number;
  messages: number;
}

export interface FanoutRow {
  clients: number;
  rate: number;
  engine: Latency;
  baseline: Latency;
  /** Clients closed by the server during the run (slow consumer). */
  dropped: number;
}

const percentile = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN);

function summarize(samples: number[]): Latency {
  const sorted = Float64Array.from(samples).sort();
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), max: round(sorted.at(-1) ?? NaN), messages: samples.length };
}

/** Writes `frames` at `rate` per second; `onWrite(i, at)` records each frame's write time. */
async function pace(frames: string[], rate: number, write: (i: number) => void): Promise<void> {
  const started = performance.now();
  let next = 0;
  while (next < frames.length) {
    const due = Math.min(frames.length, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    for (; next < due; next++) write(next);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** One client's measurements: latency of each message it could match to the frame that caused it. */
class LatencyClient {
  samples: number[] = [];
  closed = false;
  private seen = new Map<string, number>();
  constructor(readonly socket: WebSocket, stampsOf: (text: string) => number[] | undefined) {
    socket.on('message', (data) => {
      const at = performance.now();
      const text = String(data);
      const stamps = stampsOf(text);
      if (!stamps) return;
      const k = this.seen.get(text) ?? 0;
      this.seen.set(text, k + 1);
      if (k < stamps.length) this.samples.push(at - stamps[k]!);
    });
    socket.on('close', () => (this.closed = true));
  }
  reset(): void {
    this.samples = [];
  }
}

async function openClients(urls: string[], stampsOf: (text: string) => number[] | undefined, subscribe: boolean): Promise<LatencyClient[]> {
  const clients: LatencyClient[] = [];
  // Connect in batches so the upgrade handshakes do not time out on a loaded machine.
  for (let i = 0; i < urls.length; i += 50) {
    const batch = urls.slice(i, i + 50).map(async (url) => {
      const socket = new WebSocket(url);
      const client = new LatencyClient(socket, stampsOf);
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

export async function runFanout(params: FanoutParams): Promise<FanoutRow[]> {
  const framesNeeded = params.rates.reduce((n, r) => n + Math.ceil(r * params.seconds), 0);
  const bench = await startScaled(params.agents, params.queues, framesNeeded, params.clients);
  // Stamp each encoded message with the write time of the AMI frame being processed when it was encoded.
  const writtenAt: number[] = [];
  let processing = -1;
  const stamps = new Map<string, number[]>();
  // Registered after the engine's router: counts the frame after it was routed; encodes happen during routing,
  // so they belong to frame `processing + 1`.
  bench.link.onEvent(() => processing++);
  const recorded: Array<{ frame: number; text: string }> = [];
  const encode = (msgType: string, payload: unknown) => {
    const text = encodeMessage(msgType, payload);
    const frame = processing + 1;
    const at = writtenAt[frame];
    if (at !== undefined) {
      let list = stamps.get(text);
      if (!list) stamps.set(text, (list = []));
      list.push(at);
      recorded.push({ frame, text });
    }
    return text;
  };
  const config = loadConfig({}, { http: { port: 0, host: '127.0.0.1' } });
  const server = await startServer({ config, engine: bench.engine, configStore: bench.store, encode });
  const users = bench.store.current().users.slice(0, params.clients);
  const urls = users.map((u) => `ws://127.0.0.1:${server.port}/xuc/api/2.0/cti?token=${server.tokens.issue(u).token}`);
  const clients = await openClients(urls, (t) => stamps.get(t), true);
  await new Promise((r) => setTimeout(r, 200));

  const rows: FanoutRow[] = [];
  const slices: Array<{ rate: number; from: number; frames: string[] }> = [];
  let offset = 0;
  const base = bench.engine.framesProcessed();
  for (const rate of params.rates) {
    const frames = bench.trace.frames.slice(offset, offset + Math.ceil(rate * params.seconds));
    for (const c of clients) c.reset();
    // Frame indexes count from the first live frame the link delivers after `processing` was -1.
    await pace(frames, rate, (i) => {
      writtenAt[offset + i] = performance.now();
      bench.ami.write(frames[i]!);
    });
    await until(() => bench.engine.framesProcessed() - base >= offset + frames.length, 60_000);
    await new Promise((r) => setTimeout(r, 300));
    rows.push({
      clients: params.clients, rate,
      engine: summarize(clients.flatMap((c) => c.samples)),
      baseline: { p50: NaN, p99: NaN, max: NaN, messages: 0 },
      dropped: clients.filter((c) => c.closed).length,
    });
    slices.push({ rate, from: offset, frames });
    offset += frames.length;
  }
  for (const c of clients) c.socket.terminate();
  await server.close();
  await bench.ami.close();

  // Baseline: a bare ws server sends, at each frame's paced moment, the messages that frame caused.
  const byFrame = new Map<number, string[]>();
  for (const { frame, text } of recorded) {
    const list = byFrame.get(frame);
    if (list) list.push(text);
    else byFrame.set(frame, [text]);
  }
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(wss, 'listening');
  const port = (wss.address() as { port: number }).port;
  const sent = new Map<string, number[]>();
  const bare = await openClients(Array.from({ length: params.clients }, () => `ws://127.0.0.1:${port}/`), (t) => sent.get(t), false);
  for (const [i, slice] of slices.entries()) {
    for (const c of bare) c.reset();
    await pace(slice.frames, slice.rate, (k) => {
      const at = performance.now();
      for (const text of byFrame.get(slice.from + k) ?? []) {
        let list = sent.get(text);
        if (!list) sent.set(text, (list = []));
        list.push(at);
        for (const ws of wss.clients) ws.send(text);
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    rows[i]!.baseline = summarize(bare.flatMap((c) => c.samples));
  }
  for (const c of bare) c.socket.terminate();
  wss.close();
  return rows;
}
