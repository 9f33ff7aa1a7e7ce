import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, loginAs, type Harness } from './support/harness.js';

describe('phone commands act on the user\'s own line', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('dial attaches variables as USR_* and the PhoneEvent carries them; status goes CALLING then AVAILABLE', async () => {
    const alice = await loginAs(h, 'alice');
    const dialing = await alice.request(
      { claz: 'web', command: 'dial', destination: '1002', variables: { ticket: 'T-4411', USR_crm: 'x' } },
      'PhoneEvent',
    );
    expect(dialing.ctiMessage).toMatchObject({ eventType: 'EventDialing', DN: '1001', otherDN: '1002', userData: { USR_ticket: 'T-4411', USR_crm: 'x' } });
    expect((await alice.next('PhoneStatusUpdate', (m) => m.status === 'CALLING')).ctiMessage).toEqual({ status: 'CALLING' });
    const current = await alice.request({ claz: 'web', command: 'getCurrentCallsPhoneEvents' }, 'CurrentCallsPhoneEvents');
    expect(current.ctiMessage.events).toHaveLength(1);
    expect(current.ctiMessage.events[0].uniqueId).toBe(dialing.ctiMessage.uniqueId);
    const released = await alice.request({ claz: 'web', command: 'hangup' }, 'PhoneEvent', (m) => m.eventType === 'EventReleased');
    expect(released.ctiMessage.uniqueId).toBe(dialing.ctiMessage.uniqueId);
    await alice.next('PhoneStatusUpdate', (m) => m.status === 'AVAILABLE', alice.frames.indexOf(released));
    alice.close();
  });

  it('answer, hold and hold again on a ringing call', async () => {
    const bob = await loginAs(h, 'bob');
    h.engine.ring(2, '0298765432', { XIVO_USERID: '2' });
    await bob.next('PhoneStatusUpdate', (m) => m.status === 'RINGING');
    await bob.request({ claz: 'web', command: 'answer' }, 'PhoneEvent', (m) => m.eventType === 'EventEstablished');
    await bob.request({ claz: 'web', command: 'hold' }, 'PhoneEvent', (m) => m.eventType === 'EventOnHold');
    await bob.next('PhoneStatusUpdate', (m) => m.status === 'ONHOLD');
    await bob.request({ claz: 'web', command: 'hold' }, 'PhoneEvent', (m) => m.eventType === 'EventEstablished');
    bob.send({ claz: 'web', command: 'setData', variables: { order: '42' } });
    bob.send({ claz: 'web', command: 'sendDtmf', key: '5' });
    bob.send({ claz: 'web', command: 'directTransfer', destination: '1003' });
    await bob.sync();
    const names = h.engine.commands.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['setData', 'sendDtmf', 'directTransfer']));
    expect(h.engine.commands.find((c) => c.name === 'setData')!.args).toEqual({ lineId: 2, variables: { USR_order: '42' } });
    bob.close();
  });

  it('answers NoCall when there is nothing to act on, and NoLine for a user without a line', async () => {
    const carol = await loginAs(h, 'carol');
    for (const command of ['answer', 'hangup', 'completeTransfer', 'cancelTransfer', 'conference']) {
      const error = await carol.request({ claz: 'web', command }, 'Error');
      expect(error.ctiMessage).toMatchObject({ Error: 'NoCall', command });
    }
    carol.close();
    const nophone = await loginAs(h, 'nophone');
    const error = await nophone.request({ claz: 'web', command: 'dial', destination: '1001' }, 'Error');
    expect(error.ctiMessage).toMatchObject({ Error: 'NoLine', command: 'dial' });
    nophone.close();
  });

  it('dialByUsername calls the other user\'s line; subscribeToPhoneHints gives integer states', async () => {
    const carol = await loginAs(h, 'carol');
    carol.send({ claz: 'web', command: 'dialByUsername', username: 'alice' });
    await carol.next('PhoneEvent', (m) => m.otherDN === '1001');
    const hint = await carol.request({ claz: 'web', command: 'subscribeToPhoneHints', phoneNumbers: ['1009', '7777'] }, 'PhoneHintStatusEvent', (m) => m.number === '7777');
    expect(hint.ctiMessage).toEqual({ number: '7777', status: -2 });
    h.engine.ring(9, '0600000000');
    const ringing = await carol.next('PhoneHintStatusEvent', (m) => m.number === '1009' && m.status === 8);
    expect(ringing.ctiMessage).toEqual({ number: '1009', status: 8 });
    carol.close();
  });
});

