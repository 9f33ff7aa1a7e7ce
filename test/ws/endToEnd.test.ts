import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { EngineEvent } from '../../src/domain/engineEvents.js';
import { startServer, type RunningServer } from '../../src/transport/server.js';
import { agentStory, fixtureConfigStore, phoneStory, startReplay, type Replay } from '../replay/replayHarness.js';
import { TestClient } from './support/harness.js';

const describeState = (m: { name: string; cause: string }) => (m.cause ? `${m.name}(${m.cause})` : m.name);
const collapse = (xs: string[]) => xs.filter((x, i) => xs[i - 1] !== x);

/**
 * The real engine fed by a real Asterisk recording over TCP, served by the real server to real
 * WebSocket clients: what the clients see must be what the engine concluded, in the same order.
 */
describe('end to end: AMI recording → engine → WebSocket clients', () => {
  let replay: Replay;
  let server: RunningServer;
  const events: EngineEvent[] = [];
  let admin: TestClient;
  let alice: TestClient;
  let bruno: TestClient;

  beforeAll(async () => {
    replay = await startReplay('agent-login-pause-logout');
    replay.engine.subscribe((e) => events.push(e));
    const store = await fixtureConfigStore();
    server = await startServer({ config: loadConfig({}, { http: { port: 0 } }), engine: replay.engine, configStore: store });
    const url = (username: string) =>
      `ws://127.0.0.1:${server.port}/xuc/api/2.0/cti?token=${server.tokens.issue(store.current().users.find((u) => u.username === username)!).token}`;
    [admin, alice, bruno] = await Promise.all(['admin', 'alice', 'bruno'].map((u) => TestClient.login(url(u))));
    admin.send({ claz: 'web', command: 'subscribeToAgentEvents' });
    admin.send({ claz: 'web', command: 'getList', objectType: 'queuemember' });
    await admin.next('QueueMemberList');
    await replay.playAll();
    await Promise.all([admin, alice, bruno].map((c) => c.sync()));
  });
  afterAll(async () => {
    [admin, alice, bruno].forEach((c) => c?.close());
    await server?.close();
    await replay?.stop();
  });

  it('a subscribed admin sees agent 1 log in, pause for lunch, get ready and log out, as the engine concluded', () => {
    const seen = admin.frames.filter((f) => f.msgType === 'AgentStateEvent' && f.ctiMessage.agentId === 1).map((f) => describeState(f.ctiMessage));
    expect(collapse(seen)).toEqual(agentStory(events, 1));
    expect(collapse(seen)).toEqual(['AgentLogin', 'AgentReady', 'AgentOnPause(lunch)', 'AgentReady', 'AgentLoggedOut']);
  });

  it('the admin sees the queue memberships come and go', () => {
    const members = admin.frames.filter((f) => f.msgType === 'QueueMember').map((f) => `${f.ctiMessage.agentId}/${f.ctiMessage.queueId}:${f.ctiMessage.penalty}`);
    expect(members).toEqual(['1/1:0', '1/2:0', '1/1:-1', '1/2:-1']);
  });

  it('alice gets her own agent\'s events and her line\'s phone events unsolicited; bruno gets none of them', () => {
    const own = alice.frames.filter((f) => f.msgType === 'AgentStateEvent').map((f) => describeState(f.ctiMessage));
    expect(collapse(own)).toEqual(agentStory(events, 1));
    const phone = alice.frames.filter((f) => f.msgType === 'PhoneEvent').map((f) => `${f.ctiMessage.eventType} ${f.ctiMessage.otherDN}`);
    expect(phone.length).toBeGreaterThan(0);
    expect(collapse(phone)).toEqual(phoneStory(events, 1));
    expect(bruno.frames.some((f) => f.msgType === 'AgentStateEvent' || f.msgType === 'PhoneEvent')).toBe(false);
  });

  it('getAgentStates answers the engine\'s current view', async () => {
    const state = await admin.request({ claz: 'web', command: 'getAgentStates' }, 'AgentStateEvent', (m) => m.agentId === 1);
    expect(state.ctiMessage).toMatchObject({ name: 'AgentLoggedOut', agentId: 1, phoneNb: '', queues: [] });
  });

  it('the real engine\'s refusals reach the client typed: AgentError for an unknown phone, Error otherwise', async () => {
    const unknown = await alice.request({ claz: 'web', command: 'agentLogin', agentphonenumber: '9999' }, 'AgentError');
    expect(unknown.ctiMessage).toEqual({ Error: 'PhoneNumberUnknown' });
    const pause = await admin.request({ claz: 'web', command: 'pauseAgent', agentid: 1 }, 'Error');
    expect(pause.ctiMessage.command).toBe('pauseAgent');
    expect(typeof pause.ctiMessage.Error).toBe('string');
  });
});
