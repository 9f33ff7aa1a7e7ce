import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app/startApp.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { connectCti, waitForStatus, type CtiClient } from './xucProcess.js';

/**
 * What startApp wires around the transports: the callback administration REST routes on the
 * persistence services, the fresh CallbackLists pushed to subscribed clients after an import, the
 * WebSocket command errors counted at /metrics, and the 1001 close on stop.
 */
describe('callback administration, metrics and stop through startApp', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xuc-callback-admin-'));
  let app: RunningApp;
  let sam: CtiClient;
  let token: string;
  let adminToken: string;

  const loginRest = async (username: string) => {
    const password = app.demoLogins!.find((l) => l.username === username)!.password;
    const login = await fetch(`${app.server.url}/xuc/api/2.0/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: username, password }),
    });
    return ((await login.json()) as { token: string }).token;
  };

  const rest = async (method: string, path: string, body?: unknown, as = token) => {
    const res = await fetch(`${app.server.url}/xuc/api/1.0${path}`, {
      method,
      headers: { authorization: `Bearer ${as}`, 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    app = await startApp(loadConfig({}, { http: { port: 0 }, database: { dataDir }, logLevel: 'silent' }), silentLogger);
    await waitForStatus(app.server.url, (s) => s.database.ready);
    sam = await connectCti(app.server.url, 'sam', app.demoLogins!.find((l) => l.username === 'sam')!.password);
    token = await loginRest('sam');
    adminToken = await loginRest('ada');
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a supervisor imports callbacks over REST; its CTI session gets the fresh CallbackLists', async () => {
    const mark = sam.messages.length;
    sam.send({ command: 'getCallbackLists' });
    await sam.waitFor('CallbackLists', undefined, mark);

    // Periods are the admins' (403 for sam); the API key or an admin creates them.
    const morning = { name: 'Morning', periodStart: '08:00', periodEnd: '12:00' };
    expect((await rest('POST', '/callback_periods', morning)).status).toBe(403);
    expect((await rest('POST', '/callback_periods', morning, adminToken)).status).toBe(201);
    expect((await rest('POST', '/callback_lists', { name: 'Billing', queueId: 3 })).status).toBe(403);
    const list = await rest('POST', '/callback_lists', { name: 'Sales leads', queueId: 1 });
    expect(list.status).toBe(201);
    const created = await sam.waitFor('CallbackLists', (lists) => lists.some((l: any) => l.uuid === list.body.uuid), mark);
    expect(created.find((l: any) => l.uuid === list.body.uuid).callbacks).toEqual([]);

    const csv = 'phoneNumber|firstName|period\n0601020304|Ann|Morning\n0605060708|Bob|Morning\n';
    const imported = await rest('POST', `/callback_lists/${list.body.uuid}/import`, csv);
    expect(imported).toEqual({ status: 200, body: { imported: 2 } });
    const fresh = await sam.waitFor('CallbackLists', (lists) => lists.some((l: any) => l.callbacks.length === 2), mark);
    expect(fresh.find((l: any) => l.uuid === list.body.uuid).callbacks.map((r: any) => r.firstName).sort()).toEqual(['Ann', 'Bob']);
  }, 30_000);

  it('a refused command is counted in xuc_command_errors_total at /metrics', async () => {
    const metric = async () => {
      const text = await (await fetch(`${app.server.url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('xuc_command_errors_total{code="XUC_ERR_UNKNOWN_COMMAND"}'));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const before = await metric();
    const mark = sam.messages.length;
    sam.send({ command: 'noSuchCommand' });
    await sam.waitFor('Error', (e) => e.code === 'XUC_ERR_UNKNOWN_COMMAND', mark);
    expect(await metric()).toBe(before + 1);
    expect(await (await fetch(`${app.server.url}/metrics`)).text()).toMatch(/^xuc_clients_dropped_slow_total 0$/m);
  });

  it('stopping closes the CTI clients with 1001 "server shutting down"', async () => {
    await app.stop();
    expect(await sam.closed).toEqual({ code: 1001, reason: 'server shutting down' });
  }, 30_000);
});
