import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildScaledSnapshot } from './scaledSnapshot.js';
import { compileFrame, loadSmallLiveEvents, buildScaledTrace } from './scaledTrace.js';
import { startBenchEngine, until } from './benchEngine.js';

/**
 * Memory: heap and RSS of the engine after the resync of a scaled contact center with everyone
 * logged in (idle), the peak while the load trace runs, and the heap growth over create/hang-up
 * churn (load-small's call frames replayed by the same agents with fresh channel and call ids).
 * Heap figures are after a full GC; per-agent figures divide the growth since before the engine.
 */
export interface MemoryParams {
  agents: number;
  queues: number;
  loadFrames: number;
  /** Calls of churn to aim for; stops earlier at `churnSeconds`. */
  churnCalls: number;
  churnSeconds: number;
  /** Keep only the first frames of each churn pass (smoke runs). */
  passFrames?: number;
  /** Wait after the churn for wrap-up timers to end (default 6 s). */
  settleMs?: number;
}

export interface MemoryResult {
  agents: number;
  queues: number;
  /** Heap / RSS growth after resync, per agent with its line (KiB). */
  heapPerAgentKiB: number;
  rssPerAgentKiB: number;
  idleHeapMiB: number;
  idleRssMiB: number;
  loadPeakHeapMiB: number;
  loadPeakRssMiB: number;
  churnCalls: number;
  /** Heap after GC once the churn ends minus after its first pass (MiB); ~0 means no growth. */
  churnHeapGrowthMiB: number;
  churnHeapGrowthPer1000CallsKiB: number;
}

let gcFn: (() => void) | undefined;
/** A full GC, even when node was started without --expose-gc. */
export function fullGc(): void {
  if (!gcFn) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
  gcFn();
}

const MiB = 1024 * 1024;
const heap = () => (fullGc(), process.memoryUsage());

/** load-small's traffic (first call onwards), without VarSet/Newexten (the router drops them anyway). */
function churnPass(limit = Infinity): { render: Array<ReturnType<typeof compileFrame>>; calls: number } {
  const live = loadSmallLiveEvents();
  const first = live.findIndex((f) => f.frame.startsWith('Event: QueueCallerJoin'));
  const frames = live.slice(first).filter((f) => !/^Event: (VarSet|Newexten)\r\n/.test(f.frame)).slice(0, limit);
  const calls = frames.filter((f) => f.frame.startsWith('Event: QueueCallerJoin')).length;
  return { render: frames.map((f) => compileFrame(f.frame)), calls };
}

export async function runMemory(params: MemoryParams): Promise<MemoryResult> {
  const trace = buildScaledTrace(params.agents, params.queues, params.loadFrames);
  const snapshot = buildScaledSnapshot(params.agents, params.queues);
  const load = trace.frames.join('');
  const pass = churnPass(params.passFrames);
  const before = heap();
  const bench = await startBenchEngine({ config: trace.config, snapshot });
  const idle = heap();

  // Under load: sample while the trace goes through.
  let peakHeap = idle.heapUsed;
  let peakRss = idle.rss;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 20);
  const base = bench.engine.framesProcessed();
  await bench.ami.writeAll(load);
  await until(() => bench.engine.framesProcessed() - base >= trace.frames.length);
  clearInterval(sampler);

  // Churn: the first 10 agents take load-small's calls again and again, with fresh call ids.
  const copies = trace.agents / 10;
  const half = trace.queues / 2;
  const started = performance.now();
  let calls = 0;
  let afterFirst = 0;
  let sent = bench.engine.framesProcessed();
  for (let block = 0; block === 0 || (calls < params.churnCalls && performance.now() - started < params.churnSeconds * 1000); block++) {
    const copy = block % copies;
    const text = pass.render.map((r) => r(copy, (q) => `${q}_${copy % half}`, copies + block + 1)).join('');
    await bench.ami.writeAll(text);
    sent += pass.render.length;
    await until(() => bench.engine.framesProcessed() >= sent, 300_000);
    calls += pass.calls;
    if (block === 0) afterFirst = heap().heapUsed;
  }
  // Let the last wrap-ups end (sales wrap-up is 5 s in the trace's configuration).
  await new Promise((r) => setTimeout(r, params.settleMs ?? 6_000));
  const end = heap();
  await bench.ami.close();
  const growth = end.heapUsed - afterFirst;
  const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    agents: trace.agents, queues: trace.queues,
    heapPerAgentKiB: round((idle.heapUsed - before.heapUsed) / trace.agents / 1024),
    rssPerAgentKiB: round((idle.rss - before.rss) / trace.agents / 1024),
    idleHeapMiB: round(idle.heapUsed / MiB), idleRssMiB: round(idle.rss / MiB),
    loadPeakHeapMiB: round(peakHeap / MiB), loadPeakRssMiB: round(peakRss / MiB),
    churnCalls: calls,
    churnHeapGrowthMiB: round(growth / MiB),
    churnHeapGrowthPer1000CallsKiB: round(growth / 1024 / Math.max(1, (calls - pass.calls) / 1000)),
  };
}
