import { copyFile, appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig, type XucConfigInput } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { AgentStatisticsPayload } from '../../src/domain/xucMessages.js';
import { isXucError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { MemoryQueueLogStore, type QueueLogStore } from '../../src/stats/queueLogStore.js';
import { createStatsService, type StatsService } from '../../src/stats/statsService.js';
import { FakeEngine, fixedConfigStore } from './fakeEngine.js';
import { fixturesDir, loadAmiStream, loadQueueLogText, queueLogPath, type RecordedFrame, scenarioStart } from './recordingLoader.js';

const pbxConfig = fixedConfigStore(JSON.parse(readFileSync(join(fixturesDir, 'config.json'), 'utf8')));
const SALES = 1;
const SUPPORT = 2;

function startService(clock: ManualClock, engine: FakeEngine, stats: XucConfigInput['stats'] = {}, store?: QueueLogStore) {
  return createStatsService({ config: loadConfig({}, { stats }), clock, engine, contactCenter: pbxConfig, store, logger: silentLogger });
}

const counters = (service: StatsService, queueId: number) =>
  Object.fromEntries(service.queueStatistics(queueId)!.counters.map((c) => [c.statName, c.value]));

function replay(clock: ManualClock, engine: FakeEngine, frames: readonly RecordedFrame[]) {
  for (const { frame, receivedAt } of frames) {
    clock.set(receivedAt);
    engine.frame(frame, receivedAt);
  }
}

describe('from the AMI stream (no queue_log file or table configured)', () => {
  let loadSmall: RecordedFrame[];
  beforeAll(() => {
    loadSmall = loadAmiStream('load-small');
  });

  test('the load-small recording gives the counters its README states', async () => {
    const clock = new ManualClock(scenarioStart('load-small'));
    const engine = new FakeEngine();
    const service = startService(clock, engine);
    await service.start();
    expect(service.source).toBe('ami');
    replay(clock, engine, loadSmall);
    clock.advance(15_000);
    expect(counters(service, SALES)).toMatchObject({ TotalNumberCallsEntered: 92, TotalNumberCallsAnswered: 87, TotalNumberCallsAbandonned: 5, TotalNumberCallsTimeout: 0 });
    expect(counters(service, SUPPORT)).toMatchObject({ TotalNumberCallsEntered: 58, TotalNumberCallsAnswered: 57, TotalNumberCallsAbandonned: 1 });
    await service.stop();
  });

  test('a restart in the middle of the day resumes the counters from the stored records', async () => {
    const cut = Math.floor(loadSmall.length / 2);
    const store = new MemoryQueueLogStore();
    const clock = new ManualClock(scenarioStart('load-small'));
    const engine = new FakeEngine();
    const before = startService(clock, engine, {}, store);
    await before.start();
    replay(clock, engine, loadSmall.slice(0, cut));
    const atStop = counters(before, SALES);
    expect(atStop.TotalNumberCallsEntered).toBeGreaterThan(0);
    await before.stop();

    const restarted = startService(clock, engine, {}, store);
    await restarted.start();
    expect(counters(restarted, SALES)).toEqual(atStop);
    replay(clock, engine, loadSmall.slice(cut));
    clock.advance(15_000);
    expect(counters(restarted, SALES)).toMatchObject({ TotalNumberCallsEntered: 92, TotalNumberCallsAnswered: 87, TotalNumberCallsAbandonned: 5 });
    expect(counters(restarted, SUPPORT)).toMatchObject({ TotalNumberCallsEntered: 58, TotalNumberCallsAnswered: 57, TotalNumberCallsAbandonned: 1 });
    await restarted.stop();
  });
});

describe('from a queue_log file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xuc-stats-service-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('the file is read at start, followed as it grows, and read again after a restart', async () => {
    const path = join(dir, 'queue_log');
    await copyFile(queueLogPath('queue-call-answered'), path);
    const clock = new ManualClock(scenarioStart('queue-call-abandoned') + 10_000);
    const engine = new FakeEngine();
    const service = startService(clock, engine, { queueLogFile: path });
    await service.start();
    expect(service.source).toBe('file');
    expect(counters(service, SALES)).toMatchObject({ TotalNumberCallsEntered: 1, TotalNumberCallsAnswered: 1 });
    await appendFile(path, loadQueueLogText('queue-call-abandoned'));
    await service.refresh();
    expect(counters(service, SALES)).toMatchObject({ TotalNumberCallsEntered: 2, TotalNumberCallsAnswered: 1, TotalNumberCallsAbandonned: 1 });
    await service.stop();

    const restarted = startService(clock, engine, { queueLogFile: path });
    await restarted.start();
    expect(counters(restarted, SALES)).toEqual(counters(service, SALES));
    await restarted.stop();
  });
});

