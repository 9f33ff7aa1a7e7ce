import { createEngine, type Engine } from '../src/actors/engine.js';
import { MemoryConfigStore } from '../src/auth/memoryConfigStore.js';
import { hashPassword } from '../src/auth/passwords.js';
import { parseAmiUrl } from '../src/config.js';
import { systemClock } from '../src/domain/clock.js';
import type { ContactCenterConfig } from '../src/domain/contactCenterConfig.js';
import { silentLogger } from '../src/log.js';
import { AmiLink } from '../src/transport/ami/amiLink.js';
import { BenchAmiServer } from './benchAmiServer.js';
import { buildScaledSnapshot, type ScaledSnapshot } from './scaledSnapshot.js';
import { buildScaledTrace, type ScaledTrace } from './scaledTrace.js';

/** The engine under benchmark: real AmiLink over TCP to a BenchAmiServer, system clock, no inspection. */
export interface BenchEngine {
  ami: BenchAmiServer;
  link: AmiLink;
  engine: Engine;
  store: MemoryConfigStore;
  stop(): Promise<void>;
}

export const BENCH_PASSWORD = 'bench';
let benchHash: Promise<string> | undefined;

/** Adds `count` admin users (`bench1`…) sharing one precomputed password hash (scrypt is slow). */
export async function withBenchUsers(config: ContactCenterConfig, count: number): Promise<ContactCenterConfig> {
  const password = await (benchHash ??= hashPassword(BENCH_PASSWORD));
  const users = Array.from({ length: count }, (_, i) => ({
    id: i + 1, username: `bench${i + 1}`, password, firstName: 'Bench', lastName: String(i + 1), mobileNumber: '',
    rights: 'admin' as const, supervises: { groups: [], queues: [] },
  }));
  return { ...config, users };
}

/** Resolves when the link reaches `live` (resync done, events flowing). */
export function untilLive(link: AmiLink): Promise<void> {
  if (link.state() === 'live') return Promise.resolve();
  return new Promise((resolve) => {
    const off = link.onStateChange((state) => {
      if (state === 'live') off(), resolve();
    });
  });
}

export interface BenchEngineOptions {
  config: ContactCenterConfig;
  snapshot: ScaledSnapshot;
  users?: number;
}

/** Starts the AMI server, the link and the engine, and waits until the link is live. */
export async function startBenchEngine(options: BenchEngineOptions): Promise<BenchEngine> {
  const ami = await BenchAmiServer.start(options.snapshot);
  const { link, engine, store } = await connectBenchEngine(ami.url, options.config, options.users);
  return {
    ami, link, engine, store,
    async stop() {
      await engine.stop();
      await ami.close();
    },
  };
}

/** The link and the engine on the AMI server at `amiUrl` (which may run in another process), once live. */
export async function connectBenchEngine(amiUrl: string, config: ContactCenterConfig, users = 0): Promise<Pick<BenchEngine, 'link' | 'engine' | 'store'>> {
  const store = await MemoryConfigStore.create(await withBenchUsers(config, users));
  const link = new AmiLink({
    endpoint: parseAmiUrl(amiUrl),
    clock: systemClock,
    logger: silentLogger,
    random: () => 0,
    settings: { pingIntervalMs: 3_600_000, pingTimeoutMs: 3_600_000, actionTimeoutMs: 60_000, backoffInitialMs: 1, backoffMaxMs: 100 },
  });
  const engine = createEngine({ configStore: store, ami: link, clock: systemClock, logger: silentLogger });
  engine.start();
  await untilLive(link);
  return { link, engine, store };
}

/** A scaled trace, its snapshot, and an engine resynced on it. */
export async function startScaled(agents: number, queues: number, maxFrames: number, users = 0): Promise<BenchEngine & { trace: ScaledTrace }> {
  const trace = buildScaledTrace(agents, queues, maxFrames);
  const bench = await startBenchEngine({ config: trace.config, snapshot: buildScaledSnapshot(agents, queues), users });
  return { ...bench, trace };
}

/** Resolves once `done()` is true, checking after each turn of the event loop. */
export async function until(done: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((r) => setImmediate(r));
  }
}
