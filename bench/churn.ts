import type { BenchEngine } from './benchEngine.js';
import { startBenchEngine, until } from './benchEngine.js';
import { memoryAfterGc } from './heapAfterGc.js';
import { buildScaledSnapshot } from './scaledSnapshot.js';
import { buildScaledTrace, compileFrame, loadSmallLiveEvents, type Renderer } from './scaledTrace.js';

/**
 * Call churn: load-small's calls (queue calls answered, talked, hung up, wrap-up) taken again and
 * again by the same agents, each pass with fresh channel names and uniqueids, fed as fast as the
 * engine takes them. Only the frames a call needs are sent: frames the engine drops anyway (CEL,
 * DialState, VarSets other than call data and QUEUESTATUS, Newexten other than Queue(), device
 * states of non-agent devices) would only slow the run. The heap is sampled after a full GC every
 * `reportEvery` calls, so growth shows as a rising series.
 */
export interface ChurnParams {
  agents: number;
  queues: number;
  /** Calls to run; stops earlier at `maxSeconds`. */
  calls: number;
  maxSeconds: number;
  /** Heap sample every so many calls (default 10,000). */
  reportEvery?: number;
  /** Keep only the first frames of each pass (smoke runs). */
  passFrames?: number;
}

export interface ChurnSample {
  calls: number;
  heapMiB: number;
}

export interface ChurnResult {
  agents: number;
  queues: number;
  calls: number;
  seconds: number;
  framesPerCall: number;
  callsPerSecond: number;
  /** Heap after a full GC: after the first pass, then every `reportEvery` calls, then at the end. */
  heapMiB: ChurnSample[];
  /** Last sample minus the first (MiB). */
  growthMiB: number;
  /**
   * Last sample minus the one after the first `reportEvery` calls (MiB): by then compiled code,
   * bounded histories (recent hold times) and lookup tables have their size; ~0 means no leak.
   */
  steadyGrowthMiB: number;
}

/** One pass of churn: the call frames of load-small, as renderers for a copy and a fresh call id. */
export interface ChurnPass {
  render: Renderer[];
  calls: number;
}

/** Frames the router turns into nothing: leaving them out changes no state, only the run time. */
const IDLE_FRAME = /^Event: (CEL|DialState|HangupRequest|SoftHangupRequest)\r\n/;
const KEPT_VARIABLE = /\r\nVariable: _{0,2}(USR_|XIVO_|QUEUESTATUS\r\n)/;
const QUEUE_APP = /\r\nApplication: Queue\r\n/;
const AGENT_DEVICE = /\r\nDevice: Agent:/;

function callNeeds(frame: string): boolean {
  if (IDLE_FRAME.test(frame)) return false;
  if (frame.startsWith('Event: VarSet\r\n')) return KEPT_VARIABLE.test(frame);
  if (frame.startsWith('Event: Newexten\r\n')) return QUEUE_APP.test(frame);
  if (frame.startsWith('Event: DeviceStateChange\r\n')) return AGENT_DEVICE.test(frame);
  return true;
}

/** load-small's traffic from its first call on, keeping only the frames a call needs. */
export function churnPass(limit = Infinity): ChurnPass {
  const live = loadSmallLiveEvents();
  const first = live.findIndex((f) => f.frame.startsWith('Event: QueueCallerJoin'));
  const frames = live.slice(first).filter((f) => callNeeds(f.frame)).slice(0, limit);
  const calls = frames.filter((f) => f.frame.startsWith('Event: QueueCallerJoin')).length;
  return { render: frames.map((f) => compileFrame(f.frame)), calls };
}

export interface ChurnRun {
  calls: number;
  /** Heap used (bytes, after a full GC) once the first pass is done. */
  afterFirstPass: number;
  samples: ChurnSample[];
}

/**
 * Replays `pass` on a resynced engine of `agents` agents (10 per copy of load-small) until `calls`
 * calls or `maxSeconds`, at least one pass. Pass k goes to copy k mod copies with call ids of its own.
 */
export async function churn(bench: BenchEngine, pass: ChurnPass, agents: number, queues: number, options: { calls: number; maxSeconds: number; reportEvery?: number }): Promise<ChurnRun> {
  const copies = Math.max(1, Math.round(agents / 10));
  const half = Math.max(1, Math.floor(queues / 2));
  const reportEvery = options.reportEvery ?? Infinity;
  const started = performance.now();
  const run: ChurnRun = { calls: 0, afterFirstPass: 0, samples: [] };
  let sent = bench.engine.framesProcessed();
  let nextReport = reportEvery;
  for (let block = 0; block === 0 || (run.calls < options.calls && performance.now() - started < options.maxSeconds * 1000); block++) {
    const copy = block % copies;
    const text = pass.render.map((r) => r(copy, (q) => `${q}_${copy % half}`, copies + block + 1)).join('');
    await bench.ami.writeAll(text);
    sent += pass.render.length;
    await until(() => bench.engine.framesProcessed() >= sent, 300_000);
    run.calls += pass.calls;
    if (block === 0) {
      run.afterFirstPass = memoryAfterGc().heapUsed;
      run.samples.push({ calls: run.calls, heapMiB: run.afterFirstPass / MiB });
    } else if (run.calls >= nextReport) {
      run.samples.push({ calls: run.calls, heapMiB: memoryAfterGc().heapUsed / MiB });
      nextReport += reportEvery;
    }
  }
  return run;
}

const MiB = 1024 * 1024;
const round = (x: number) => Math.round(x * 100) / 100;

export async function runChurn(params: ChurnParams): Promise<ChurnResult> {
  const trace = buildScaledTrace(params.agents, params.queues, 0);
  const pass = churnPass(params.passFrames);
  const bench = await startBenchEngine({ config: trace.config, snapshot: buildScaledSnapshot(params.agents, params.queues) });
  const started = performance.now();
  const run = await churn(bench, pass, trace.agents, trace.queues, {
    calls: params.calls, maxSeconds: params.maxSeconds, reportEvery: params.reportEvery ?? 10_000,
  });
  const seconds = (performance.now() - started) / 1000;
  const last = run.samples.at(-1);
  if (last?.calls !== run.calls) run.samples.push({ calls: run.calls, heapMiB: memoryAfterGc().heapUsed / MiB });
  await bench.ami.close();
  const heapMiB = run.samples.map((s) => ({ calls: s.calls, heapMiB: round(s.heapMiB) }));
  return {
    agents: trace.agents, queues: trace.queues, calls: run.calls, seconds: round(seconds),
    framesPerCall: round(pass.render.length / Math.max(1, pass.calls)),
    callsPerSecond: round(run.calls / seconds),
    heapMiB,
    growthMiB: round(heapMiB.at(-1)!.heapMiB - heapMiB[0]!.heapMiB),
    steadyGrowthMiB: round(heapMiB.at(-1)!.heapMiB - (heapMiB[1] ?? heapMiB[0]!).heapMiB),
  };
}
