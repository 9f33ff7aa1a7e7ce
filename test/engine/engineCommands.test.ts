import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/actors/engine.js';
import { MemoryConfigStore, readContactCenterConfigFile } from '../../src/auth/memoryConfigStore.js';
import { ManualClock } from '../../src/domain/clock.js';
import { XucError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { FakeAmiPort } from './fakeAmiPort.js';

const configPath = new URL('../../../shared/fixtures/ami/config.json', import.meta.url).pathname;

// Hashing the users' passwords is slow (scrypt): one store serves every test, none changes it.
const store = readContactCenterConfigFile(configPath).then((config) => MemoryConfigStore.create(config));

async function setup() {
  const configStore = await store;
  const ami = new FakeAmiPort();
  const clock = new ManualClock(1_800_000_000_000);
  const engine = createEngine({ configStore, ami, clock, logger: silentLogger });
  engine.start();
  return { engine, ami, clock, configStore };
}

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof XucError ? e.code : `not an XucError: ${String(e)}`),
  );

describe('engine commands (checked before any AMI action)', () => {
  it('reports every configured agent logged out before Asterisk said anything', async () => {
    const { engine } = await setup();
    const states = engine.agentStates();
    expect(states).toHaveLength(10);
    expect(states.every((s) => s.name === 'AgentLoggedOut' && s.phoneNb === '')).toBe(true);
    expect(engine.agentState(99)).toBeUndefined();
  });

  it('refuses unknown ids with the matching typed error and sends nothing', async () => {
    const { engine, ami } = await setup();
    expect(await code(engine.agentLogin({ agentId: 99, phoneNumber: '1001' }))).toBe('XUC_ERR_UNKNOWN_AGENT');
    expect(await code(engine.agentLogin({ agentId: 1, phoneNumber: '4444' }))).toBe('XUC_ERR_PHONE_NUMBER_UNKNOWN');
    expect(await code(engine.setAgentQueue({ agentId: 1, queueId: 42, penalty: 0 }))).toBe('XUC_ERR_UNKNOWN_QUEUE');
    expect(await code(engine.dial({ lineId: 77, destination: '1002' }))).toBe('XUC_ERR_UNKNOWN_LINE');
    expect(await code(engine.hangup({ lineId: 1 }))).toBe('XUC_ERR_NO_CALL');
    expect(await code(engine.pauseAgent({ agentId: 1, reason: 'lunch' }))).toBe('XUC_ERR_INVALID_STATE');
    expect(ami.actions).toEqual([]);
  });

  it('rejects values that would inject AMI headers', async () => {
    const { engine, ami } = await setup();
    expect(await code(engine.dial({ lineId: 1, destination: '1002\r\nAction: Hangup' }))).toBe('XUC_ERR_INVALID_FIELD');
    expect(await code(engine.dial({ lineId: 1, destination: '1002', variables: { a: 'x\ny' } }))).toBe('XUC_ERR_INVALID_FIELD');
    expect(await code(engine.setAgentQueue({ agentId: 1, queueId: 1, penalty: -3 }))).toBe('XUC_ERR_INVALID_FIELD');
    expect(ami.actions).toEqual([]);
  });

  it('logs an agent in by calling its phone into AgentLogin, and times out if Asterisk never confirms', async () => {
    const { engine, ami, clock } = await setup();
    const login = code(engine.agentLogin({ agentId: 1, phoneNumber: '1001' }));
    // The same command while the first is in flight shares it: one Originate only.
    const again = code(engine.agentLogin({ agentId: 1, phoneNumber: '1001' }));
    await Promise.resolve();
    await Promise.resolve();
    expect(ami.actions).toEqual([
      { Action: 'Originate', Channel: 'Local/1001@phones', Application: 'AgentLogin', Data: '1001', CallerID: '"Alice Martin" <1001>', Async: 'true' },
    ]);
    clock.advance(30_000);
    expect(await login).toBe('XUC_ERR_COMMAND_TIMEOUT');
    expect(await again).toBe('XUC_ERR_COMMAND_TIMEOUT');
  });

  it('passes on Asterisk refusals and a down link as typed errors', async () => {
    const { engine, ami } = await setup();
    ami.answer = () => 'Error';
    expect(await code(engine.setAgentQueue({ agentId: 1, queueId: 1, penalty: 2 }))).toBe('XUC_ERR_AMI_REFUSED');
    ami.setState('backoff', 0);
    expect(await code(engine.setAgentQueue({ agentId: 1, queueId: 1, penalty: 2 }))).toBe('XUC_ERR_AMI_DOWN');
    expect(engine.linkStatus().state).toBe('backoff');
  });

  it('fails a command waiting for its confirmation at once when the link goes down', async () => {
    const { engine, ami } = await setup();
    const login = code(engine.agentLogin({ agentId: 2, phoneNumber: '1002' }));
    await Promise.resolve();
    await Promise.resolve();
    expect(ami.actions).toHaveLength(1);
    ami.setState('backoff', 0);
    expect(await login).toBe('XUC_ERR_AMI_DOWN');
  });

  it('logging onto a line another agent uses logs that agent out first', async () => {
    const { engine, ami } = await setup();
    ami.emit({ Event: 'AgentLogin', Channel: 'Local/1001@phones-00000000;1', Uniqueid: '1.1', Linkedid: '1.1', Agent: '1002' });
    expect(engine.agentState(2)).toMatchObject({ name: 'AgentLogin', phoneNb: '1001' });
    const login = code(engine.agentLogin({ agentId: 1, phoneNumber: '1001' }));
    await Promise.resolve();
    await Promise.resolve();
    expect(ami.actions).toEqual([{ Action: 'AgentLogoff', Agent: '1002' }]);
    ami.emit({ Event: 'AgentLogoff', Agent: '1002', Logintime: '5' });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(engine.agentState(2)?.name).toBe('AgentLoggedOut');
    expect(ami.actions[1]).toMatchObject({ Action: 'Originate', Channel: 'Local/1001@phones', Application: 'AgentLogin', Data: '1001' });
    ami.emit({ Event: 'AgentLogin', Channel: 'Local/1001@phones-00000002;1', Uniqueid: '1.3', Linkedid: '1.3', Agent: '1001' });
    expect(await login).toBe('resolved');
    expect(engine.agentState(1)).toMatchObject({ name: 'AgentLogin', phoneNb: '1001' });
  });

  it('answer, hold and conference on a Local line fail at once as unsupported, naming the command and the technology', async () => {
    const { engine, ami } = await setup();
    const unsupported = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: unknown) => (e instanceof XucError ? `${e.code}: ${e.message}` : `not an XucError: ${String(e)}`),
      );
    // Whatever the call state: with no call at all, the command could never work either.
    expect(await unsupported(engine.answer({ lineId: 1 }))).toBe('XUC_ERR_UNSUPPORTED: answer on a Local line is not supported');
    expect(await unsupported(engine.hold({ lineId: 1 }))).toBe('XUC_ERR_UNSUPPORTED: hold on a Local line is not supported');
    expect(await unsupported(engine.conference({ lineId: 1 }))).toBe('XUC_ERR_UNSUPPORTED: conference on a Local line is not supported');
    // A ringing call on the line does not change it: nobody can press a Local line's buttons.
    ami.emit({ Event: 'Newchannel', Channel: 'Local/1001@phones-00000009;1', Uniqueid: '9.1', Linkedid: '9.1', ChannelState: '5', CallerIDNum: '1002', CallerIDName: 'Bob' });
    expect(engine.currentCalls(1).map((c) => c.eventType)).toEqual(['EventRinging']);
    expect(await unsupported(engine.answer({ lineId: 1 }))).toBe('XUC_ERR_UNSUPPORTED: answer on a Local line is not supported');
    expect(ami.actions).toEqual([]);
  });

  it('prefixes attached data with USR_ and originates from the line', async () => {
    const { engine, ami, clock } = await setup();
    const dial = code(engine.dial({ lineId: 1, destination: '1003', variables: { DATA1: 'hello', USR_X: 'y' } }));
    await Promise.resolve();
    expect(ami.actions[0]).toMatchObject({
      Action: 'Originate',
      Channel: 'Local/1001@phones',
      Context: 'internal',
      Exten: '1003',
      Variable: ['USR_DATA1=hello', 'USR_X=y'],
    });
    clock.advance(20_000);
    expect(await dial).toBe('XUC_ERR_COMMAND_TIMEOUT');
  });
});
