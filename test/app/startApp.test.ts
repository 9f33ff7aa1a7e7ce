import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app/startApp.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { demoContactCenter } from '../../src/simulator/demoContactCenter.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/startSimulator.js';
import { connectCti, waitForStatus } from './xucProcess.js';

/** The composition in-process: what a restart keeps, and a real Asterisk instead of the simulator. */
describe('startApp', () => {
  const dirs: string[] = [];
  const running: Array<RunningApp | RunningSimulator> = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuc-app-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const part of running.reverse()) await part.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('restarting on the same data directory keeps what the database stored (DND and forwards)', async () => {
    // The demo contact center on a quiet PBX (no traffic): this test is about the database.
    const demo = demoContactCenter();
    const asterisk = await startSimulator({ port: 0, config: demo.config });
    running.push(asterisk);
    const configFile = join(tempDir(), 'contact-center.json');
    writeFileSync(configFile, JSON.stringify(demo.config));
    const dataDir = tempDir();
    const config = loadConfig(
      { XUC_AMI_URL: asterisk.amiUrl, XUC_CONFIG_FILE: configFile },
      { http: { port: 0 }, database: { dataDir }, logLevel: 'silent' },
    );
    const password = demo.logins.find((l) => l.username === 'olga')!.password;

    const first = await startApp(config, silentLogger);
    running.push(first);
    await waitForStatus(first.server.url, (s) => s.database.ready);
    const olga = await connectCti(first.server.url, 'olga', password);
    const mark = olga.messages.length;
    olga.send({ command: 'dnd', state: true });
    olga.send({ command: 'uncFwd', state: true, destination: '0612345678' });
    await olga.waitFor('UserConfigUpdate', (u) => u.uncFwdEnabled === true, mark);
    await first.stop();
    expect((await olga.closed).code).toBe(1001);

    const second = await startApp(config, silentLogger);
    running.push(second);
    await waitForStatus(second.server.url, (s) => s.database.ready);
    // The settings are read once the database is ready: a fresh connection then shows them.
    await expect
      .poll(
        async () => {
          const client = await connectCti(second.server.url, 'olga', password);
          const update = await client.waitFor('UserConfigUpdate');
          client.ws.close();
          return update;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toMatchObject({ dndEnabled: true, uncFwdEnabled: true, uncFwdDestination: '0612345678' });
  }, 120_000);

  it('with XUC_AMI_URL the embedded simulator stays off and the server uses that Asterisk', async () => {
    const asterisk = await startSimulator({ port: 0 });
    running.push(asterisk);
    const config = loadConfig(
      { XUC_AMI_URL: asterisk.amiUrl },
      { http: { port: 0 }, database: { dataDir: tempDir() }, logLevel: 'silent' },
    );
    const app = await startApp(config, silentLogger);
    running.push(app);
    expect(app.simulator).toBeUndefined();
    expect(app.demoLogins).toBeUndefined();
    const status = await waitForStatus(app.server.url, (s) => s.ami.state === 'live');
    expect(status.ami.state).toBe('live');
  }, 60_000);

  it('a port already in use fails the start with the reason', async () => {
    const asterisk = await startSimulator({ port: 0 });
    running.push(asterisk);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const config = loadConfig({ XUC_AMI_URL: asterisk.amiUrl }, { http: { port }, database: { dataDir: tempDir() }, logLevel: 'silent' });
      await expect(startApp(config, silentLogger)).rejects.toThrow(/EADDRINUSE/);
    } finally {
      blocker.close();
    }
  }, 60_000);
});
