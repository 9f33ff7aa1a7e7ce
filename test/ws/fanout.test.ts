import { describe, expect, it, vi } from 'vitest';
import { encodeMessage } from '../../src/transport/ws/wireCodec.js';
import { startHarness, loginAs, TestClient, tokenUrl } from './support/harness.js';

const agentState = (agentId: number, n: number) => ({
  kind: 'agentState' as const,
  agentId,
  state: { name: n % 2 ? ('AgentOnPause' as const) : ('AgentReady' as const), agentId, phoneNb: '1001', since: n, queues: [1], cause: n % 2 ? `pause-${n}` : '' },
});

describe('fan-out to many sessions', () => {
  it('200 concurrent clients subscribed to agent events all receive every event, in order', async () => {
    const h = await startHarness();
    try {
      const clients = await Promise.all(Array.from({ length: 200 }, () => TestClient.login(tokenUrl(h, 'root'))));
      for (const c of clients) c.send({ claz: 'web', command: 'subscribeToAgentEvents' });
      await Promise.all(clients.map((c) => c.sync()));
      expect(h.server.sessionCount()).toBe(200);
      const marks = clients.map((c) => c.frames.length);
      for (let n = 0; n < 50; n++) h.engine.publish(agentState(1 + (n % 3), n));
      await Promise.all(clients.map((c, i) => c.count(marks[i]! + 50)));
      for (const [i, c] of clients.entries()) {
        const received = c.frames.slice(marks[i]).map((f) => f.ctiMessage.since);
        expect(received).toEqual(Array.from({ length: 50 }, (_, n) => n));
      }
      clients.forEach((c) => c.close());
    } finally {
      await h.close();
    }
  });

  it('a burst of events of every size, non-ASCII text included, reaches each client as one intact message per event', async () => {
    const h = await startHarness();
    try {
      const clients = await Promise.all(Array.from({ length: 3 }, () => loginAs(h, 'root')));
      for (const c of clients) c.send({ claz: 'web', command: 'subscribeToAgentEvents' });
      await Promise.all(clients.map((c) => c.sync()));
      // Short, over 125 bytes, over 64 KiB (the three lengths a frame header can carry), accents and emoji.
      const causes = ['', 'pause', 'é'.repeat(100), 'x'.repeat(200), 'Pause déjeuner ☕ 🍽️', 'ü'.repeat(40_000), 'y'.repeat(70_000)];
      const events = causes.map((cause, n) => ({ ...agentState(1, n), state: { ...agentState(1, n).state, cause } }));
      const marks = clients.map((c) => c.frames.length);
      for (const e of events) h.engine.publish(e);
      await Promise.all(clients.map((c, i) => c.count(marks[i]! + events.length)));
      for (const [i, c] of clients.entries()) {
        expect(c.raw.slice(marks[i])).toEqual(events.map((e) => encodeMessage('AgentStateEvent', e.state)));
      }
      clients.forEach((c) => c.close());
    } finally {
      await h.close();
    }
  });

  it('encodes each event once, whatever the number of recipients', async () => {
    let encodings = 0;
    const h = await startHarness({}, { encode: (t, p) => (encodings++, encodeMessage(t, p)) });
    try {
      const clients = await Promise.all(Array.from({ length: 20 }, () => loginAs(h, 'root')));
      for (const c of clients) c.send({ claz: 'web', command: 'subscribeToAgentEvents' });
      await Promise.all(clients.map((c) => c.sync()));
      const before = encodings;
      for (let n = 0; n < 10; n++) h.engine.publish(agentState(2, n));
      await Promise.all(clients.map((c) => c.next('AgentStateEvent', (m) => m.since === 9)));
      expect(encodings - before).toBe(10);
      clients.forEach((c) => c.close());
    } finally {
      await h.close();
    }
  });

  it('closes a client that stops reading once its outbound buffer passes the bound; others keep receiving', async () => {
    const h = await startHarness({ ws: { outboundBufferMessages: 64 } });
    try {
      const slow = await loginAs(h, 'root');
      const fast = await loginAs(h, 'root');
      for (const c of [slow, fast]) {
        c.send({ claz: 'web', command: 'subscribeToAgentEvents' });
        await c.sync();
      }
      // The slow client's process stops reading its socket.
      (slow.socket as any)._socket.pause();
      const bulky = 'x'.repeat(16 * 1024);
      let n = 0;
      // 64 MB in total: far beyond what the kernel's socket buffers can absorb.
      for (let batch = 0; batch < 128; batch++) {
        for (let i = 0; i < 32; i++, n++) h.engine.publish({ ...agentState(1, n), state: { ...agentState(1, n).state, cause: bulky } });
        await fast.next('AgentStateEvent', (m) => m.since === n - 1);
        if (h.server.sessionCount() === 1) break;
      }
      expect(h.server.sessionCount()).toBe(1);
      (slow.socket as any)._socket.resume();
      const closed = await slow.waitClosed();
      expect(closed.code).toBe(1008);
      expect(closed.reason).toMatch(/slow consumer/);
      expect(h.server.transportCounters().droppedSlowClients()).toBe(1);
      h.engine.publish(agentState(1, 100_000));
      await fast.next('AgentStateEvent', (m) => m.since === 100_000);
      fast.close();
    } finally {
      await h.close();
    }
  });

  it('reads the live queue membership for rights only when a non-admin check needs it, once per event', async () => {
    const h = await startHarness();
    try {
      const admins = await Promise.all(Array.from({ length: 5 }, () => loginAs(h, 'root')));
      for (const c of admins) c.send({ claz: 'web', command: 'subscribeToAgentEvents' });
      for (const c of admins) c.send({ claz: 'web', command: 'subscribeToQueueStats' });
      await Promise.all(admins.map((c) => c.sync()));
      const members = vi.spyOn(h.engine, 'queueMembers');
      for (let n = 0; n < 10; n++) h.engine.publish(agentState(3, n));
      h.engine.publish({ kind: 'queueLiveCounters', queueId: 2, counters: [{ statName: 'WaitingCalls', value: 1 }] });
      await Promise.all(admins.map((c) => c.next('QueueStatistics', (m) => m.queueId === 2 && m.counters?.[0]?.value === 1)));
      expect(members).not.toHaveBeenCalled();

      // Two supervisors: agent 3 is outside their group, so membership is read, but once per event.
      const supervisors = [await loginAs(h, 'sam'), await loginAs(h, 'sam')];
      for (const c of supervisors) c.send({ claz: 'web', command: 'subscribeToAgentEvents' });
      await Promise.all(supervisors.map((c) => c.sync()));
      members.mockClear();
      const marks = admins.map((c) => c.frames.length);
      for (let n = 0; n < 4; n++) h.engine.publish(agentState(3, n));
      await Promise.all(admins.map((c, i) => c.next('AgentStateEvent', (m) => m.agentId === 3 && m.since === 3, marks[i])));
      expect(members).toHaveBeenCalledTimes(4);
      [...admins, ...supervisors].forEach((c) => c.close());
    } finally {
      await h.close();
    }
  });
});
