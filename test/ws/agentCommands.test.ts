import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, loginAs, passwordUrl, TestClient, type Harness } from './support/harness.js';

describe('agent commands over the wire', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('agentLogin without agentid logs the user\'s own agent on the given phone: AgentLogin then AgentReady', async () => {
    const alice = await loginAs(h, 'alice');
    alice.send({ claz: 'web', command: 'agentLogin', agentphonenumber: '1001' });
    const login = await alice.next('AgentStateEvent', (m) => m.name === 'AgentLogin');
    const ready = await alice.next('AgentStateEvent', (m) => m.name === 'AgentReady');
    expect(login.ctiMessage).toMatchObject({ agentId: 1, phoneNb: '1001' });
    expect(ready.ctiMessage).toEqual({ name: 'AgentReady', agentId: 1, phoneNb: '1001', since: 0, queues: [1], cause: '' });
    expect(alice.frames.indexOf(login)).toBeLessThan(alice.frames.indexOf(ready));
    alice.close();
  });

  it('agentLogin defaults the phone to the agentNumber given at connection', async () => {
    const bob = await TestClient.login(passwordUrl(h, 'bob', 'bob-secret', '1002'));
    const ready = await bob.request({ claz: 'web', command: 'agentLogin' }, 'AgentStateEvent', (m) => m.name === 'AgentReady');
    expect(ready.ctiMessage.phoneNb).toBe('1002');
    await bob.request({ claz: 'web', command: 'agentLogout' }, 'AgentStateEvent', (m) => m.name === 'AgentLoggedOut');
    bob.close();
  });

  it('answers AgentError PhoneNumberUnknown for an unknown phone', async () => {
    const carol = await loginAs(h, 'carol');
    const error = await carol.request({ claz: 'web', command: 'agentLogin', agentphonenumber: '9999' }, 'AgentError');
    expect(error.ctiMessage).toEqual({ Error: 'PhoneNumberUnknown' });
    carol.close();
  });

  it('answers AgentError LoggedInOnAnotherPhone with both numbers, and the agent stays where it was', async () => {
    const carol = await loginAs(h, 'carol');
    await carol.request({ claz: 'web', command: 'agentLogin', agentphonenumber: '1004' }, 'AgentStateEvent', (m) => m.name === 'AgentReady');
    const error = await carol.request({ claz: 'web', command: 'agentLogin', agentphonenumber: '1002' }, 'AgentError');
    expect(error.ctiMessage).toEqual({ Error: 'LoggedInOnAnotherPhone', phoneNb: '1004', RequestedNb: '1002' });
    expect(h.engine.agentState(3)).toMatchObject({ name: 'AgentReady', phoneNb: '1004' });
    // Logging in again on the same line re-sends the current state.
    const again = await carol.request({ claz: 'web', command: 'agentLogin', agentphonenumber: '1004' }, 'AgentStateEvent');
    expect(again.ctiMessage).toMatchObject({ name: 'AgentReady', phoneNb: '1004' });
    await carol.request({ claz: 'web', command: 'agentLogout', agentid: 3 }, 'AgentStateEvent', (m) => m.name === 'AgentLoggedOut');
    carol.close();
  });

  it('pauses with a reason, unpauses, and accepts the agent id as a numeric string', async () => {
    const alice = await loginAs(h, 'alice');
    await alice.request({ claz: 'web', command: 'agentLogin', agentphonenumber: '1001' }, 'AgentStateEvent', (m) => m.name === 'AgentReady');
    const paused = await alice.request({ claz: 'web', command: 'pauseAgent', agentid: '1', reason: 'lunch' }, 'AgentStateEvent', (m) => m.name === 'AgentOnPause');
    expect(paused.ctiMessage.cause).toBe('lunch');
    const noReason = await alice.request({ claz: 'web', command: 'pauseAgent' }, 'AgentStateEvent', (m) => m.name === 'AgentOnPause');
    expect(noReason.ctiMessage.cause).toBe('');
    await alice.request({ claz: 'web', command: 'unpauseAgent' }, 'AgentStateEvent', (m) => m.name === 'AgentReady');
    alice.close();
  });

  it('reports an engine refusal as Error with the command name', async () => {
    const bob = await loginAs(h, 'bob');
    const error = await bob.request({ claz: 'web', command: 'pauseAgent' }, 'Error');
    expect(error.ctiMessage).toMatchObject({ Error: 'InvalidState', command: 'pauseAgent' });
    const monitor = await bob.request({ claz: 'web', command: 'monitorPause' }, 'Error');
    expect(monitor.ctiMessage).toMatchObject({ Error: 'InvalidState', command: 'monitorPause' });
    bob.close();
  });

  it('lets a supervisor listen to an agent on a call; AgentListen reaches the supervisor', async () => {
    const sam = await loginAs(h, 'sam');
    h.engine.publish({ kind: 'agentState', agentId: 2, state: { name: 'AgentOnCall', agentId: 2, phoneNb: '1002', since: 0, queues: [1], cause: '', acd: true, direction: 'Incoming', callType: 'External', monitorState: 'ACTIVE' } });
    const listen = await sam.request({ claz: 'web', command: 'listenAgent', agentid: 2 }, 'AgentListen');
    expect(listen.ctiMessage).toEqual({ started: true, phoneNumber: '1003', agentId: 2 });
    expect(h.engine.commands.at(-1)).toEqual({ name: 'listenAgent', args: { agentId: 2, listenerLineId: 3 } });
    sam.send({ claz: 'web', command: 'subscribeToAgentEvents' });
    const paused = await sam.request({ claz: 'web', command: 'monitorPause', agentid: 2 }, 'AgentStateEvent');
    expect(paused.ctiMessage).toMatchObject({ name: 'AgentOnCall', agentId: 2, monitorState: 'PAUSED' });
    const resumed = await sam.request({ claz: 'web', command: 'monitorUnpause', agentid: 2 }, 'AgentStateEvent');
    expect(resumed.ctiMessage.monitorState).toBe('ACTIVE');
    sam.close();
  });
});
