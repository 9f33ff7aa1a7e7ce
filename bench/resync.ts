import { createRequire } from 'node:module';
import type { Transform } from 'node:stream';
import { startBenchEngine, until } from './benchEngine.js';
import { buildScaledSnapshot, emptyScaledSnapshot, type SnapshotAction } from './scaledSnapshot.js';
import { buildScaledTrace } from './scaledTrace.js';

/**
 * Resync: the engine runs with nobody logged in; the AMI connection drops and Asterisk now has
 * everyone logged in and in their queues. Figure: time from the server seeing the new Login to
 * every agent actor logged in with its queues and every membership known. Baseline: the library
 * parser alone reading the same snapshot bytes.
 */
export interface ResyncParams {
  agents: number;
  queues: number;
}

export interface ResyncResult {
  agents: number;
  queues: number;
  snapshotItems: number;
  resyncMs: number;
  /** The link's own figure: first snapshot action to the end of the snapshot handlers. */
  linkResyncMs: number;
  baselineParseMs: number;
  ratio: number;
}

const AmiEventsStream = createRequire(import.meta.url)('asterisk-ami-events-stream') as new () => Transform;
const actions: SnapshotAction[] = ['CoreShowChannels', 'QueueStatus', 'QueueSummary', 'Agents', 'Status'];

export async function runResync(params: ResyncParams): Promise<ResyncResult> {
  const trace = buildScaledTrace(params.agents, params.queues, 1);
  const full = buildScaledSnapshot(params.agents, params.queues);
  const bench = await startBenchEngine({ config: trace.config, snapshot: emptyScaledSnapshot() });
  try {
    const agents = trace.config.agents.length;
    // Each agent of load-small is a member of sales and support.
    const expectedMembers = agents * 2;
    bench.ami.snapshot = full;
    const logins = bench.ami.logins;
    bench.ami.dropClients();
    await until(() => bench.ami.logins > logins, 30_000);
    const started = performance.now();
    const matches = () => {
      const states = bench.engine.agentStates();
      return (
        states.length === agents &&
        states.every((s) => s.name !== 'AgentLoggedOut' && s.queues.length === 2) &&
        bench.engine.queueMembers().length >= expectedMembers
      );
    };
    // Checking costs O(agents): once per 5 ms is enough.
    while (!matches()) await new Promise((r) => setTimeout(r, 5));
    const resyncMs = performance.now() - started;

    const text = actions.map((a) => full.answer(a, 'x')).join('');
    const parser = new AmiEventsStream();
    parser.resume();
    const t0 = performance.now();
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; at += 64 * 1024) parser.write(bytes.subarray(at, at + 64 * 1024));
    const baselineParseMs = performance.now() - t0;
    return {
      agents, queues: trace.queues, snapshotItems: Object.values(full.sizes).reduce((a, b) => a + b, 0),
      resyncMs: Math.round(resyncMs), linkResyncMs: bench.link.stats().lastResyncDurationMs ?? NaN,
      baselineParseMs: Math.round(baselineParseMs), ratio: resyncMs / baselineParseMs,
    };
  } finally {
    await bench.ami.close();
  }
}
