import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, loginAs, type Harness } from '../ws/support/harness.js';

const KEY = 'k-3f9a1c';

async function call(h: Harness, method: string, path: string, body?: unknown, headers: Record<string, string> = { 'x-api-key': KEY }) {
  const res = await fetch(`${h.server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const tokenFor = (h: Harness, username: string) =>
  h.server.tokens.issue(h.store.current().users.find((u) => u.username === username)!).token;

describe('REST 1.0 authentication', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rest: { apiKey: KEY } });
  });
  afterAll(() => h.close());

  it('refuses with 401 and does nothing without a key, with a wrong key, or with a bad token', async () => {
    const before = h.engine.commands.length;
    const attempts: Array<Record<string, string>> = [{}, { 'x-api-key': 'wrong' }, { authorization: 'Bearer nope' }];
    for (const headers of attempts) {
      const res = await call(h, 'POST', '/xuc/api/1.0/dial/example.com/alice/', { number: '1002' }, headers);
      expect(res.status).toBe(401);
      expect(typeof res.body.error).toBe('string');
      expect(typeof res.body.message).toBe('string');
    }
    expect(h.engine.commands.length).toBe(before);
  });

  it('accepts the API key, and a Bearer token for the token\'s own user (403 for someone else\'s)', async () => {
    expect((await call(h, 'POST', '/xuc/api/1.0/dnd/example.com/alice/', { state: false })).status).toBe(200);
    const bob = { authorization: `Bearer ${tokenFor(h, 'bob')}` };
    expect((await call(h, 'POST', '/xuc/api/1.0/dnd/example.com/bob', { state: false }, bob)).status).toBe(200);
    const other = await call(h, 'POST', '/xuc/api/1.0/dnd/example.com/alice', { state: false }, bob);
    expect(other.status).toBe(403);
    expect(other.body.error).toBe('Forbidden');
    const admin = { authorization: `Bearer ${tokenFor(h, 'root')}` };
    expect((await call(h, 'POST', '/xuc/api/1.0/dnd/example.com/alice', { state: false }, admin)).status).toBe(200);
  });
});

describe('REST 1.0 from an allowed address', () => {
  it('needs no key when the source address is listed', async () => {
    const h = await startHarness({ rest: { allowedAddresses: ['127.0.0.1'] } });
    try {
      expect((await call(h, 'POST', '/xuc/api/1.0/dnd/d/alice/', { state: true }, {})).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('REST 1.0 methods', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rest: { apiKey: KEY } });
  });
  afterAll(() => h.close());

  it('dnd and forwards change the user\'s settings; an open WebSocket session sees UserConfigUpdate', async () => {
    const alice = await loginAs(h, 'alice');
    expect((await call(h, 'POST', '/xuc/api/1.0/dnd/d/alice/', { state: true })).status).toBe(200);
    expect((await alice.next('UserConfigUpdate', (m) => m.dndEnabled)).ctiMessage.dndEnabled).toBe(true);
    await call(h, 'POST', '/xuc/api/1.0/uncForward/d/alice', { state: true, destination: '1200' });
    await call(h, 'POST', '/xuc/api/1.0/naForward/d/alice', { state: true, destination: '1201' });
    await call(h, 'POST', '/xuc/api/1.0/busyForward/d/alice', { state: false, destination: '' });
    const last = await alice.next('UserConfigUpdate', (m) => m.naFwdDestination === '1201');
    expect(last.ctiMessage).toMatchObject({ uncFwdEnabled: true, uncFwdDestination: '1200', naFwdEnabled: true });
    alice.close();
  });

  it('dial sanitizes the number and calls from the user\'s line; dialByUsername calls the other user\'s line', async () => {
    expect((await call(h, 'POST', '/xuc/api/1.0/dial/d/alice/', { number: '+33 (0)1 23 45 67 89' })).status).toBe(200);
    expect(h.engine.commands.at(-1)).toEqual({ name: 'dial', args: { lineId: 1, destination: '0033123456789', variables: undefined } });
    expect((await call(h, 'POST', '/xuc/api/1.0/dialByUsername/d/alice/', { username: 'bob' })).status).toBe(200);
    expect(h.engine.commands.at(-1)).toEqual({ name: 'dial', args: { lineId: 1, destination: '1002' } });
    const noLine = await call(h, 'POST', '/xuc/api/1.0/dial/d/nophone/', { number: '1002' });
    expect(noLine).toMatchObject({ status: 409, body: { error: 'NoLine' } });
    const fromQueue = await call(h, 'POST', '/xuc/api/1.0/dialFromQueue/d/alice/', { destination: '0298765432', queueId: 1, callerIdName: 'Sales', variables: { t: '1' } });
    expect(fromQueue.status).toBe(200);
    expect(h.engine.commands.at(-1)!.args).toMatchObject({ queueId: 1, destination: '0298765432', variables: { USR_t: '1' } });
  });

  it('agentLogin, togglePause and agentLogout act on agents by number and by line', async () => {
    expect((await call(h, 'POST', '/xuc/api/1.0/agentLogin/', { agentphonenumber: '1002', agentnumber: '2002' })).status).toBe(200);
    expect(h.engine.agentState(2)).toMatchObject({ name: 'AgentReady', phoneNb: '1002' });
    const elsewhere = await call(h, 'POST', '/xuc/api/1.0/agentLogin', { agentphonenumber: '1004', agentnumber: '2002' });
    expect(elsewhere).toMatchObject({ status: 409, body: { error: 'LoggedInOnAnotherPhone' } });
    await call(h, 'POST', '/xuc/api/1.0/togglePause/', { phoneNumber: '1002' });
    expect(h.engine.agentState(2)!.name).toBe('AgentOnPause');
    await call(h, 'POST', '/xuc/api/1.0/togglePause/', { phoneNumber: '1002' });
    expect(h.engine.agentState(2)!.name).toBe('AgentReady');
    expect((await call(h, 'POST', '/xuc/api/1.0/agentLogout/', { phoneNumber: '1002' })).status).toBe(200);
    expect(h.engine.agentState(2)!.name).toBe('AgentLoggedOut');
    const nobody = await call(h, 'POST', '/xuc/api/1.0/agentLogout/', { phoneNumber: '1002' });
    expect(nobody).toMatchObject({ status: 404, body: { error: 'NotFound' } });
  });

  it('answers the documented errors: unknown user 404, bad JSON and missing fields 400, history 503', async () => {
    expect(await call(h, 'POST', '/xuc/api/1.0/dnd/d/ghost/', { state: true })).toMatchObject({ status: 404, body: { error: 'UserNotFound' } });
    expect(await call(h, 'POST', '/xuc/api/1.0/dnd/d/alice/', '{"state":')).toMatchObject({ status: 400, body: { error: 'InvalidJson' } });
    const missing = await call(h, 'POST', '/xuc/api/1.0/dial/d/alice/', {});
    expect(missing).toMatchObject({ status: 400, body: { error: 'InvalidJson' } });
    expect(missing.body.message).toMatch(/number/);
    expect(await call(h, 'GET', '/xuc/api/1.0/historyByUsername/d/alice/?size=1')).toMatchObject({ status: 503, body: { error: 'NotAvailable' } });
    expect((await call(h, 'POST', '/xuc/api/1.0/teleport/d/alice/', {})).status).toBe(404);
  });

  it('connect checks the user\'s password', async () => {
    expect((await call(h, 'POST', '/xuc/api/1.0/connect/d/alice/', { password: 'alice-secret' })).status).toBe(200);
    expect(await call(h, 'POST', '/xuc/api/1.0/connect/d/alice/', { password: 'nope' })).toMatchObject({ status: 401, body: { error: 'InvalidCredentials' } });
  });
});

describe('REST 2.0 authentication endpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('login issues a token that check renews; bad credentials and bad JSON are refused', async () => {
    const login = await call(h, 'POST', '/xuc/api/2.0/auth/login', { login: 'alice', password: 'alice-secret' }, {});
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ login: 'alice', token: expect.any(String), TTL: 3600 });
    const check = await call(h, 'GET', '/xuc/api/2.0/auth/check', undefined, { authorization: `Bearer ${login.body.token}` });
    expect(check.status).toBe(200);
    expect(check.body.login).toBe('alice');
    expect(check.body.token).not.toBe(login.body.token);
    const old = await call(h, 'GET', '/xuc/api/2.0/auth/check', undefined, { authorization: `Bearer ${login.body.token}` });
    expect(old).toMatchObject({ status: 401, body: { error: 'InvalidToken' } });
    expect(await call(h, 'POST', '/xuc/api/2.0/auth/login', { login: 'alice', password: 'x' }, {})).toMatchObject({ status: 401, body: { error: 'InvalidCredentials' } });
    expect(await call(h, 'POST', '/xuc/api/2.0/auth/login', 'nope', {})).toMatchObject({ status: 400, body: { error: 'InvalidJson' } });
  });

  it('answers CORS preflights for the auth endpoints', async () => {
    for (const path of ['/xuc/api/2.0/auth/login', '/xuc/api/2.0/auth/check']) {
      const res = await fetch(`${h.server.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(res.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    }
  });
});

describe('the OpenAPI document', () => {
  it('is served and every path it documents is routed (answers something other than 404 Not Found)', async () => {
    const h = await startHarness({ rest: { apiKey: KEY } });
    try {
      const doc = (await call(h, 'GET', '/xuc/api/openapi.json')).body;
      expect(doc.openapi).toBe('3.1.0');
      const paths = Object.entries(doc.paths as Record<string, Record<string, unknown>>);
      expect(paths.length).toBeGreaterThanOrEqual(15);
      for (const [path, ops] of paths) {
        for (const method of Object.keys(ops)) {
          const concrete = path.replace('{domain}', 'd').replace('{username}', 'alice');
          const res = await call(h, method.toUpperCase(), concrete, method === 'get' ? undefined : {});
          expect(res.body?.error === 'NotFound' && res.status === 404, `${method} ${path}`).toBe(false);
        }
      }
    } finally {
      await h.close();
    }
  });
});
