import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app/startApp.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { demoContactCenter } from '../../src/simulator/demoContactCenter.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/startSimulator.js';
import { connectCti, waitForStatus } from './xucProcess.js';

/**
 * Statistics survive a restart of the server in the middle of the day (docs/statistics.md): a real
 * restart of the application on the same PGlite data directory, the PBX (the simulator, with no
 * traffic) running on meanwhile, an agent paused across the restart and a queue call before it.
 */
describe('agent statistics across a restart', () => {
  const dirs: string[] = [];
  const running: Array<RunningApp | RunningSimulator> = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuc-agent-stats-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const part of running.reverse()) await part.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const valuesOf = (statistics: Array<{ name: string; value: number | string }>) =>
    Object.fromEntries(statistics.map((s) => [s.name, s.value])) as Record<string, number | string | undefined>;

  /** The day's counters of the sales queue (the sliding hour left out). */
  const queueDay = (app: RunningApp) =>
    Object.fromEntries(
      app.stats.queueStatistics(1)!.counters.filter((c) => c.statName.startsWith('Total')).map((c) => [c.statName, c.value]),
    ) as Record<string, number>;

  it('an agent paused across the restart keeps its login time, its ready time and its pause, downtime included; the queue its day', async () => {
    const demo = demoContactCenter();
    const asterisk = await startSimulator({ port: 0, config: demo.config });
    running.push(asterisk);
    const configFile = join(tempDir(), 'contact-center.json');
    writeFileSync(configFile, JSON.stringify(demo.config));
    // The statistics day must not end during the test, whatever the hour it runs: reset 12 h away.
    const resetTime = `${String((new Date().getUTCHours() + 12) % 24).padStart(2, '0')}:00`;
    const config = loadConfig(
      { XUC_AMI_URL: asterisk.amiUrl, XUC_CONFIG_FILE: configFile },
      { http: { port: 0 }, database: { dataDir: tempDir() }, stats: { resetTime, timeZone: 'UTC' }, logLevel: 'silent' },
    );

    const first = await startApp(config, silentLogger);
    running.push(first);
    await waitForStatus(first.server.url, (s) => s.database.ready && s.ami.state === 'live');
    await first.stats.agentStatsResumed();
    await first.engine.agentLogin({ agentId: 1, phoneNumber: '1001' });
    // A quiet PBX adds no member by itself: the agent joins its queue to be paused in it.
    await first.engine.setAgentQueue({ agentId: 1, queueId: 1, penalty: 0 });
    await expect.poll(() => first.engine.agentState(1)?.name, { timeout: 20_000 }).toBe('AgentReady');
    await expect.poll(() => valuesOf(first.stats.agentStatistics(1)!.statistics).ReadyTime, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await first.engine.pauseAgent({ agentId: 1, reason: 'lunch' });
    await expect.poll(() => first.engine.agentState(1)?.name, { timeout: 10_000 }).toBe('AgentOnPause');
    await expect.poll(() => valuesOf(first.stats.agentStatistics(1)!.statistics).PausedTime, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const before = valuesOf(first.stats.agentStatistics(1)!.statistics);
    const beforeAt = Date.now();

    // A caller (sam's line) reaches the sales queue and hangs up: queue counters of the day.
    const samLine = demo.config.users.find((u) => u.username === 'sam')!.lineId!;
    await first.engine.dial({ lineId: samLine, destination: demo.config.queues[0]!.number! });
    await expect.poll(() => queueDay(first).TotalNumberCallsEntered, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await first.engine.hangup({ lineId: samLine });
    const outcomes = (c: Record<string, number>) =>
      c.TotalNumberCallsAnswered + c.TotalNumberCallsAbandonned + c.TotalNumberCallsTimeout + c.TotalNumberCallsJoinEmpty + c.TotalNumberCallsLeaveEmpty;
    await expect.poll(() => outcomes(queueDay(first)), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const queueBefore = queueDay(first);
    await first.stop();

    const second = await startApp(config, silentLogger);
    running.push(second);
    await waitForStatus(second.server.url, (s) => s.database.ready && s.ami.state === 'live');
    await second.stats.agentStatsResumed();

    // What a supervisor's wallboard receives first after subscribing: every statistic of the agent.
    const sam = await connectCti(second.server.url, 'sam', demo.logins.find((l) => l.username === 'sam')!.password);
    const askedAt = Date.now();
    sam.send({ command: 'subscribeToAgentStats' });
    const after = valuesOf((await sam.waitFor('AgentStatistics', (m) => m.id === 1)).statistics);
    sam.ws.close();

    expect(after.LoginDateTime).toBe(before.LoginDateTime);
    expect(after.LogoutDateTime).toBeUndefined();
    expect(after.ReadyTime).toBe(before.ReadyTime);
    // Paused all along: before the stop, while the server was down, and since.
    expect(after.PausedTime).toBeGreaterThanOrEqual(Number(before.PausedTime) + Math.floor((askedAt - beforeAt) / 1000));
    expect(after.lunch).toBeGreaterThanOrEqual(Number(before.lunch));
    // The queue's day resumes too (records derived from AMI, kept in the database).
    await expect.poll(() => queueDay(second), { timeout: 15_000 }).toEqual(queueBefore);
  }, 120_000);
});
