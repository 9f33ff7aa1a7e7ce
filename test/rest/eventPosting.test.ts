import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EventPoster } from '../../src/transport/rest/eventPoster.js';
import { systemClock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/log.js';
import { startHarness, type Harness } from '../ws/support/harness.js';

/** A real HTTP receiver like an integration's eventUrl; `answer` decides the status per request. */
async function receiver(answer: (n: number, body: any) => number = () => 200) {
  const received: any[] = [];
  let waiters: Array<() => void> = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const body = JSON.parse(text);
      const status = answer(n++, body);
      if (status === 200) received.push(body);
      res.writeHead(status).end();
      const w = waiters;
      waiters = [];
      w.forEach((f) => f());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/xivo/1.0/event/example.com/dropbox/`;
  return {
    url,
    received,
    async until(count: number) {
      while (received.length < count) await new Promise<void>((r) => waiters.push(r));
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const KEY = 'key';
const post = (h: Harness, path: string, body: unknown = {}) =>
  fetch(`${h.server.url}${path}`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('event posting to rest.eventUrl', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('posts each PhoneEvent of a connected user wrapped with its username, and each status change as an integer, in order', async () => {
    const rx = await receiver();
    const h = await startHarness({ rest: { apiKey: KEY, eventUrl: rx.url } });
    cleanups.push(rx.close, h.close);
    expect((await post(h, '/xuc/api/1.0/connect/example.com/alice/', { password: 'alice-secret' })).status).toBe(200);
    const uniqueId = h.engine.ring(1, '0298765432', { XIVO_USERID: '1' });
    h.engine.ring(2, '0600000000'); // bob is not connected: nothing posted for him
    await h.engine.answer({ lineId: 1 });
    await h.engine.hangup({ lineId: 1 });
    await rx.until(6);
    expect(rx.received.map((b) => b.status ?? b.message.ctiMessage.eventType)).toEqual([
      'EventRinging', 8, 'EventEstablished', 1, 'EventReleased', 0,
    ]);
    expect(rx.received[0]).toEqual({
      username: 'alice',
      message: { msgType: 'PhoneEvent', ctiMessage: { eventType: 'EventRinging', DN: '1001', otherDN: '0298765432', otherDName: '', linkedId: uniqueId, uniqueId, userData: { XIVO_USERID: '1' } } },
    });
    expect(rx.received[1]).toEqual({ username: 'alice', status: 8 });
    expect(rx.received.every((b) => b.username === 'alice')).toBe(true);
  });

  it('handshake answers at once and re-posts the status and the calls in progress of the domain\'s users', async () => {
    const rx = await receiver();
    const h = await startHarness({ rest: { apiKey: KEY, eventUrl: rx.url } });
    cleanups.push(rx.close, h.close);
    await post(h, '/xuc/api/1.0/connect/example.com/bob/', { password: 'bob-secret' });
    h.engine.ring(2, '0298765432');
    await rx.until(2);
    expect((await post(h, '/xuc/api/1.0/handshake/example.com/')).status).toBe(200);
    await rx.until(4);
    expect(rx.received.slice(2)).toEqual([
      { username: 'bob', status: 8 },
      { username: 'bob', message: { msgType: 'PhoneEvent', ctiMessage: expect.objectContaining({ eventType: 'EventRinging', DN: '1002' }) } },
    ]);
  });

  it('retries a failed post and keeps the user\'s order', async () => {
    const rx = await receiver((n) => (n < 2 ? 500 : 200));
    const poster = new EventPoster({ url: rx.url, clock: systemClock, logger: silentLogger, backoffMs: 5 });
    cleanups.push(rx.close, async () => poster.stop());
    for (let i = 0; i < 5; i++) poster.post('alice', { username: 'alice', status: i });
    await rx.until(5);
    expect(rx.received.map((b) => b.status)).toEqual([0, 1, 2, 3, 4]);
  });

  it('never blocks the caller, and drops the oldest events beyond its bound', async () => {
    const rx = await receiver();
    const poster = new EventPoster({ url: rx.url, clock: systemClock, logger: silentLogger, maxQueued: 10, concurrency: 1 });
    cleanups.push(rx.close, async () => poster.stop());
    for (let i = 0; i < 100; i++) poster.post('alice', { username: 'alice', status: i });
    expect(poster.queued).toBe(10);
    await rx.until(11);
    // The first went out at once; of the rest only the newest ten were kept.
    expect(rx.received.map((b) => b.status)).toEqual([0, ...Array.from({ length: 10 }, (_, i) => 90 + i)]);
  });

  it('gives up on a dead receiver after its retries without affecting the server', async () => {
    const poster = new EventPoster({ url: 'http://127.0.0.1:1/none', clock: systemClock, logger: silentLogger, retries: 1, backoffMs: 1 });
    cleanups.push(async () => poster.stop());
    poster.post('alice', { status: 0 });
    poster.post('alice', { status: 1 });
    for (let i = 0; i < 200 && poster.queued > 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(poster.queued).toBe(0);
  });
});
