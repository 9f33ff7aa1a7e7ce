import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app/startApp.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { connectCti, waitForStatus, type CtiClient } from './xucProcess.js';

/** The persistence services, wired by startApp, as a CTI client uses them over the WebSocket. */
describe('persistence services over /xuc/ctichannel', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xuc-services-'));
  let app: RunningApp;
  let ada: CtiClient;

  /** Sends a command and answers the next message of `msgType` (or the Error it caused). */
  const ask = async (command: Record<string, unknown>, msgType: string) => {
    const mark = ada.messages.length;
    ada.send(command);
    return Promise.race([ada.waitFor(msgType, undefined, mark), ada.waitFor('Error', undefined, mark).then((e) => ({ error: e }))]);
  };

  beforeAll(async () => {
    app = await startApp(loadConfig({}, { http: { port: 0 }, database: { dataDir }, logLevel: 'silent' }), silentLogger);
    await waitForStatus(app.server.url, (s) => s.status === 'ok');
    ada = await connectCti(app.server.url, 'ada', app.demoLogins!.find((l) => l.username === 'ada')!.password);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('default membership is stored and read back', async () => {
    const membership = [{ queueId: 1, penalty: 0 }, { queueId: 3, penalty: 2 }];
    expect(await ask({ command: 'setUserDefaultMembership', userId: 1, membership }, 'UserQueueDefaultMembership')).toEqual({ userId: 1, membership });
    expect(await ask({ command: 'getUserDefaultMembership', userId: 1 }, 'UserQueueDefaultMembership')).toEqual({
      userId: 1,
      membership: expect.arrayContaining(membership),
    });
  });

  it('the directory finds users, and callbacks and history answer instead of NotAvailable', async () => {
    const found = (await ask({ command: 'directoryLookUp', term: 'alice' }, 'DirectoryResult')) as { entries: Array<{ entry: string[] }> };
    expect(found.entries.map((e) => e.entry[0])).toContain('Alice Martin');
    expect(await ask({ command: 'getCallbackLists' }, 'CallbackLists')).toEqual(expect.any(Array));
    expect(await ask({ command: 'getUserCallHistory', size: 5 }, 'CallHistory')).toEqual(expect.any(Array));
  });

  it('the demo traffic fills the queue call history', async () => {
    await expect
      .poll(
        async () => {
          let calls = 0;
          // One question at a time: answers come in order, and `ask` takes the next one.
          for (const queue of ['sales', 'support', 'billing']) {
            calls += ((await ask({ command: 'getQueueCallHistory', queue, size: 5 }, 'CallHistory')) as unknown[]).length;
          }
          return calls;
        },
        // The demo's first queue call may take a while to end on a loaded machine.
        { timeout: 100_000, interval: 1_000 },
      )
      .toBeGreaterThan(0);
  }, 120_000);
});
