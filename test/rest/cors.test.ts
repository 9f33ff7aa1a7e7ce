import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/log.js';
import { directDbAccess, type Db } from '../../src/persistence/db.js';
import { migrate } from '../../src/persistence/migrations.js';
import { PgliteDb } from '../../src/persistence/pgliteDb.js';
import { CallbackAdmin } from '../../src/services/callbackAdmin.js';
import { CallbackService } from '../../src/services/callbackService.js';
import { startHarness, type Harness } from '../ws/support/harness.js';

const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Browser apps served from another origin call every REST route (xuc-rest.md §4): each route the
 * OpenAPI document lists answers the CORS preflight, and real Chromium on another origin can call
 * the callback administration and a 1.0 method and read the answers, errors included.
 */
describe('CORS on the REST API', () => {
  let h: Harness;
  let raw: Db;
  let callbacks: CallbackService;
  const KEY = 'k-cors';
  const KEY_HEADER = 'x-api-key';

  beforeAll(async () => {
    raw = await PgliteDb.open();
    await migrate(raw);
    const db = directDbAccess(raw);
    const clock = new ManualClock(Date.parse('2026-03-02T10:00:00Z'));
    callbacks = new CallbackService({ db, clock, logger: silentLogger, dial: async () => {} });
    const callbackAdmin = new CallbackAdmin({ db, clock, callbacks });
    h = await startHarness({ rest: { apiKey: KEY } }, { services: { callbackAdmin } });
  });
  afterAll(async () => {
    await h?.close();
    callbacks?.stop();
    await raw?.close();
  });

  const preflight = (path: string, method: string) =>
    fetch(`${h.server.url}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': method,
        'access-control-request-headers': `authorization, content-type, ${KEY_HEADER}`,
      },
    });

  it('every documented route and both auth routes answer a preflight with their method and the headers REST reads', async () => {
    const doc = (await (await fetch(`${h.server.url}/xuc/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => [path, m.toUpperCase()] as const));
    routes.push(['/xuc/api/2.0/auth/login', 'POST'], ['/xuc/api/2.0/auth/check', 'GET'], ['/xuc/api/openapi.json', 'GET']);
    expect(routes.some(([path]) => path.includes('callback_lists/{listUuid}/callback_requests'))).toBe(true);
    for (const [template, method] of routes) {
      const path = template
        .replace('{domain}', 'example.com')
        .replace('{username}', 'alice')
        .replace(/\{\w+Uuid\}/g, '3f1b1c1e-0000-4000-8000-000000000001');
      const res = await preflight(path, method);
      expect(res.status, `${method} ${path}`).toBe(204);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('https://app.example');
      expect(res.headers.get('access-control-allow-methods')?.split(', '), path).toContain(method);
      expect(res.headers.get('access-control-allow-headers')?.split(', '), path).toEqual(expect.arrayContaining(['authorization', 'content-type', KEY_HEADER]));
    }
  });

  it('a preflight for a path that is no route is a 404, not a blanket yes', async () => {
    expect((await preflight('/xuc/api/1.0/noSuchMethod/example.com/alice', 'POST')).status).toBe(404);
    expect((await preflight('/xuc/api/1.0/callback_lists/a/b/c/d', 'GET')).status).toBe(404);
  });

  describe('from a page on another origin, in Chromium', () => {
    let browser: Browser;
    let other: Server;
    let otherOrigin: string;

    beforeAll(async () => {
      other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>'));
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      // Another port is another origin; localhost and 127.0.0.1 differ too.
      otherOrigin = `http://localhost:${(other.address() as AddressInfo).port}`;
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => other?.close(resolve));
    });

    it('creates a callback list, adds a request, lists them, and reads a 401 and a 1.0 answer', async () => {
      const page = await browser.newPage();
      await page.goto(`${otherOrigin}/`);
      const api = `${h.server.url}/xuc/api/1.0`;
      const results = await page.evaluate(
        async ({ api, key }) => {
          const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { 'x-api-key': key }) => {
            const r = await fetch(`${api}${path}`, {
              method,
              headers: { 'content-type': 'application/json', ...headers },
              body: body === undefined ? undefined : JSON.stringify(body),
            });
            const text = await r.text();
            return { status: r.status, body: text ? JSON.parse(text) : undefined };
          };
          const period = await call('POST', '/callback_periods', { name: 'Day', periodStart: '08:00', periodEnd: '18:00', default: true });
          const list = await call('POST', '/callback_lists', { name: 'Web leads', queueId: 1 });
          const request = await call('POST', `/callback_lists/${list.body.uuid}/callback_requests`, { phoneNumber: '0601020304', firstName: 'Ann' });
          const lists = await call('GET', '/callback_lists');
          const removed = await call('DELETE', `/callback_lists/${list.body.uuid}/callback_requests/${request.body.uuid}`);
          const refused = await call('GET', '/callback_lists', undefined, {});
          const dnd = await call('POST', '/dnd/example.com/alice/', { state: true });
          return { period: period.status, list: list.status, request: request.status, lists, removed: removed.status, refused, dnd: dnd.status };
        },
        { api, key: KEY },
      );
      expect(results).toMatchObject({ period: 201, list: 201, request: 201, removed: 204, dnd: 200 });
      expect(results.lists.status).toBe(200);
      expect(results.lists.body[0]).toMatchObject({ name: 'Web leads', callbacks: [expect.objectContaining({ firstName: 'Ann' })] });
      expect(results.refused.status).toBe(401);
      expect(typeof results.refused.body.error).toBe('string');
      await page.close();
    }, 60_000);
  });
});
