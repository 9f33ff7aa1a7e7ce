import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { recordingLabPbx } from '../../src/simulator/pbxDefinition.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/startSimulator.js';
import { RawAmiClient, frameValue } from './rawAmiClient.js';

let sim: RunningSimulator | undefined;
let clients: RawAmiClient[] = [];
const clock = () => new ManualClock(Date.UTC(2026, 10, 28, 9, 0, 0));

async function connected(c = clock()) {
  sim = await startSimulator({ port: 0, clock: c, pbx: recordingLabPbx() });
  const client = await RawAmiClient.open(sim.port);
  clients.push(client);
  return { client, c, sim };
}

async function loggedIn(c = clock()) {
  const ctx = await connected(c);
  await ctx.client.action([['Action', 'Login'], ['ActionID', 'l'], ['Username', 'xuc'], ['Secret', 'xucpass']]);
  return ctx;
}

afterEach(async () => {
  for (const c of clients) c.close();
  clients = [];
  await sim?.stop();
  sim = undefined;
});

describe('AMI protocol of the simulator', () => {
  it('greets with the Asterisk 22 banner and refuses a bad secret', async () => {
    const { client } = await connected();
    expect(client.banner).toBe('Asterisk Call Manager/11.0.0');
    const bad = await client.action([['Action', 'Login'], ['ActionID', '1'], ['Username', 'xuc'], ['Secret', 'nope']]);
    expect(bad).toEqual([['Response', 'Error'], ['ActionID', '1'], ['Message', 'Authentication failed']]);
    const early = await client.action([['Action', 'Ping'], ['ActionID', '2']]);
    expect(frameValue(early, 'Response')).toBe('Error');
  });

  it('logs in, sends FullyBooted, answers Ping and refuses unknown actions', async () => {
    const { client } = await connected();
    const booted = client.waitFor((f) => frameValue(f, 'Event') === 'FullyBooted');
    const ok = await client.action([['Action', 'Login'], ['ActionID', '1'], ['Username', 'xuc'], ['Secret', 'xucpass']]);
    expect(ok).toEqual([['Response', 'Success'], ['ActionID', '1'], ['Message', 'Authentication accepted']]);
    expect((await booted).map(([k]) => k)).toEqual(['Event', 'Privilege', 'Uptime', 'LastReload', 'Status']);
    const pong = await client.action([['Action', 'Ping'], ['ActionID', '2']]);
    expect(frameValue(pong, 'Ping')).toBe('Pong');
    const unknown = await client.action([['Action', 'FlyToTheMoon'], ['ActionID', '3']]);
    expect(unknown).toEqual([['Response', 'Error'], ['ActionID', '3'], ['Message', 'Invalid/unknown command']]);
  });

  it('survives garbage and answers bad arguments with clean errors', async () => {
    const { client } = await loggedIn();
    client.sendRaw('this is not a header\r\n\r\n::::\r\n\r\n\u0000\u0001\r\n\r\n');
    const cases: Array<[Array<[string, string]>, string]> = [
      [[['Action', 'QueueAdd'], ['Queue', 'nosuch'], ['Interface', 'Local/1001@agents']], 'Unable to add interface to queue: No such queue'],
      [[['Action', 'QueueRemove'], ['Queue', 'sales'], ['Interface', 'Local/1001@agents']], 'Unable to remove interface: Not there'],
      [[['Action', 'QueuePause'], ['Interface', 'Local/9@agents'], ['Paused', 'true']], 'Interface not found'],
      [[['Action', 'Hangup'], ['Channel', 'Local/1@x-00000000;1']], 'No such channel'],
      [[['Action', 'Originate'], ['Channel', 'SIP/nowhere'], ['Exten', '1']], 'Originate failed'],
      [[['Action', 'AgentLogoff'], ['Agent', '4242']], 'Invalid agent'],
      [[['Action', 'PauseMixMonitor'], ['Channel', 'x']], 'MixMonitor is not modelled by the simulator'],
    ];
    for (const [i, [headers, message]] of cases.entries()) {
      const r = await client.action([...headers, ['ActionID', `e${i}`]]);
      expect(frameValue(r, 'Response'), message).toBe('Error');
      expect(frameValue(r, 'Message')).toBe(message);
    }
    expect(frameValue(await client.action([['Action', 'Ping'], ['ActionID', 'alive']]), 'Ping')).toBe('Pong');
  });

  it('lists an on-call agent with the bare-LF CallStarted quirk of app_agent_pool', async () => {
    const { client, c } = await loggedIn();
    await client.action([['Action', 'Originate'], ['ActionID', 'o1'], ['Channel', 'Local/1002@phones'], ['Application', 'AgentLogin'], ['Data', '1002'], ['Async', 'true']]);
    c.advance(10_000);
    await client.action([['Action', 'QueueAdd'], ['ActionID', 'a1'], ['Queue', 'support'], ['Interface', 'Local/1002@agents'], ['MemberName', 'Agent/1002'], ['StateInterface', 'Agent:1002']]);
    await client.action([['Action', 'Originate'], ['ActionID', 'o2'], ['Channel', 'Local/0698765432@from-extern'], ['Context', 'queues'], ['Exten', '3001'], ['CallerID', '"Sophie Blanc" <0698765432>']]);
    c.advance(2_000);
    const { events } = await client.list([['Action', 'Agents'], ['ActionID', 'ag']]);
    const agent = events.find((e) => frameValue(e, 'Agent') === '1002')!;
    expect(frameValue(agent, 'Status')).toBe('AGENT_ONCALL');
    expect(client.rawText).toMatch(/TalkingToChan: Local\/1002@agents-[0-9a-f]{8};2\r\nCallStarted: \d+\nLoggedInTime: \d+\r\n/);
    const channels = await client.list([['Action', 'CoreShowChannels'], ['ActionID', 'cs']]);
    expect(channels.events).toHaveLength(6);
    const queues = await client.list([['Action', 'QueueStatus'], ['ActionID', 'qs'], ['Queue', 'support']]);
    const member = queues.events.find((e) => frameValue(e, 'Event') === 'QueueMember')!;
    expect([frameValue(member, 'InCall'), frameValue(member, 'Status')]).toEqual(['1', '2']);
  });

  it('a phone redirected to hold-sim holds its call: the other party hears music, then it resumes', async () => {
    const { client, c } = await loggedIn();
    await client.action([['Action', 'Originate'], ['ActionID', 'o'], ['Channel', 'Local/1001@phones'], ['Context', 'internal'], ['Exten', '1002'], ['CallerID', '"Alice Martin" <1001>']]);
    c.advance(5_000);
    const held = client.waitFor((f) => frameValue(f, 'Event') === 'Hold');
    const moh = client.waitFor((f) => frameValue(f, 'Event') === 'MusicOnHoldStart');
    await client.action([['Action', 'Redirect'], ['ActionID', 'r'], ['Channel', 'Local/1002@phones-00000001;2'], ['Context', 'hold-sim'], ['Exten', 's'], ['Priority', '1']]);
    expect(frameValue(await held, 'Channel')).toBe('Local/1002@phones-00000001;1');
    expect(frameValue(await moh, 'Channel')).toBe('Local/1001@phones-00000000;1');
    const unhold = client.waitFor((f) => frameValue(f, 'Event') === 'Unhold');
    c.advance(5_000);
    expect(frameValue(await unhold, 'Channel')).toBe('Local/1002@phones-00000001;1');
    const { events } = await client.list([['Action', 'CoreShowChannels'], ['ActionID', 'cs']]);
    expect(events).toHaveLength(4);
  });

  it('sets and reads channel variables (Setvar/Getvar), as the CTI attaches data to calls', async () => {
    const { client, c } = await loggedIn();
    await client.action([['Action', 'Originate'], ['ActionID', 'o'], ['Channel', 'Local/1003@phones'], ['Application', 'Wait'], ['Data', '60']]);
    c.advance(3_000);
    const varset = client.waitFor((f) => frameValue(f, 'Event') === 'VarSet' && frameValue(f, 'Variable') === 'USR_TICKET');
    const set = await client.action([['Action', 'Setvar'], ['ActionID', 's'], ['Channel', 'Local/1003@phones-00000000;1'], ['Variable', 'USR_TICKET'], ['Value', '42']]);
    expect(frameValue(set, 'Response')).toBe('Success');
    expect(frameValue(await varset, 'Value')).toBe('42');
    const get = await client.action([['Action', 'Getvar'], ['ActionID', 'g'], ['Channel', 'Local/1003@phones-00000000;1'], ['Variable', 'USR_TICKET']]);
    expect(frameValue(get, 'Value')).toBe('42');
  });

  it('a line dials an outside number: it leaves by Local/<number>@from-extern, which answers at once', async () => {
    const { client, c } = await loggedIn();
    const bridged = client.waitFor((f) => frameValue(f, 'Event') === 'BridgeEnter' && (frameValue(f, 'Channel') ?? '').startsWith('Local/1001@phones'));
    await client.action([['Action', 'Originate'], ['ActionID', 'o'], ['Channel', 'Local/1001@phones'], ['Context', 'default'], ['Exten', '0612345678'], ['CallerID', '"Alice Martin" <1001>']]);
    c.advance(2_500);
    await bridged;
    const { events } = await client.list([['Action', 'CoreShowChannels'], ['ActionID', 'cs']]);
    expect(events.map((e) => frameValue(e, 'Channel')).sort()).toEqual([
      'Local/0612345678@from-extern-00000001;1', 'Local/0612345678@from-extern-00000001;2',
      'Local/1001@phones-00000000;1', 'Local/1001@phones-00000000;2',
    ]);
  });

  it('says goodbye and closes on Logoff', async () => {
    const { client } = await loggedIn();
    const closed = new Promise<void>((resolve) => client.waitFor(() => false).catch(() => resolve()));
    const bye = await client.action([['Action', 'Logoff'], ['ActionID', 'bye']]);
    expect(bye).toEqual([['Response', 'Goodbye'], ['ActionID', 'bye'], ['Message', 'Thanks for all the fish.']]);
    await closed;
  });
});