test('a queue over any window and threshold a client asks for (getQueueStatistics)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'xuc-stats-window-'));
  try {
    const path = join(dir, 'queue_log');
    await copyFile(queueLogPath('queue-penalties'), path);
    // 5 s after the last line; both support callers waited 1 s.
    const clock = new ManualClock(1795881204_000 + 5_000);
    const service = startService(clock, new FakeEngine(), { queueLogFile: path });
    await service.start();
    const window = (seconds: number, xqos: number) =>
      Object.fromEntries(service.queueWindowStatistics(SUPPORT, seconds, xqos)!.counters.map((c) => [c.statName, c.value]));
    expect(window(3600, 1)).toMatchObject({ TotalNumberCallsEntered: 2, TotalNumberCallsAnsweredBefore15: 2, PercentageAnsweredBefore15: 100 });
    expect(window(3600, 0)).toMatchObject({ TotalNumberCallsEntered: 2, TotalNumberCallsAnswered: 2, TotalNumberCallsAnsweredBefore15: 0 });
    // The callers entered 10 and 11 s ago.
    expect(window(10, 15)).toMatchObject({ TotalNumberCallsEntered: 0 });
    expect(window(11, 15)).toMatchObject({ TotalNumberCallsEntered: 1 });
    expect(service.queueWindowStatistics(999, 3600, 15)).toBeUndefined();
    await service.stop();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('agent statistics follow the agent states and the calls of the line the agent is logged on', async () => {
  const start = Date.UTC(2026, 10, 28, 9, 0, 0);
  const clock = new ManualClock(start);
  const engine = new FakeEngine();
  const service = startService(clock, engine, { timeZone: 'Europe/Paris' });
  await service.start();
  const got = new Map<number, Map<string, number | string>>();
  service.subscribeAgentStats((m: AgentStatisticsPayload) => {
    const view = got.get(m.id) ?? new Map();
    for (const s of m.statistics) view.set(s.name, s.value);
    got.set(m.id, view);
  });
  const state = (name: 'AgentReady' | 'AgentOnPause' | 'AgentOnCall', cause = '') =>
    engine.publish({ kind: 'agentState', agentId: 1, state: { name, agentId: 1, phoneNb: '1001', since: 0, queues: [1], cause } });
  const phone = (eventType: 'EventRinging' | 'EventEstablished' | 'EventReleased') =>
    engine.publish({ kind: 'phoneEvent', lineId: 1, event: { eventType, DN: '1001', otherDN: '1002', otherDName: '', linkedId: 'u1', uniqueId: 'u1', userData: {} } });
  state('AgentReady');
  clock.advance(60_000);
  phone('EventRinging');
  clock.advance(2_000);
  phone('EventEstablished');
  state('AgentOnCall');
  clock.advance(30_000);
  phone('EventReleased');
  state('AgentOnPause', 'lunch');
  clock.advance(120_000);
  expect(Object.fromEntries(got.get(1)!)).toMatchObject({
    ReadyTime: 62,
    InbCalls: 1,
    InbAnsCalls: 1,
    InbCallTime: 30,
    PausedTime: 120,
    lunch: 120,
    meeting: 0,
    LoginDateTime: '2026-11-28T10:00:00.000+01:00',
  });
  // Agent 2 did nothing: still listed, with zeros.
  expect(Object.fromEntries(got.get(2)!)).toMatchObject({ ReadyTime: 0, InbCalls: 0 });
  expect(service.agentStatistics(999)).toBeUndefined();
  await service.stop();
});

describe('bad settings are refused with a typed error', () => {
  const errorOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return isXucError(e) ? e.code : e;
    }
    return undefined;
  };
  const engine = new FakeEngine();
  const clock = new ManualClock(0);

  test('an unknown time zone', () => {
    expect(errorOf(() => startService(clock, engine, { timeZone: 'Mars/Olympus' }))).toBe('XUC_ERR_INVALID_FIELD');
  });

  test('a reset time that is no time of day', () => {
    expect(errorOf(() => startService(clock, engine, { resetTime: '25:61' }))).toBe('XUC_ERR_INVALID_FIELD');
  });

  test('a queue_log table without a database', () => {
    expect(errorOf(() => startService(clock, engine, { queueLogTable: 'queue_log' }))).toBe('XUC_ERR_NOT_AVAILABLE');
  });
});
