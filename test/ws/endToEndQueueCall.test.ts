import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { EngineEvent } from '../../src/domain/engineEvents.js';
import { startServer, type RunningServer } from '../../src/transport/server.js';
import { fixtureConfigStore, startReplay, type Replay } from '../replay/replayHarness.js';
import { TestClient } from './support/harness.js';

/**
 * queue-call-answered, replayed into the real engine: a supervisor watching the sales queue sees
 * the waiting call and the live counters the engine computed, and the agent that takes the call
 * sees its phone ring with the queue's name, in the engine's order.
 */
describe('end to end: a queue call seen by a supervisor and by the agent', () => {
  let replay: Replay;
  let server: RunningServer;
  const events: EngineEvent[] = [];
  let sam: TestClient;
  let alice: TestClient;

  beforeAll(async () => {
    replay = await startReplay('queue-call-answered');
    replay.engine.subscribe((e) => events.push(e));
    const store = await fixtureConfigStore();
    server = await startServer({ config: loadConfig({}, { http: { port: 0 } }), engine: replay.engine, configStore: store });
    const url = (username: string) =>
      `ws://127.0.0.1:${server.port}/xuc/api/2.0/cti?token=${server.tokens.issue(store.current().users.find((u) => u.username === username)!).token}`;
    [sam, alice] = await Promise.all(['sam', 'alice'].map((u) => TestClient.login(url(u))));
    sam.send({ claz: 'web', command: 'subscribeToQueueStats' });
    sam.send({ claz: 'web', command: 'subscribeToQueueCalls', queueId: 1 });
    sam.send({ claz: 'web', command: 'subscribeToAgentEvents' });
    await sam.sync();
    await replay.playAll();
    await Promise.all([sam, alice].map((c) => c.sync()));
  });
  afterAll(async () => {
    [sam, alice].forEach((c) => c?.close());
    await server?.close();
    await replay?.stop();
  });

  it('the supervisor gets every QueueCalls change of sales, as the engine published them', () => {
    const published = events.flatMap((e) => (e.kind === 'queueCalls' && e.queueId === 1 ? [e.calls] : []));
    const seen = sam.frames.filter((f) => f.msgType === 'QueueCalls').map((f) => f.ctiMessage);
    expect(seen[0]).toEqual({ queueId: 1, calls: [] });
    expect(seen.slice(1).map((m) => m.calls)).toEqual(published);
    expect(published.some((calls) => calls.length === 1)).toBe(true);
  });

  it('the supervisor gets the live counters of its queues only', () => {
    const seen = sam.frames.filter((f) => f.msgType === 'QueueStatistics').map((f) => f.ctiMessage.queueId);
    const supervised = new Set([1, 2]);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((q) => supervised.has(q))).toBe(true);
    const published = events.filter((e) => e.kind === 'queueLiveCounters' && supervised.has(e.queueId)).length;
    expect(seen.length).toBe(2 + published); // one per supervised queue at subscription, then each change
  });

  it('the agent\'s desk sees its own line ring with the queue name, then be answered and released', () => {
    const phone = alice.frames.filter((f) => f.msgType === 'PhoneEvent').map((f) => f.ctiMessage);
    const published = events.flatMap((e) => (e.kind === 'phoneEvent' && e.lineId === 1 ? [e.event] : []));
    expect(phone).toEqual(published);
    expect(phone.some((p) => p.eventType === 'EventRinging' && p.queueName === 'sales')).toBe(true);
    const statuses = alice.frames.filter((f) => f.msgType === 'PhoneStatusUpdate').map((f) => f.ctiMessage.status);
    expect(statuses[0]).toBe('AVAILABLE');
    expect(statuses.at(-1)).toBe('AVAILABLE');
  });

  it('the supervisor sees agent 1 go on an ACD call and through wrap-up', () => {
    const seen = sam.frames.filter((f) => f.msgType === 'AgentStateEvent' && f.ctiMessage.agentId === 1).map((f) => f.ctiMessage);
    expect(seen.find((m) => m.name === 'AgentOnCall')).toMatchObject({ acd: true, direction: 'Incoming' });
    expect(seen.map((m) => m.name)).toContain('AgentOnWrapup');
  });
});
