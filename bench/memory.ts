import { startBenchEngine, until } from './benchEngine.js';
import { churn, churnPass } from './churn.js';
import { memoryAfterGc } from './heapAfterGc.js';
import { buildScaledSnapshot } from './scaledSnapshot.js';
import { buildScaledTrace } from './scaledTrace.js';

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

const MiB = 1024 * 1024;

export async function runMemory(params: MemoryParams): Promise<MemoryResult> {
  const trace = buildScaledTrace(params.agents, params.queues, params.loadFrames);
  const snapshot = buildScaledSnapshot(params.agents, params.queues);
  const load = trace.frames.join('');
  const pass = churnPass(params.passFrames);
  const before = memoryAfterGc();
  const bench = await startBenchEngine({ config: trace.config, snapshot });
  const idle = memoryAfterGc();

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

  // Churn: load-small's calls again and again, with fresh call ids (see churn.ts).
  const run = await churn(bench, pass, trace.agents, trace.queues, { calls: params.churnCalls, maxSeconds: params.churnSeconds });
  // Let the last wrap-ups end (sales wrap-up is 5 s in the trace's configuration).
  await new Promise((r) => setTimeout(r, params.settleMs ?? 6_000));
  const end = memoryAfterGc();
  await bench.ami.close();
  const growth = end.heapUsed - run.afterFirstPass;
  const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    agents: trace.agents, queues: trace.queues,
    heapPerAgentKiB: round((idle.heapUsed - before.heapUsed) / trace.agents / 1024),
    rssPerAgentKiB: round((idle.rss - before.rss) / trace.agents / 1024),
    idleHeapMiB: round(idle.heapUsed / MiB), idleRssMiB: round(idle.rss / MiB),
    loadPeakHeapMiB: round(peakHeap / MiB), loadPeakRssMiB: round(peakRss / MiB),
    churnCalls: run.calls,
    churnHeapGrowthMiB: round(growth / MiB),
    churnHeapGrowthPer1000CallsKiB: round(growth / 1024 / Math.max(1, (run.calls - pass.calls) / 1000)),
  };
}
