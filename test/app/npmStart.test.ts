import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectCti, spawnXuc, waitForStatus, type XucProcess } from './xucProcess.js';

/** The bound for a newcomer's first look; a failure names what did not come. */
const within = <T>(what: string, ms: number, promise: Promise<T>): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms / 1000} s`)), ms).unref()),
  ]);

describe('npm start (the xuc command with the embedded simulator and the demo)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xuc-npm-start-'));
  let xuc: XucProcess | undefined;

  afterAll(() => {
    if (xuc && xuc.child.exitCode === null && xuc.child.signalCode === null) xuc.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints its URL and demo logins, serves live agent and queue events, and stops cleanly on SIGTERM', async () => {
    xuc = spawnXuc({ XUC_DATA_DIR: dataDir, XUC_HTTP_PORT: '0' });
    const [, base] = await xuc.waitForOutput(/status\s+(http:\/\/[^\s/]+)\//);
    const [, password] = await xuc.waitForOutput(/^\s*sam\s+(\S+)\s+supervisor\b/m);
    expect(xuc.output()).toMatch(/embedded PBX simulator/);

    const status = await waitForStatus(base, (s) => s.ami.state === 'live');
    expect(status.configuration.agents).toBeGreaterThan(0);
    expect(status.configuration.queues).toBeGreaterThan(0);

    const client = await connectCti(base, 'sam', password);
    const from = client.messages.length;
    client.send({ command: 'subscribeToAgentEvents' });
    client.send({ command: 'subscribeToQueueStats' });
    const [agentEvent, queueStats] = await within(
      'AgentStateEvent and QueueStatistics',
      30_000,
      Promise.all([client.waitFor('AgentStateEvent', undefined, from), client.waitFor('QueueStatistics', undefined, from)]),
    );
    expect(agentEvent).toMatchObject({ name: expect.stringMatching(/^Agent/), agentId: expect.any(Number) });
    expect(queueStats).toMatchObject({ queueId: expect.any(Number), counters: expect.any(Array) });

    xuc.child.kill('SIGTERM');
    const closed = await client.closed;
    expect(closed.code).toBe(1001);
    expect(closed.reason).toMatch(/shutting down/);
    expect(await xuc.exited).toEqual({ code: 0, signal: null });
    expect(xuc.output()).toMatch(/"msg":"stopping"/);
  }, 120_000);
});
