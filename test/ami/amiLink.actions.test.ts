import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { AmiReplayServer } from '../support/amiReplayServer.js';
import { linkTo, until, untilState, type LinkProbe } from './linkHarness.js';

let server: AmiReplayServer | undefined;
let probe: LinkProbe | undefined;
afterEach(async () => {
  await probe?.link.stop();
  await server?.kill();
});

async function liveLink(answer?: Parameters<typeof AmiReplayServer.start>[0]['answer']) {
  server = await AmiReplayServer.start({ recording: 'agent-login-pause-logout', answer });
  const clock = new ManualClock(0);
  probe = linkTo(server, { clock });
  probe.link.start();
  await untilState(probe.link, 'live');
  return { server, clock, probe };
}

describe('AMI link: actions and stray frames', () => {
  it('fails an unanswered action with XUC_ERR_AMI_TIMEOUT at its deadline and ignores the late response', async () => {
    const { server, clock, probe } = await liveLink((a) => (a.name === 'Hangup' ? 'silent' : undefined));
    const hangup = probe.link.action({ Action: 'Hangup', Channel: 'Local/1001@phones-00000000;2' });
    let settled = false;
    hangup.then(() => (settled = true), () => (settled = true));
    const sent = await server.waitForAction('Hangup');
    clock.advance(4_999);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    clock.advance(1);
    await expect(hangup).rejects.toMatchObject({ code: 'XUC_ERR_AMI_TIMEOUT', params: { action: 'Hangup', timeoutMs: 5_000 } });
    server.send(`Response: Success\r\nActionID: ${sent.actionId}\r\nMessage: Channel Hungup\r\n\r\n`);
    server.send('Event: Hangup\r\nChannel: Local/1001@phones-00000000;2\r\n\r\n');
    await until(() => probe.events.some((e) => e.name === 'Hangup'), 'event after the late response');
    expect(probe.link.stats()).toMatchObject({ orphanResponses: 1, actionTimeouts: 1, state: 'live' });
    expect(probe.events.map((e) => e.name)).not.toContain('Success');
  });

  it('honours a per-action deadline', async () => {
    const { server, clock, probe } = await liveLink(() => 'silent');
    const originate = probe.link.action({ Action: 'Originate', Channel: 'Local/1001@phones' }, { timeoutMs: 200 });
    await server.waitForAction('Originate');
    clock.advance(200);
    await expect(originate).rejects.toMatchObject({ code: 'XUC_ERR_AMI_TIMEOUT', params: { timeoutMs: 200 } });
  });

  it("rejects a refused action with XUC_ERR_AMI_REFUSED and Asterisk's message", async () => {
    const { probe } = await liveLink((a) => (a.name === 'QueueAdd' ? { response: 'Error', message: 'Unable to add interface: Already there' } : undefined));
    const refused = probe.link.action({ Action: 'QueueAdd', Queue: 'sales', Interface: 'Local/1001@agents' });
    await expect(refused).rejects.toMatchObject({ code: 'XUC_ERR_AMI_REFUSED', params: { action: 'QueueAdd', detail: 'Unable to add interface: Already there' } });
    expect(probe.link.stats().actionsRefused).toBe(1);
  });

  it('repeats array headers and refuses header injection without sending anything', async () => {
    const { server, probe } = await liveLink();
    await probe.link.action({ Action: 'Originate', Channel: 'Local/1001@phones', Variable: ['XIVO_A=1', 'USR_B=2'] });
    const sent = server.actions.find((a) => a.name === 'Originate')!;
    expect(sent.raw.match(/^Variable: .*$/gm)).toEqual(['Variable: XIVO_A=1', 'Variable: USR_B=2']);
    const before = server.actions.length;
    await expect(probe.link.action({ Action: 'Hangup', Channel: 'x\r\nAction: Command' })).rejects.toMatchObject({ code: 'XUC_ERR_INVALID_FIELD' });
    expect(server.actions.length).toBe(before);
  });

  it('ignores list events of actions it did not send, counts garbage, and keeps delivering', async () => {
    const { server, probe } = await liveLink();
    server.send('Event: QueueMember\r\nQueue: sales\r\nName: Agent/1001\r\nActionID: someone-else-7\r\n\r\n');
    server.send('Event: OriginateResponse\r\nActionID: someone-else-8\r\nResponse: Success\r\nChannel: Local/1001@phones-00000000;1\r\n\r\n');
    server.send('this is not AMI\r\nat all\r\n\r\n');
    server.send('Response: Success\r\nActionID: someone-else-9\r\n\r\n');
    server.send('Event: QueueMemberPause\r\nQueue: sales\r\nPaused: 1\r\n\r\n');
    await until(() => probe.events.some((e) => e.name === 'QueueMemberPause'), 'the last event');
    expect(probe.events.filter((e) => e.name !== 'FullyBooted').map((e) => e.name)).toEqual(['OriginateResponse', 'QueueMemberPause']);
    expect(probe.link.stats()).toMatchObject({ orphanListEvents: 1, garbageFrames: 1, orphanResponses: 1, state: 'live' });
  });

  it('survives listeners that throw: the next listener and the next event are still served', async () => {
    const { server, probe } = await liveLink();
    probe.link.onEvent(() => {
      throw new Error('listener bug');
    });
    const seen: string[] = [];
    probe.link.onEvent((f) => void seen.push(f.fields.Queue ?? ''));
    server.send('Event: QueueMemberPause\r\nQueue: sales\r\n\r\n');
    server.send('Event: QueueMemberPause\r\nQueue: support\r\n\r\n');
    await until(() => seen.length === 2, 'both events');
    expect(seen).toEqual(['sales', 'support']);
    expect(probe.link.state()).toBe('live');
  });
});
