import type { CaseResult } from './cases.js';
import type { Latency } from './fanout.js';

/** One row of the results table: a figure, its baseline measured in the same run, their ratio, the goal. */
export interface Row {
  benchmark: string;
  configuration: string;
  figure: string;
  baseline: string;
  ratio: string;
  goal: string;
}

const n = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const r2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');
const latency = (l: Latency) => `${ms(l.p50)} / ${ms(l.p99)} / ${ms(l.max)}`;

/** The table rows of one case's result. */
export function rowsOf(c: CaseResult): Row[] {
  switch (c.kind) {
    case 'ingest': {
      const r = c.result;
      return [{
        benchmark: 'Ingest (AMI events/s)', configuration: `${n(r.agents)} agents, ${n(r.queues)} queues, ${n(r.frames)} frames`,
        figure: `${n(r.engineEventsPerSecond)} ev/s, ${n(r.eventsPerCpuSecond)} per CPU-second (first ${n(r.coldFrames)} frames: ${n(r.coldEventsPerSecond)} ev/s)`, baseline: `${n(r.baselineEventsPerSecond)} ev/s (library parser alone)`,
        ratio: `${r2(r.ratio)} ×`, goal: '≥ 0.8 × and ≥ 50,000 ev/s',
      }];
    }
    case 'fanout':
      return c.result.flatMap((r) => [
        {
          benchmark: 'Fan-out latency p50 / p99 / max', configuration: `${n(r.agents)} agents, ${n(r.clients)} clients, ${n(r.rate)} ev/s${r.dropped ? `, ${r.dropped} dropped` : ''}`,
          figure: `${latency(r.engine)}; CPU server ${n(r.engineCpuMs)} ms, clients ${n(r.engineLoadCpuMs)} ms; server heap ${n(r.engineHeapMiB)} MiB, RSS ${n(r.engineRssMiB)} MiB`,
          baseline: `${latency(r.baseline)}; CPU server ${n(r.baselineCpuMs)} ms, clients ${n(r.baselineLoadCpuMs)} ms (bare ws relay)`,
          ratio: `p99 ${r2(r.engine.p99 / r.baseline.p99)} ×`, goal: r.rate === 2_000 && r.clients >= 1_000 ? 'p99 ≤ 20 ms' : '',
        },
        {
          benchmark: 'Fan-out floor: same messages, batched relay, no engine', configuration: `${n(r.agents)} agents, ${n(r.clients)} clients, ${n(r.rate)} ev/s`,
          figure: `${latency(r.batched)}; CPU server ${n(r.batchedCpuMs)} ms, clients ${n(r.batchedLoadCpuMs)} ms`,
          baseline: 'engine p99 above', ratio: `engine p99 ${r2(r.engine.p99 / r.batched.p99)} × floor`, goal: '',
        },
      ]);
    case 'memory': {
      const r = c.result;
      return [
        {
          benchmark: 'Memory per agent + line (idle, after resync)', configuration: `${n(r.agents)} agents, ${n(r.queues)} queues`,
          figure: `heap ${r2(r.heapPerAgentKiB)} KiB, RSS ${r2(r.rssPerAgentKiB)} KiB`, baseline: 'goal 8 KiB',
          ratio: `${r2(r.heapPerAgentKiB / 8)} × goal`, goal: '≤ 8 KiB',
        },
        {
          benchmark: 'Memory idle → under load (peak)', configuration: `${n(r.agents)} agents, ${n(r.queues)} queues`,
          figure: `heap ${r2(r.idleHeapMiB)} → ${r2(r.loadPeakHeapMiB)} MiB, RSS ${r2(r.idleRssMiB)} → ${r2(r.loadPeakRssMiB)} MiB`,
          baseline: 'idle', ratio: `${r2(r.loadPeakHeapMiB / r.idleHeapMiB)} × heap`, goal: '',
        },
        {
          benchmark: 'Heap growth over call churn', configuration: `${n(r.agents)} agents, ${n(r.churnCalls)} calls`,
          figure: `${r2(r.churnHeapGrowthMiB)} MiB (${r2(r.churnHeapGrowthPer1000CallsKiB)} KiB / 1,000 calls)`,
          baseline: 'heap after the first pass', ratio: '', goal: 'no growth after 100,000 calls',
        },
      ];
    }
    case 'churn': {
      const r = c.result;
      return [{
        benchmark: 'Heap over call churn (after GC, every 10,000 calls)', configuration: `${n(r.agents)} agents, ${n(r.calls)} calls, ${r2(r.framesPerCall)} frames/call, ${n(r.callsPerSecond)} calls/s`,
        figure: r.heapMiB.map((s) => `${r2(s.heapMiB)}`).join(' → ') + ' MiB', baseline: `${r2(r.heapMiB[0]?.heapMiB ?? NaN)} MiB after the first pass`,
        ratio: `${r2(r.growthMiB)} MiB growth, ${r2(r.steadyGrowthMiB)} MiB after the first ${n(r.heapMiB[1]?.calls ?? r.calls)} calls`,
        goal: 'no growth after 100,000 calls',
      }];
    }
    case 'resync': {
      const r = c.result;
      return [{
        benchmark: 'Resync (reconnect → actors match)', configuration: `${n(r.agents)} agents, ${n(r.queues)} queues, ${n(r.snapshotItems)} list items`,
        figure: `${n(r.resyncMs)} ms (link: ${n(r.linkResyncMs)} ms)`, baseline: `${n(r.baselineParseMs)} ms (library parser on the snapshot)`,
        ratio: `${r2(r.ratio)} ×`, goal: '≤ 2,000 ms',
      }];
    }
    case 'stats': {
      const r = c.result;
      return [
        {
          benchmark: 'Statistics reducer (queue_log records/s)', configuration: `${n(r.records)} records, ${n(r.queues)} queues`,
          figure: `${n(r.reducerRecordsPerSecond)} rec/s`, baseline: `${n(r.baselineParsePerSecond)} rec/s (parse alone)`,
          ratio: `${r2(r.ratio)} ×`, goal: '',
        },
        {
          benchmark: 'Statistics publisher coalescing', configuration: `${n(r.records)} records at 50/s, 1 s interval`,
          figure: `${n(r.publisherMessages)} messages`, baseline: `${n(r.records)} records`,
          ratio: `${r2(r.coalescingRatio)} msg/record`, goal: '',
        },
      ];
    }
  }
}

/** A Markdown table of the rows. */
export function markdownTable(rows: readonly Row[]): string {
  const head = ['benchmark', 'configuration', 'figure', 'baseline (same run)', 'ratio', 'goal'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${[r.benchmark, r.configuration, r.figure, r.baseline, r.ratio, r.goal].join(' | ')} |`);
  return lines.join('\n');
}
