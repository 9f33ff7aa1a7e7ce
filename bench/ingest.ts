import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer, connect, type AddressInfo } from 'node:net';
import type { Transform } from 'node:stream';
import { startScaled, until } from './benchEngine.js';
import { profileClockMicros } from './profileSummary.js';

/**
 * Ingest: the scaled load trace written over TCP as fast as the reader takes it, into AmiLink and
 * the engine (parser, router, actors). Baseline: asterisk-ami-client's own parser
 * (asterisk-ami-events-stream) alone on the same bytes over the same kind of socket.
 */
export interface IngestParams {
  agents: number;
  queues: number;
  maxFrames: number;
  /** Also report the rate over the first frames only: the engine just started, its code not yet optimised by V8. */
  coldFrames?: number;
}

export interface IngestResult {
  agents: number;
  queues: number;
  frames: number;
  bytes: number;
  baselineEventsPerSecond: number;
  engineEventsPerSecond: number;
  ratio: number;
  coldFrames: number;
  /** Events per second over the first `coldFrames` frames. */
  coldEventsPerSecond: number;
  /** Events per second of this process's CPU time (user + system): V8's compiler and GC threads and the AMI writer included. */
  eventsPerCpuSecond: number;
  /** Building the trace, starting the engine and its resync until live (ms). */
  startMs: number;
  /** `engine.stop()` after the run, every actor included (ms). */
  stopMs: number;
}

const AmiEventsStream = createRequire(import.meta.url)('asterisk-ami-events-stream') as new () => Transform;

/** Events per second of the library parser alone, reading `text` from a local TCP socket. */
export async function baselineParser(text: string, frames: number): Promise<number> {
  const server = createServer((socket) => {
    void (async () => {
      for (let at = 0; at < text.length; at += 64 * 1024) {
        if (!socket.write(text.slice(at, at + 64 * 1024))) await once(socket, 'drain');
      }
      socket.end();
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const parser = new AmiEventsStream();
  let events = 0;
  parser.on('amiEvent', () => events++);
  parser.resume();
  const started = performance.now();
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  socket.pipe(parser);
  await once(socket, 'end');
  await until(() => events >= frames, 10_000).catch(() => undefined);
  const seconds = (performance.now() - started) / 1000;
  server.close();
  return events / seconds;
}

const profiling = () => process.execArgv.some((a) => a.startsWith('--cpu-prof'));

export async function runIngest(params: IngestParams): Promise<IngestResult> {
  const starting = performance.now();
  const bench = await startScaled(params.agents, params.queues, params.maxFrames);
  const startMs = Math.round(performance.now() - starting);
  const text = bench.trace.frames.join('');
  const frames = bench.trace.frames.length;
  let stopped = false;
  try {
    const baseline = await baselineParser(text, frames);
    const before = bench.engine.framesProcessed();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const span = profileClockMicros();
    const writing = bench.ami.writeAll(text);
    const coldFrames = Math.min(frames, params.coldFrames ?? frames);
    let coldSeconds = NaN;
    await until(() => {
      const done = bench.engine.framesProcessed() - before;
      if (Number.isNaN(coldSeconds) && done >= coldFrames) coldSeconds = (performance.now() - started) / 1000;
      return done >= frames;
    });
    await writing;
    const engineRate = frames / ((performance.now() - started) / 1000);
    const used = process.cpuUsage(cpu);
    const eventsPerCpuSecond = frames / ((used.user + used.system) / 1e6);
    if (profiling()) process.stderr.write(`ingest: engine phase ${span}-${profileClockMicros()} (profileSummary window)\n`);
    const stopping = performance.now();
    await bench.engine.stop();
    stopped = true;
    const stopMs = Math.round(performance.now() - stopping);
    process.stderr.write(`ingest: engine started and resynced in ${startMs} ms, stopped in ${stopMs} ms\n`);
    return {
      agents: bench.trace.agents, queues: bench.trace.queues, frames, bytes: Buffer.byteLength(text),
      baselineEventsPerSecond: Math.round(baseline), engineEventsPerSecond: Math.round(engineRate), ratio: engineRate / baseline,
      startMs, stopMs, coldFrames, coldEventsPerSecond: Math.round(coldFrames / coldSeconds),
      eventsPerCpuSecond: Math.round(eventsPerCpuSecond),
    };
  } finally {
    if (!stopped) await bench.engine.stop().catch(() => undefined);
    await bench.ami.close();
  }
}
