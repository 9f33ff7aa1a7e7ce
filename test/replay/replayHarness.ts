/**
 * Replays one recording over TCP into a real AmiLink and engine, with a ManualClock set to each
 * frame's recording time before the frame is written.
 *
 * Determinism: before the clock moves, the harness sends an AMI `Ping` through the link and waits
 * for its answer. The server writes that answer after every frame already written, and the link
 * dispatches frames synchronously in arrival order, so when the answer arrives every earlier frame
 * has been processed by every actor — at its own recording time. No sleeps, no counters to guess.
 */
import { createEngine, type Engine } from '../../src/actors/engine.js';
import { MemoryConfigStore, readContactCenterConfigFile } from '../../src/auth/memoryConfigStore.js';
import { parseAmiUrl } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { AmiFrame } from '../../src/domain/amiFrame.js';
import type { EngineEvent } from '../../src/domain/engineEvents.js';
import type { AgentStatePayload, PhoneEventPayload } from '../../src/domain/xucMessages.js';
import { createLogger, silentLogger } from '../../src/log.js';
import { AmiLink } from '../../src/transport/ami/amiLink.js';
import { AmiReplayServer, type ReplayServerOptions } from '../support/amiReplayServer.js';
import { fixturePath, loadRecording } from '../support/fixtures.js';

// Hashing the users' passwords is slow (scrypt): one store per test file; no replay changes it.
let store: Promise<MemoryConfigStore> | undefined;
export const fixtureConfigStore = () =>
  (store ??= readContactCenterConfigFile(fixturePath('config.json')).then((config) => MemoryConfigStore.create(config)));

export interface Replay {
  engine: Engine;
  link: AmiLink;
  server: AmiReplayServer;
  clock: ManualClock;
  events: EngineEvent[];
  /** Clock time (epoch ms) at which each event of `events` was published. */
  times: number[];
  /** Every AMI frame the engine passed to its `onAmiFrame` listeners, in order. */
  frames: AmiFrame[];
  startEpochMs: number;
  /** Plays the whole recording, then lets the clock run to the recording's end (pending wrap-ups end). */
  playAll(): Promise<void>;
  /** Plays frames up to recording time t (ms since start). */
  playUntil(t: number): Promise<void>;
  /** Waits until every frame written so far has been processed. */
  barrier(): Promise<void>;
  stop(): Promise<void>;
}

export interface ReplayOptions {
  cutPoints?: readonly number[];
  /** Move the clock (and wait for the engine) only when time advanced by at least this much (load-small). */
  clockStepMs?: number;
  server?: Partial<ReplayServerOptions>;
}

export async function startReplay(name: string, options: ReplayOptions = {}): Promise<Replay> {
  const rec = loadRecording(name);
  const clock = new ManualClock(rec.startEpochMs);
  const events: EngineEvent[] = [];
  const times: number[] = [];
  const frames: AmiFrame[] = [];
  const step = options.clockStepMs ?? 0;
  let link!: AmiLink;

  const barrier = async () => {
    await link.action({ Action: 'Ping' });
  };
  const server = await AmiReplayServer.start({
    recording: name,
    cutPoints: options.cutPoints,
    ...options.server,
    onFrame: async (t) => {
      const target = rec.startEpochMs + t;
      if (target - clock.now() > step) {
        await barrier();
        clock.set(target);
      }
    },
  });
  link = new AmiLink({
    endpoint: parseAmiUrl(server.url),
    clock,
    logger: silentLogger,
    random: () => 0,
    // Keep-alive pings would only add traffic here: the clock jumps by whole seconds.
    settings: { pingIntervalMs: 24 * 3_600_000, pingTimeoutMs: 24 * 3_600_000, actionTimeoutMs: 24 * 3_600_000 },
  });
  const engine = createEngine({ configStore: await fixtureConfigStore(), ami: link, clock, logger: process.env.REPLAY_LOG ? createLogger('warn') : silentLogger });
  engine.subscribe((e) => {
    events.push(e);
    times.push(clock.now());
  });
  engine.onAmiFrame((frame) => frames.push(frame));
  engine.start();
  await server.waitForResync();
  await untilLive(link);
  await barrier();

  const endTime = rec.startEpochMs + (rec.frames.at(-1)?.t ?? 0);
  return {
    engine,
    link,
    server,
    clock,
    events,
    times,
    frames,
    startEpochMs: rec.startEpochMs,
    async playUntil(t) {
      await server.playUntil(t);
      await barrier();
    },
    async playAll() {
      await server.playAll();
      await barrier();
      clock.set(endTime);
    },
    barrier,
    async stop() {
      await engine.stop();
      await server.kill();
    },
  };
}

/** Resolves once the link is live (resync applied): the first moment actions are accepted. */
export function untilLive(link: AmiLink): Promise<void> {
  if (link.state() === 'live') return Promise.resolve();
  return new Promise((resolve) => {
    const off = link.onStateChange((state) => {
      if (state === 'live') off(), resolve();
    });
  });
}

/** Each agent's AgentStateEvents, as `name` or `name(cause)`, consecutive repeats collapsed. */
export function agentStory(events: readonly EngineEvent[], agentId: number): string[] {
  const out: string[] = [];
  for (const e of agentStates(events, agentId)) {
    const entry = describeAgent(e);
    if (out.at(-1) !== entry) out.push(entry);
  }
  return out;
}

/** Each agent's AgentStateEvent payloads, in order. */
export function agentStates(events: readonly EngineEvent[], agentId: number): AgentStatePayload[] {
  return events
    .filter((e): e is Extract<EngineEvent, { kind: 'agentState' }> => e.kind === 'agentState' && e.agentId === agentId)
    .map((e) => e.state);
}

export const describeAgent = (s: AgentStatePayload) => (s.cause ? `${s.name}(${s.cause})` : s.name);

/** One line's PhoneEvents in order. */
export function phoneEvents(events: readonly EngineEvent[], lineId: number): PhoneEventPayload[] {
  return events
    .filter((e): e is Extract<EngineEvent, { kind: 'phoneEvent' }> => e.kind === 'phoneEvent' && e.lineId === lineId)
    .map((e) => e.event);
}

/** A line's story as `EventType otherDN`, consecutive duplicates collapsed. */
export function phoneStory(events: readonly EngineEvent[], lineId: number): string[] {
  const out: string[] = [];
  for (const e of phoneEvents(events, lineId)) {
    const entry = `${e.eventType} ${e.otherDN}`;
    if (out.at(-1) !== entry) out.push(entry);
  }
  return out;
}
