import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { startHarness, passwordUrl, TestClient, type Harness } from './support/harness.js';

async function restLogin(h: Harness, login: string, password: string) {
  const res = await fetch(`${h.server.url}/xuc/api/2.0/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('connecting to /ctichannel', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { loginThrottle: { delayStepMs: 1, maxFailures: 4, freeFailures: 2 } });
  });
  afterAll(() => h.close());

  it('sends LoggedOn first, then the user burst in the documented order', async () => {
    const client = await TestClient.login(passwordUrl(h, 'alice', 'alice-secret', '1001'));
    expect(client.frames.map((f) => f.msgType)).toEqual([
      'LoggedOn', 'UsersStatuses', 'UserConfigUpdate', 'UserStatusUpdate', 'PhoneStatusUpdate', 'RightProfile',
    ]);
    expect(client.raw[0]).toBe('{"msgType":"LoggedOn","ctiMessage":{}}');
    expect(client.frames[1]!.ctiMessage[1]).toEqual({
      name: 'lunch', longName: 'Lunch break', color: '#FF8C00', actions: [{ name: 'queuepause_all', parameters: 'true' }],
    });
    expect(client.frames[2]!.ctiMessage).toEqual({
      userId: 1, firstName: 'Alice', lastName: 'Martin', fullName: 'Alice Martin', mobileNumber: '0612345678', agentId: 1,
      lineIds: [1], voiceMailId: 0, voiceMailEnabled: false, dndEnabled: false, naFwdEnabled: false, naFwdDestination: '',
      uncFwdEnabled: false, uncFwdDestination: '', busyFwdEnabled: false, busyFwdDestination: '',
    });
    expect(client.frames[3]!.ctiMessage).toEqual({ status: 'available' });
    expect(client.frames[4]!.ctiMessage).toEqual({ status: 'AVAILABLE' });
    expect(client.frames[5]!.ctiMessage).toEqual({ profile: 'agent' });
    client.close();
  });

  it('serves /ctichannel and tolerates the literal amp; in query keys', async () => {
    const url = h.wsUrl('/ctichannel?username=sam&amp;agentNumber=1003&amp;password=sam-secret');
    const client = await TestClient.login(url);
    expect(client.frames[2]!.ctiMessage.userId).toBe(9);
    client.close();
  });

  it('sends no PhoneStatusUpdate to a user without a line', async () => {
    const client = await TestClient.login(passwordUrl(h, 'nophone', 'nophone-secret'));
    expect(client.frames.map((f) => f.msgType)).not.toContain('PhoneStatusUpdate');
    client.close();
  });

  it('accepts a REST 2.0 token on both token URLs', async () => {
    const { status, body } = await restLogin(h, 'bob', 'bob-secret');
    expect(status).toBe(200);
    expect(body).toMatchObject({ login: 'bob', TTL: 3600 });
    for (const path of ['/xuc/ctichannel/tokenAuthentication', '/xuc/api/2.0/cti']) {
      const client = await TestClient.login(h.wsUrl(`${path}?token=${body.token}`));
      expect(client.frames[0]!.msgType).toBe('LoggedOn');
      expect(client.frames[2]!.ctiMessage.userId).toBe(2);
      client.close();
    }
  });

  it('refuses a wrong password at the upgrade with 401 and a reason, before any frame', async () => {
    const refused = await TestClient.open(passwordUrl(h, 'carol', 'wrong')).catch((e) => e);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'InvalidCredentials' });
  });

  it('refuses an unknown token and a missing one with 401', async () => {
    for (const url of [h.wsUrl('/xuc/api/2.0/cti?token=nope'), h.wsUrl('/xuc/api/2.0/cti')]) {
      const refused = await TestClient.open(url).catch((e) => e);
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.body).error).toBe('InvalidToken');
    }
  });

  it('answers 404 to an upgrade on an unknown path', async () => {
    const refused = await TestClient.open(h.wsUrl('/elsewhere')).catch((e) => e);
    expect(refused.status).toBe(404);
  });

  it('answers {"claz":"ping"} with Pong', async () => {
    const client = await TestClient.login(passwordUrl(h, 'alice', 'alice-secret'));
    const pong = await client.request({ claz: 'ping' }, 'Pong');
    expect(pong).toEqual({ msgType: 'Pong', ctiMessage: {} });
    client.close();
  });
});

describe('repeated failures from one address', () => {
  it('are refused with 429 once the limit is reached, even with the right password', async () => {
    const h = await startHarness({}, { loginThrottle: { delayStepMs: 1, maxFailures: 3, freeFailures: 1 } });
    try {
      for (let i = 0; i < 3; i++) {
        const refused = await TestClient.open(passwordUrl(h, 'alice', `guess${i}`)).catch((e) => e);
        expect(refused.status).toBe(401);
      }
      const blocked = await TestClient.open(passwordUrl(h, 'alice', 'alice-secret')).catch((e) => e);
      expect(blocked.status).toBe(429);
      expect(JSON.parse(blocked.body).error).toBe('TooManyAttempts');
      const rest = await restLogin(h, 'alice', 'alice-secret');
      expect(rest.status).toBe(429);
    } finally {
      await h.close();
    }
  });
});

describe('with a manual clock', () => {
  it('drops a client that sends nothing for ws.idleTimeoutMs, and keeps one that pings', async () => {
    const clock = new ManualClock(Date.now());
    const h = await startHarness({ ws: { idleTimeoutMs: 30_000 } }, { clock });
    try {
      const silent = await TestClient.login(passwordUrl(h, 'alice', 'alice-secret'));
      const pinging = await TestClient.login(passwordUrl(h, 'bob', 'bob-secret'));
      clock.advance(20_000);
      await pinging.request({ claz: 'ping' }, 'Pong');
      clock.advance(20_000);
      const closed = await silent.waitClosed();
      expect(closed.code).toBe(1001);
      expect(closed.reason).toMatch(/idle/);
      expect(pinging.closed).toBeUndefined();
      await pinging.request({ claz: 'ping' }, 'Pong');
      pinging.close();
    } finally {
      await h.close();
    }
  });

  it('refuses an expired token with TokenExpired', async () => {
    const clock = new ManualClock(Date.now());
    const h = await startHarness({}, { clock, tokenTtlSeconds: 60 });
    try {
      const { body } = await restLogin(h, 'alice', 'alice-secret');
      clock.advance(61_000);
      const refused = await TestClient.open(h.wsUrl(`/xuc/api/2.0/cti?token=${body.token}`)).catch((e) => e);
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.body).error).toBe('TokenExpired');
    } finally {
      await h.close();
    }
  });
});