describe('user commands: presence, DND, forwards', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('dnd and each forward answer UserConfigUpdate with the new fields, to every session of the user', async () => {
    const tab1 = await loginAs(h, 'alice');
    const tab2 = await loginAs(h, 'alice');
    const dnd = await tab1.request({ claz: 'web', command: 'dnd', state: true }, 'UserConfigUpdate');
    expect(dnd.ctiMessage.dndEnabled).toBe(true);
    await tab2.next('UserConfigUpdate', (m) => m.dndEnabled === true);
    const na = await tab1.request({ claz: 'web', command: 'naFwd', state: true, destination: '0600000000' }, 'UserConfigUpdate');
    expect(na.ctiMessage).toMatchObject({ naFwdEnabled: true, naFwdDestination: '0600000000', dndEnabled: true });
    const unc = await tab1.request({ claz: 'web', command: 'uncFwd', state: false, destination: '1005' }, 'UserConfigUpdate');
    expect(unc.ctiMessage).toMatchObject({ uncFwdEnabled: false, uncFwdDestination: '1005' });
    const busy = await tab1.request({ claz: 'web', command: 'busyFwd', state: true, destination: '1006' }, 'UserConfigUpdate');
    expect(busy.ctiMessage).toMatchObject({ busyFwdEnabled: true, busyFwdDestination: '1006' });
    tab1.close();
    // The settings survive a reconnection.
    const again = await loginAs(h, 'alice');
    expect(again.frames.find((f) => f.msgType === 'UserConfigUpdate')!.ctiMessage).toMatchObject({ dndEnabled: true, busyFwdDestination: '1006' });
    again.close();
    tab2.close();
  });

  it('a queuepause_all status pauses the user\'s agent with the status as cause; queueunpause_all readies it', async () => {
    const bob = await loginAs(h, 'bob');
    await bob.request({ claz: 'web', command: 'agentLogin', agentphonenumber: '1002' }, 'AgentStateEvent', (m) => m.name === 'AgentReady');
    const status = await bob.request({ claz: 'web', command: 'userStatusUpdate', status: 'lunch' }, 'UserStatusUpdate');
    expect(status.ctiMessage).toEqual({ status: 'lunch' });
    const paused = await bob.next('AgentStateEvent', (m) => m.name === 'AgentOnPause');
    expect(paused.ctiMessage.cause).toBe('lunch');
    await bob.request({ claz: 'web', command: 'userStatusUpdate', status: 'available' }, 'AgentStateEvent', (m) => m.name === 'AgentReady');
    const before = h.engine.commands.length;
    await bob.request({ claz: 'web', command: 'userStatusUpdate', status: 'away' }, 'UserStatusUpdate', (m) => m.status === 'away');
    expect(h.engine.commands.length).toBe(before);
    const unknown = await bob.request({ claz: 'web', command: 'userStatusUpdate', status: 'flying' }, 'Error');
    expect(unknown.ctiMessage).toMatchObject({ Error: 'NotFound', command: 'userStatusUpdate' });
    bob.close();
  });

  it('getConfig("line") answers LineConfig; other types are Unsupported', async () => {
    const alice = await loginAs(h, 'alice');
    const line = await alice.request({ claz: 'web', command: 'getConfig', objectType: 'line' }, 'LineConfig');
    expect(line.ctiMessage).toMatchObject({ id: 1, number: '1001' });
    const other = await alice.request({ claz: 'web', command: 'getConfig', objectType: 'queue' }, 'Error');
    expect(other.ctiMessage).toMatchObject({ Error: 'Unsupported', command: 'getConfig' });
    alice.close();
  });
});
