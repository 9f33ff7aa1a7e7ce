import { runChurn, type ChurnParams, type ChurnResult } from './churn.js';
import { runFanout, type FanoutParams, type FanoutRow } from './fanout.js';
import { runIngest, type IngestParams, type IngestResult } from './ingest.js';
import { runMemory, type MemoryParams, type MemoryResult } from './memory.js';
import { runResync, type ResyncParams, type ResyncResult } from './resync.js';
import { runStats, type StatsParams, type StatsResult } from './stats.js';

/** Every benchmark case by name, with the parameters of the full run and of the CI smoke run. */
export type CaseResult =
  | { kind: 'ingest'; result: IngestResult }
  | { kind: 'fanout'; result: FanoutRow[] }
  | { kind: 'memory'; result: MemoryResult }
  | { kind: 'churn'; result: ChurnResult }
  | { kind: 'resync'; result: ResyncResult }
  | { kind: 'stats'; result: StatsResult };

export type CaseSpec =
  | { name: string; kind: 'ingest'; params: IngestParams }
  | { name: string; kind: 'fanout'; params: FanoutParams }
  | { name: string; kind: 'memory'; params: MemoryParams }
  | { name: string; kind: 'churn'; params: ChurnParams }
  | { name: string; kind: 'resync'; params: ResyncParams }
  | { name: string; kind: 'stats'; params: StatsParams };

export async function runCase(spec: CaseSpec): Promise<CaseResult> {
  switch (spec.kind) {
    case 'ingest': return { kind: 'ingest', result: await runIngest(spec.params) };
    case 'fanout': return { kind: 'fanout', result: await runFanout(spec.params) };
    case 'memory': return { kind: 'memory', result: await runMemory(spec.params) };
    case 'churn': return { kind: 'churn', result: await runChurn(spec.params) };
    case 'resync': return { kind: 'resync', result: await runResync(spec.params) };
    case 'stats': return { kind: 'stats', result: runStats(spec.params) };
  }
}

/** The full run (`npm run bench`): sized to finish in a few minutes on a small shared machine. */
export const fullCases: CaseSpec[] = [
  // 200,000 frames: a few seconds of work, so the figure is the sustained rate, not V8's warm-up.
  { name: 'ingest-1k', kind: 'ingest', params: { agents: 1_000, queues: 100, maxFrames: 200_000, coldFrames: 20_000 } },
  { name: 'ingest-10k', kind: 'ingest', params: { agents: 10_000, queues: 1_000, maxFrames: 200_000, coldFrames: 20_000 } },
  { name: 'fanout-100', kind: 'fanout', params: { agents: 1_000, queues: 100, clients: 100, rates: [50, 500, 2_000, 5_000], seconds: 2, warmUpFrames: 2_000 } },
  { name: 'fanout-1000', kind: 'fanout', params: { agents: 1_000, queues: 100, clients: 1_000, rates: [50, 500, 2_000, 5_000], seconds: 2, warmUpFrames: 2_000 } },
  // Sizing: 2,000 agents and 100 supervisors, at a busy hour (a call per agent every 4 minutes is
  // about 500 events/s: load-small costs 61 frames per call) and at load-small's own intensity
  // (a call per agent every 12 s: 24,000 events/s).
  { name: 'sizing-2k', kind: 'fanout', params: { agents: 2_000, queues: 200, clients: 100, rates: [500, 2_000, 24_000], seconds: 3, warmUpFrames: 2_000 } },
  { name: 'memory-1k', kind: 'memory', params: { agents: 1_000, queues: 100, loadFrames: 10_000, churnCalls: 100_000, churnSeconds: 30 } },
  { name: 'memory-10k', kind: 'memory', params: { agents: 10_000, queues: 1_000, loadFrames: 10_000, churnCalls: 100_000, churnSeconds: 20 } },
  { name: 'resync-1k', kind: 'resync', params: { agents: 1_000, queues: 100 } },
  { name: 'stats', kind: 'stats', params: { records: 200_000, queues: 100, recordsPerSecond: 50 } },
];

/** Cases of many minutes, run only when named (`npm run bench -- --only churn-100k`). */
export const longCases: CaseSpec[] = [
  // About 6,100,000 frames: 23 minutes on this 2-core machine shared with other runs (load 7–9).
  { name: 'churn-100k', kind: 'churn', params: { agents: 1_000, queues: 100, calls: 100_000, maxSeconds: 3_600 } },
];

/** The CI smoke run: every case in a tiny configuration (seconds). */
export const smokeCases: CaseSpec[] = [
  { name: 'ingest', kind: 'ingest', params: { agents: 10, queues: 2, maxFrames: 300 } },
  { name: 'fanout', kind: 'fanout', params: { agents: 10, queues: 2, clients: 2, rates: [500], seconds: 0.2, warmUpFrames: 20 } },
  { name: 'memory', kind: 'memory', params: { agents: 10, queues: 2, loadFrames: 200, churnCalls: 1, churnSeconds: 0, passFrames: 300, settleMs: 0 } },
  { name: 'churn', kind: 'churn', params: { agents: 10, queues: 2, calls: 1, maxSeconds: 0, passFrames: 300 } },
  { name: 'resync', kind: 'resync', params: { agents: 10, queues: 2 } },
  { name: 'stats', kind: 'stats', params: { records: 2_000, queues: 2, recordsPerSecond: 50 } },
];
