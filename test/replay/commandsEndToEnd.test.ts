import { afterEach, describe, expect, it } from 'vitest';
import { XucError } from '../../src/errors.js';
import { startReplay, type Replay } from './replayHarness.js';

let replay: Replay | undefined;
afterEach(async () => {
  await replay?.stop();
  replay = undefined;
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof XucError ? { code: e.code, params: e.params } : { code: String(e), params: {} }),
  );

/** The actions the engine sent after the initial resync, without their ActionID. */
const sent = (r: Replay, name: string) =>
  r.server.actions
    .filter((a) => a.name === name)
    .map(({ fields }) => Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'ActionID')));

describe('commands end to end: the engine sends them, the recording confirms them', () => {
  it('agent-login-pause-logout driven by the command API', async () => {
    const r = (replay = await startReplay('agent-login-pause-logout'));
    const { engine } = r;

    const login = engine.agentLogin({ agentId: 1, phoneNumber: '1001' });
    const loginAgain = engine.agentLogin({ agentId: 1, phoneNumber: '1001' });
    await r.server.waitForAction('Originate');
    await r.playUntil(5_000);
    await Promise.all([login, loginAgain]);
    expect(sent(r, 'Originate')).toEqual([
      { Action: 'Originate', Channel: 'Local/1001@phones', Application: 'AgentLogin', Data: '1001', CallerID: '"Alice Martin" <1001>', Async: 'true' },
    ]);
    // Logged in: the same login is a no-op, another phone is refused and the agent stays where it is.
    await engine.agentLogin({ agentId: 1, phoneNumber: '1001' });
    expect(await failure(engine.agentLogin({ agentId: 1, phoneNumber: '1002' }))).toEqual({
      code: 'XUC_ERR_LOGGED_IN_ON_ANOTHER_PHONE',
      params: { phoneNb: '1001', requestedNb: '1002' },
    });
    expect(sent(r, 'Originate')).toHaveLength(1);

    await r.playUntil(10_300); // end of app_agent_pool's login probation
    const joins = [engine.setAgentQueue({ agentId: 1, queueId: 1, penalty: 0 }), engine.setAgentQueue({ agentId: 1, queueId: 2, penalty: 0 })];
    await r.server.waitForAction('QueueAdd', 2);
    await r.playUntil(11_290);
    await Promise.all(joins);
    expect(sent(r, 'QueueAdd')).toEqual(
      ['sales', 'support'].map((Queue) => ({
        Action: 'QueueAdd',
        Queue,
        Interface: 'Local/1001@agents',
        Penalty: '0',
        Paused: 'false',
        MemberName: 'Agent/1001',
        StateInterface: 'Agent:1001',
      })),
    );
    expect(engine.agentState(1)).toMatchObject({ name: 'AgentReady', queues: [1, 2] });

    const pause = engine.pauseAgent({ agentId: 1, reason: 'lunch' });
    await r.server.waitForAction('QueuePause');
    await r.playUntil(13_291);
    await pause;
    expect(sent(r, 'QueuePause')).toEqual([{ Action: 'QueuePause', Interface: 'Local/1001@agents', Paused: 'true', Reason: 'lunch' }]);
    expect(engine.agentState(1)).toMatchObject({ name: 'AgentOnPause', cause: 'lunch' });

    const unpause = engine.unpauseAgent({ agentId: 1 });
    await r.server.waitForAction('QueuePause', 2);
    await r.playUntil(16_296);
    await unpause;
    expect(sent(r, 'QueuePause')[1]).toEqual({ Action: 'QueuePause', Interface: 'Local/1001@agents', Paused: 'false' });
    expect(engine.agentState(1)?.name).toBe('AgentReady');

    const leave = [engine.removeAgentFromQueue({ agentId: 1, queueId: 1 }), engine.removeAgentFromQueue({ agentId: 1, queueId: 2 })];
    const logout = engine.agentLogout({ agentId: 1 });
    await r.server.waitForAction('AgentLogoff');
    await r.playUntil(18_400);
    await Promise.all([...leave, logout]);
    expect(sent(r, 'QueueRemove')).toEqual([
      { Action: 'QueueRemove', Queue: 'sales', Interface: 'Local/1001@agents' },
      { Action: 'QueueRemove', Queue: 'support', Interface: 'Local/1001@agents' },
    ]);
    expect(sent(r, 'AgentLogoff')).toEqual([{ Action: 'AgentLogoff', Agent: '1001' }]);
    expect(engine.agentState(1)).toMatchObject({ name: 'AgentLoggedOut', queues: [] });

    // Logged out: nothing to pause, and a second logout sends nothing.
    expect((await failure(engine.pauseAgent({ agentId: 1 })))?.code).toBe('XUC_ERR_INVALID_STATE');
    await engine.agentLogout({ agentId: 1 });
    expect(sent(r, 'AgentLogoff')).toHaveLength(1);
  });

  it('pause-during-call: a pause asked during a call is confirmed by Asterisk while the call goes on', async () => {
    const r = (replay = await startReplay('pause-during-call'));
    await r.playUntil(14_000);
    expect(r.engine.agentState(2)?.name).toBe('AgentOnCall');
    const pause = r.engine.pauseAgent({ agentId: 2, reason: 'break' });
    await r.server.waitForAction('QueuePause');
    await r.playUntil(14_800);
    await pause;
    expect(r.engine.agentState(2)?.name).toBe('AgentOnCall');
    // Recording pause: one MixMonitorMute on the agent's channel, shown at once in the agent state.
    await r.engine.monitorPause({ agentId: 2 });
    await r.engine.monitorPause({ agentId: 2 });
    expect(sent(r, 'MixMonitorMute')).toEqual([
      { Action: 'MixMonitorMute', Channel: 'Local/1002@phones-00000000;1', Direction: 'both', State: '1' },
    ]);
    expect(r.engine.agentState(2)).toMatchObject({ name: 'AgentOnCall', monitorState: 'PAUSED' });
    await r.playUntil(24_000);
    r.clock.set(r.startEpochMs + 24_000); // Asterisk is silent after the hang-up: time passes anyway
    expect(r.engine.agentState(2)).toMatchObject({ name: 'AgentOnPause', cause: 'break' });
    const unpause = r.engine.unpauseAgent({ agentId: 2 });
    await r.playAll();
    await unpause;
    expect(r.engine.agentState(2)?.name).toBe('AgentReady');
  });

  it('membership-changes: a member gets QueuePenalty, not a second QueueAdd', async () => {
    const r = (replay = await startReplay('membership-changes'));
    await r.playUntil(11_000); // 1003 joined sales and support with penalty 2
    expect(r.engine.queueMembers()).toContainEqual({ agentId: 3, queueId: 1, penalty: 2 });
    const change = r.engine.setAgentQueue({ agentId: 3, queueId: 1, penalty: 5 });
    await r.server.waitForAction('QueuePenalty');
    expect(sent(r, 'QueuePenalty')).toEqual([{ Action: 'QueuePenalty', Interface: 'Local/1003@agents', Penalty: '5', Queue: 'sales' }]);
    expect(sent(r, 'QueueAdd')).toEqual([]);
    await r.playAll();
    await change;
  });
});
