import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { AmiReplayServer } from '../support/amiReplayServer.js';
import { loadRecording, snapshotOf } from '../support/fixtures.js';
import { linkTo, until, untilState, withoutActionId, type LinkProbe } from './linkHarness.js';

let server: AmiReplayServer | undefined;
let probe: LinkProbe | undefined;
afterEach(async () => {
  await probe?.link.stop();
  await server?.kill();
});

/** Random values that vary, so the jitter shows. */
const varyingRandom = () => {
  const values = [0.9, 0.1, 0.5, 0.99, 0.3, 0.7, 0.0];
  let i = 0;
  return () => values[i++ % values.length];
};

/** Lets the link fail `n` connection attempts against a closed port, returning each backoff delay. */
async function failedAttemptDelays(p: LinkProbe, clock: ManualClock, n: number): Promise<number[]> {
  const delays: number[] = [];
  for (let i = 0; i < n; i++) {
    await untilState(p.link, 'backoff');
    await until(() => p.link.stats().failedAttempts === i + 1, `attempt ${i + 1}`);
    const delay = p.link.stats().retryDelayMs!;
    delays.push(delay);
    clock.advance(delay - 1);
    expect(p.link.state()).toBe('backoff');
    clock.advance(1);
    expect(p.link.state()).toBe('connecting');
  }
  return delays;
}

describe('AMI link: losing and regaining Asterisk', () => {
  it('reconnects with jittered exponential backoff (first within 100 ms, growing, capped at 5 s) and resyncs the new snapshot', async () => {
    const rec = loadRecording('snapshot-during-call');
    server = await AmiReplayServer.start({ recording: rec });
    const clock = new ManualClock(1_000_000);
    probe = linkTo(server, { clock, random: varyingRandom() });
    probe.link.start();
    await untilState(probe.link, 'live');
    await server.playUntil(14_000);

    await server.kill();
    const delays = await failedAttemptDelays(probe, clock, 9);
    expect(delays[0]).toBeLessThanOrEqual(100);
    // Bases 100, 200, 400 … 3200, then capped at 5000: each delay is in [base/2, base].
    for (let i = 1; i <= 5; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]);
    expect(delays.slice(6).every((d) => d >= 2_500 && d <= 5_000)).toBe(true);
    expect(new Set(delays.slice(6)).size).toBeGreaterThan(1);

    await server.restart({ snapshot: 'final' });
    await untilState(probe.link, 'backoff');
    clock.advance(probe.link.stats().retryDelayMs!);
    await untilState(probe.link, 'live');
    expect(probe.snapshots).toHaveLength(2);
    const final = snapshotOf(rec, 'final');
    expect(probe.snapshots[1].snapshot.queueStatus.map(withoutActionId)).toEqual(final.queueStatus.map(withoutActionId));
    expect(probe.snapshots[1].restart).toBe(false);
    expect(probe.link.stats()).toMatchObject({ logins: 2, reconnects: 1, failedAttempts: 0 });
  });

  it('tells an Asterisk restart from a network blip', async () => {
    server = await AmiReplayServer.start({ recording: 'agent-login-pause-logout' });
    const clock = new ManualClock(0);
    probe = linkTo(server, { clock });
    probe.link.start();
    await untilState(probe.link, 'live');
    await server.restart({ asteriskRestarted: true });
    await untilState(probe.link, 'backoff');
    clock.advance(probe.link.stats().retryDelayMs!);
    await untilState(probe.link, 'live');
    await server.restart();
    await untilState(probe.link, 'backoff');
    clock.advance(probe.link.stats().retryDelayMs!);
    await untilState(probe.link, 'live');
    expect(probe.snapshots.map((s) => s.restart)).toEqual([false, true, false]);
    expect(probe.link.stats().asteriskRestarts).toBe(1);
  });

  it('backs off and retries forever when the secret is wrong', async () => {
    server = await AmiReplayServer.start({ recording: 'agent-login-pause-logout' });
    const clock = new ManualClock(0);
    probe = linkTo(server, { clock, url: server.url.replace('xucpass', 'wrong') });
    probe.link.start();
    await failedAttemptDelays(probe, clock, 4);
    await untilState(probe.link, 'backoff');
    expect(probe.link.stats().lastError).toMatch(/Authentication failed/);
    expect(server.connections).toBe(5);
    expect(server.actions.every((a) => a.name.toLowerCase() === 'login')).toBe(true);
    expect(probe.snapshots).toEqual([]);
  });

  it('drops a half-open link when the Ping gets no answer in time, then reconnects', async () => {
    server = await AmiReplayServer.start({ recording: 'agent-login-pause-logout' });
    const clock = new ManualClock(0);
    probe = linkTo(server, { clock, settings: { pingIntervalMs: 1_000, pingTimeoutMs: 500 } });
    probe.link.start();
    await untilState(probe.link, 'live');
    const framesBefore = probe.link.stats().framesReceived;
    clock.advance(1_000);
    await server.waitForAction('Ping', 1);
    await until(() => probe!.link.stats().framesReceived === framesBefore + 1, 'pong');
    clock.advance(500);
    expect(probe.link.state()).toBe('live');
    server.freeze();
    clock.advance(500);
    await server.waitForAction('Ping', 2);
    clock.advance(499);
    expect(probe.link.state()).toBe('live');
    clock.advance(1);
    expect(probe.link.state()).toBe('backoff');
    expect(probe.link.stats().lastError).toMatch(/Ping/);
    await until(() => server!.openConnections === 0, 'socket closed');
    await server.restart();
    clock.advance(probe.link.stats().retryDelayMs!);
    await untilState(probe.link, 'live');
  });

  it('never exits and fails actions at once while Asterisk is away', async () => {
    server = await AmiReplayServer.start({ recording: 'agent-login-pause-logout' });
    const clock = new ManualClock(0);
    probe = linkTo(server, { clock });
    await expect(probe.link.action({ Action: 'Ping' })).rejects.toMatchObject({ code: 'XUC_ERR_AMI_DOWN' });
    probe.link.start();
    await untilState(probe.link, 'live');
    await server.kill();
    await untilState(probe.link, 'backoff');
    await expect(probe.link.action({ Action: 'Ping' })).rejects.toMatchObject({ code: 'XUC_ERR_AMI_DOWN' });
    await expect(probe.link.listAction({ Action: 'QueueStatus' })).rejects.toMatchObject({ code: 'XUC_ERR_AMI_DOWN' });
  });

  it('gives up on a login that is never answered at the deadline, closes that socket and retries', async () => {
    server = await AmiReplayServer.start({ recording: 'agent-login-pause-logout' });
    server.freeze();
    const clock = new ManualClock(0);
    probe = linkTo(server, { clock, settings: { actionTimeoutMs: 2_000 } });
    probe.link.start();
    await untilState(probe.link, 'authenticating');
    await server.waitForAction('login');
    clock.advance(1_999);
    expect(probe.link.state()).toBe('authenticating');
    clock.advance(1);
    expect(probe.link.state()).toBe('backoff');
    await until(() => server!.openConnections === 0, 'socket closed');
    await server.restart();
    clock.advance(probe.link.stats().retryDelayMs!);
    await untilState(probe.link, 'live');
  });
});
