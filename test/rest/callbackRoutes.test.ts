import { afterAll, beforeAll, expect, it } from 'vitest';
import { callbacksForTransport } from '../../src/app/callbackAdapter.js';
import { ManualClock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/log.js';
import { Database } from '../../src/persistence/database.js';
import { directDbAccess } from '../../src/persistence/db.js';
import { CallbackAdmin } from '../../src/services/callbackAdmin.js';
import { CallbackService } from '../../src/services/callbackService.js';
import { describeEachBackend } from '../persistence/backends.js';
import { loginAs, startHarness, type Harness } from '../ws/support/harness.js';

/**
 * Callback administration over REST (docs/rest.md "Callback administration"): a real HTTP server,
 * real fetch, the callback services on a real database (PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set). Queue 1 is `sales` (sam supervises it), queue 2 `support`.
 */
const KEY = 'k-callbacks';
const BASE = '/xuc/api/1.0';

describeEachBackend('callback administration over REST', ({ newDb }) => {
  let h: Harness;
  let service: CallbackService;
  const dialled: string[] = [];

  beforeAll(async () => {
    const db = directDbAccess(await newDb());
    const clock = new ManualClock(Date.parse('2026-03-02T10:00:00Z'));
    service = new CallbackService({
      db, clock, logger: silentLogger,
      dial: async (_line, number) => {
        dialled.push(number);
      },
    });
    const admin = new CallbackAdmin({ db, clock, callbacks: service });
    let rights: () => { config: any; members: any[] } = () => ({ config: undefined, members: [] });
    h = await startHarness(
      { rest: { apiKey: KEY } },
      { services: { callbacks: callbacksForTransport(service, () => rights()), callbackAdmin: admin } },
    );
    rights = () => ({ config: h.store.current(), members: [] });
  });
  afterAll(async () => {
    await h.close();
    service.stop();
  });

  const tokenFor = (username: string) => h.server.tokens.issue(h.store.current().users.find((u) => u.username === username)!).token;
  const as = (username: string) => ({ authorization: `Bearer ${tokenFor(username)}` });
  const key = { 'x-api-key': KEY };

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = key) {
    const csv = typeof body === 'string';
    const res = await fetch(`${h.server.url}${BASE}${path}`, {
      method,
      headers: { 'content-type': csv ? 'text/csv' : 'application/json', ...headers },
      body: body === undefined ? undefined : csv ? body : JSON.stringify(body),
    });
    const text = await res.text();
    const isJson = res.headers.get('content-type')?.startsWith('application/json');
    return { status: res.status, body: isJson && text ? JSON.parse(text) : text, headers: res.headers };
  }

  let day: { uuid: string };
  let sales: { uuid: string };

  it('creates periods (admins only with a token) and lists them', async () => {
    const created = await call('POST', '/callback_periods', { name: 'Day', periodStart: '09:00', periodEnd: '17:00', default: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Day', periodStart: '09:00:00', periodEnd: '17:00:00', default: true });
    day = created.body;
    const evening = await call('POST', '/callback_periods', { name: 'Evening', periodStart: '17:00', periodEnd: '20:00' }, as('root'));
    expect(evening.status).toBe(201);
    const bySupervisor = await call('POST', '/callback_periods', { name: 'Night', periodStart: '20:00', periodEnd: '23:00' }, as('sam'));
    expect(bySupervisor.status).toBe(403);
    expect(bySupervisor.body.error).toBe('Forbidden');

    const listed = await call('GET', '/callback_periods', undefined, as('sam'));
    expect(listed.status).toBe(200);
    expect(listed.body.map((p: { name: string }) => p.name).sort()).toEqual(['Day', 'Evening']);
    expect((await call('DELETE', `/callback_periods/${evening.body.uuid}`, undefined, as('root'))).status).toBe(204);
    expect((await call('POST', '/callback_periods', { name: 'Day', periodStart: '08:00', periodEnd: '09:00' })).status).toBe(409);
  });

  it('creates lists; a supervisor only on its own queues, an agent never', async () => {
    const created = await call('POST', '/callback_lists', { name: 'Sales leads', queueId: 1 }, as('sam'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Sales leads', queueId: 1, callbacks: [] });
    sales = created.body;
    expect((await call('POST', '/callback_lists', { name: 'Support', queueId: 2 })).status).toBe(201);

    const notHis = await call('POST', '/callback_lists', { name: 'Elsewhere', queueId: 2 }, as('sam'));
    expect(notHis.status).toBe(403);
    expect(notHis.body).toMatchObject({ error: 'Forbidden', message: expect.any(String) });
    expect((await call('GET', '/callback_lists', undefined, as('alice'))).status).toBe(403);
    expect((await call('POST', '/callback_lists', { name: 'Nowhere', queueId: 99 })).status).toBe(404);
    const invalid = await call('POST', '/callback_lists', { name: '', queueId: 1 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toBe('InvalidField');
    expect((await call('POST', '/callback_lists', '{not json', { ...key, 'content-type': 'application/json' })).status).toBe(400);

    // Each sees the lists of its queues: sam only sales, the API key and the admin everything.
    const samSees = await call('GET', '/callback_lists', undefined, as('sam'));
    expect(samSees.body.map((l: { name: string }) => l.name)).toEqual(['Sales leads']);
    expect((await call('GET', '/callback_lists', undefined, as('root'))).body).toHaveLength(2);
    expect((await call('GET', '/callback_lists')).body).toHaveLength(2);
  });

  it('needs authentication before any work (401), and answers 404 for unknown lists', async () => {
    const anonymous = await call('GET', '/callback_lists', undefined, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ error: 'NotAuthenticated', message: expect.any(String) });
    expect((await call('DELETE', `/callback_lists/${sales.uuid}`, undefined, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await call('GET', '/callback_lists/6b1f4c1e-5d4e-4a39-9c71-6f9f3f0a0a0a')).status).toBe(404);
    expect((await call('GET', '/callback_lists/not-a-uuid')).status).toBe(400);
  });

  it('imports a CSV file; a bad one is refused whole with line-numbered errors; a subscribed client gets fresh CallbackLists', async () => {
    const samWs = await loginAs(h, 'sam');
    await samWs.request({ claz: 'web', command: 'getCallbackLists' }, 'CallbackLists');
    const mark = samWs.frames.length;
    // carol is an agent of support only, bob asked for nothing: neither hears of the sales list.
    const carol = await loginAs(h, 'carol');
    await carol.request({ claz: 'web', command: 'getCallbackLists' }, 'CallbackLists');
    const bob = await loginAs(h, 'bob');
    const quiet = [carol, bob].map((c) => ({ c, from: c.frames.length }));

    const bad = 'phoneNumber|firstName|dueDate|period\n0601020304|Ann|2026-13-01|Day\n|Bob||\n0605060708|Cy||Nope\n';
    const refused = await call('POST', `/callback_lists/${sales.uuid}/import`, bad, as('sam'));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('InvalidImport');
    expect(refused.body.errors).toEqual([
      expect.stringMatching(/^line 2: dueDate/),
      expect.stringMatching(/^line 3: phoneNumber or mobilePhoneNumber/),
      expect.stringMatching(/^line 4: period/),
    ]);
    expect((await call('GET', `/callback_lists/${sales.uuid}/callback_requests`)).body).toEqual([]);

    const good = 'phoneNumber|mobilePhoneNumber|firstName|lastName|company|description|dueDate|period\n'
      + '0601020304||Ann|Lee|Acme|quote|2026-03-05|Day\n'
      + '|0611223344|Bob|Ray|||| \n';
    const imported = await call('POST', `/callback_lists/${sales.uuid}/import`, good, as('sam'));
    expect(imported).toMatchObject({ status: 200, body: { imported: 2 } });
    const pushed = await samWs.next('CallbackLists', (lists) => lists.some((l: any) => l.callbacks.length === 2), mark);
    expect(pushed.ctiMessage.map((l: { name: string }) => l.name)).toEqual(['Sales leads']);
    for (const { c, from } of quiet) {
      await c.sync();
      expect(c.frames.slice(from).filter((f) => f.msgType === 'CallbackLists')).toEqual([]);
      c.close();
    }

    const requests = await call('GET', `/callback_lists/${sales.uuid}/callback_requests`, undefined, as('sam'));
    expect(requests.body.map((r: { firstName: string }) => r.firstName).sort()).toEqual(['Ann', 'Bob']);
    // Bob had no due date: the next day, and the default period.
    expect(requests.body.find((r: { firstName: string }) => r.firstName === 'Bob')).toMatchObject({ dueDate: '2026-03-03', preferredPeriod: { uuid: day.uuid } });
    samWs.socket.close();
  });

  it('creates and deletes single requests, checking they belong to the list', async () => {
    const created = await call('POST', `/callback_lists/${sales.uuid}/callback_requests`, { phoneNumber: '0700000001', firstName: 'Dee' }, as('sam'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ listUuid: sales.uuid, queueId: 1, phoneNumber: '0700000001', agentId: null });
    const missingPhone = await call('POST', `/callback_lists/${sales.uuid}/callback_requests`, { firstName: 'Nobody' });
    expect(missingPhone.status).toBe(400);

    const support = (await call('GET', '/callback_lists')).body.find((l: { queueId: number }) => l.queueId === 2);
    expect((await call('DELETE', `/callback_lists/${support.uuid}/callback_requests/${created.body.uuid}`)).status).toBe(404);
    expect((await call('DELETE', `/callback_lists/${sales.uuid}/callback_requests/${created.body.uuid}`, undefined, as('sam'))).status).toBe(204);
    expect((await call('GET', `/callback_lists/${sales.uuid}`)).body.callbacks).toHaveLength(2);
  });

  it('downloads the tickets of a list as CSV', async () => {
    const ann = (await call('GET', `/callback_lists/${sales.uuid}/callback_requests`)).body.find((r: { firstName: string }) => r.firstName === 'Ann');
    await service.takeCallback(ann.uuid, 1);
    await service.startCallback(ann.uuid, 1, 1, '0601020304');
    const res = await call('GET', `/callback_lists/${sales.uuid}/tickets`, undefined, as('sam'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const [header, row] = (res.body as string).trim().split('\n');
    expect(header!.split('|').slice(0, 4)).toEqual(['uuid', 'requestUuid', 'listUuid', 'phoneNumber']);
    expect(row).toContain(ann.uuid);
    expect(row).toContain('|Ann|');
    expect((await call('GET', `/callback_lists/${sales.uuid}/tickets`, undefined, as('alice'))).status).toBe(403);
  });

  it('refuses to delete a period in use (409), deletes a list (supervisor of its queue only)', async () => {
    const inUse = await call('DELETE', `/callback_periods/${day.uuid}`, undefined, as('root'));
    expect(inUse.status).toBe(409);
    const support = (await call('GET', '/callback_lists')).body.find((l: { queueId: number }) => l.queueId === 2);
    expect((await call('DELETE', `/callback_lists/${support.uuid}`, undefined, as('sam'))).status).toBe(403);
    expect((await call('DELETE', `/callback_lists/${sales.uuid}`, undefined, as('sam'))).status).toBe(204);
    expect((await call('GET', `/callback_lists/${sales.uuid}`)).status).toBe(404);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${h.server.url}/xuc/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths[`${BASE}/callback_lists`]!).sort()).toEqual(['get', 'post']);
    expect(doc.paths[`${BASE}/callback_lists/{listUuid}/import`]).toHaveProperty('post.requestBody.content.text/csv');
    expect(doc.paths[`${BASE}/callback_lists/{listUuid}/tickets`]).toHaveProperty('get');
    expect(doc.paths[`${BASE}/callback_periods/{periodUuid}`]).toHaveProperty('delete');
  });
});

it('answers 503 DatabaseUnavailable while the database is down, and 503 NotAvailable without the service', async () => {
  const clock = new ManualClock(0);
  // Never started: every query answers XUC_ERR_DB_UNAVAILABLE, as while the server is unreachable.
  const db = new Database({ open: () => Promise.reject(new Error('ECONNREFUSED')), clock, logger: silentLogger });
  const service = new CallbackService({ db, clock, logger: silentLogger, dial: async () => {} });
  const h = await startHarness({ rest: { apiKey: KEY } }, { services: { callbackAdmin: new CallbackAdmin({ db, clock, callbacks: service }) } });
  const bare = await startHarness({ rest: { apiKey: KEY } });
  try {
    const down = await fetch(`${h.server.url}${BASE}/callback_lists`, { headers: { 'x-api-key': KEY } });
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ error: 'DatabaseUnavailable', message: expect.any(String) });
    const missing = await fetch(`${bare.server.url}${BASE}/callback_periods`, { headers: { 'x-api-key': KEY } });
    expect(missing.status).toBe(503);
    expect(((await missing.json()) as { error: string }).error).toBe('NotAvailable');
  } finally {
    await h.close();
    await bare.close();
    service.stop();
  }
});
