import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { CallInfo } from '../../src/domain/domainEvents.js';
import type { PhoneEventPayload, PhoneStatusName } from '../../src/domain/xucMessages.js';
import { currentPhoneEvents, lineMachine } from '../../src/machines/lineMachine.js';
import { call } from './domainEventBuilders.js';

function startLine(number = '1001') {
  const actor = createActor(lineMachine, { input: { lineId: Number(number) - 1000, lineInterface: `Local/${number}@phones`, number } });
  const events: PhoneEventPayload[] = [];
  const statuses: PhoneStatusName[] = [];
  actor.on('phoneEvent', (e) => events.push(e.event));
  actor.on('phoneStatus', (e) => statuses.push(e.status));
  actor.start();
  let at = 1000;
  const send = (c: CallInfo) => actor.send({ type: 'line.call', lineInterface: `Local/${number}@phones`, call: c, at: (at += 10) });
  const force = (calls: CallInfo[]) => actor.send({ type: 'line.force', calls, at: (at += 10) });
  return { actor, events, statuses, send, force, types: () => events.map((e) => e.eventType) };
}

const toAlice = { direction: 'Outgoing' as const, otherDN: '1002', otherDName: '', external: false, linkedId: 'L1' };
const fromAlice = { direction: 'Incoming' as const, otherDN: '1001', otherDName: 'Alice Martin', external: false, linkedId: 'L1' };

describe('line machine', () => {
  it('internal-call, caller side: dialing → established with 1002 → released, DN and otherDN in every event', () => {
    const l = startLine('1001');
    l.send(call('U1', 'dialing', toAlice));
    l.send(call('U1', 'established', toAlice));
    l.send(call('U1', 'released', toAlice));
    expect(l.types()).toEqual(['EventDialing', 'EventEstablished', 'EventReleased']);
    for (const e of l.events) expect(e).toMatchObject({ DN: '1001', otherDN: '1002', uniqueId: 'U1', linkedId: 'L1' });
    expect(l.statuses).toEqual(['CALLING', 'AVAILABLE']);
    expect(l.actor.getSnapshot().context.calls).toEqual({});
    expect(l.actor.getSnapshot().value).toBe('idle');
  });

  it('internal-call, callee side: ringing with the caller name, established, released', () => {
    const l = startLine('1002');
    l.send(call('U2', 'ringing', fromAlice));
    l.send(call('U2', 'established', fromAlice));
    l.send(call('U2', 'released', { ...fromAlice, otherDN: '', otherDName: '' }));
    expect(l.events.map((e) => [e.eventType, e.otherDN, e.otherDName])).toEqual([
      ['EventRinging', '1001', 'Alice Martin'],
      ['EventEstablished', '1001', 'Alice Martin'],
      ['EventReleased', '1001', 'Alice Martin'],
    ]);
    expect(l.statuses).toEqual(['RINGING', 'CALLING', 'AVAILABLE']);
  });

  it('never repeats an event for an unchanged state; data attached meanwhile goes out with the next event', () => {
    const l = startLine('1001');
    l.send(call('U1', 'ringing', { userData: { XIVO_SRCNUM: '0601020304' } }));
    l.send(call('U1', 'ringing', { userData: { USR_DATA1: 'hello' } }));
    l.send(call('U1', 'established', { userData: {} }));
    l.send(call('U1', 'established', { userData: {} }));
    expect(l.types()).toEqual(['EventRinging', 'EventEstablished']);
    expect(l.events[1].userData).toEqual({ XIVO_SRCNUM: '0601020304', USR_DATA1: 'hello' });
    expect(currentPhoneEvents(l.actor.getSnapshot().context)).toEqual([l.events[1]]);
  });

  it('blind-transfer: established with another party is a new event with the new otherDN', () => {
    const l = startLine('1001');
    l.send(call('U1', 'established', toAlice));
    l.send(call('U1', 'established', { ...toAlice, otherDN: '1004' }));
    expect(l.events.map((e) => [e.eventType, e.otherDN])).toEqual([
      ['EventEstablished', '1002'],
      ['EventEstablished', '1004'],
    ]);
  });

  it('keeps the queue name of a queue call in every event', () => {
    const l = startLine('1001');
    l.send(call('U1', 'ringing', { queueName: 'sales' }));
    l.send(call('U1', 'established'));
    l.send(call('U1', 'released'));
    expect(l.events.map((e) => e.queueName)).toEqual(['sales', 'sales', 'sales']);
  });

  it('several calls: hold then a second call ringing is BUSY_AND_RINGING; each call has its own sequence', () => {
    const l = startLine('1001');
    l.send(call('U1', 'established'));
    l.send(call('U1', 'onHold'));
    l.send(call('U2', 'ringing', { otherDN: '1005' }));
    l.send(call('U2', 'established', { otherDN: '1005' }));
    l.send(call('U2', 'released', { otherDN: '1005' }));
    l.send(call('U1', 'established'));
    expect(l.events.map((e) => `${e.uniqueId}:${e.eventType}`)).toEqual([
      'U1:EventEstablished',
      'U1:EventOnHold',
      'U2:EventRinging',
      'U2:EventEstablished',
      'U2:EventReleased',
      'U1:EventEstablished',
    ]);
    expect(l.statuses).toEqual(['CALLING', 'ONHOLD', 'BUSY_AND_RINGING', 'CALLING', 'ONHOLD', 'CALLING']);
  });

  it('ignores the release of a call it never showed', () => {
    const l = startLine('1001');
    l.send(call('U9', 'released'));
    expect(l.events).toEqual([]);
    expect(l.statuses).toEqual([]);
  });

  it('force from a snapshot: vanished calls are released, new ones appear, unchanged ones stay silent', () => {
    const l = startLine('1001');
    l.send(call('U1', 'established'));
    l.send(call('U2', 'ringing'));
    l.events.length = 0;
    l.force([call('U2', 'ringing'), call('U3', 'established', { otherDN: '1003' })]);
    expect(l.events.map((e) => `${e.uniqueId}:${e.eventType}`)).toEqual(['U1:EventReleased', 'U3:EventEstablished']);
    expect(Object.keys(l.actor.getSnapshot().context.calls).sort()).toEqual(['U2', 'U3']);
    l.force([]);
    expect(l.actor.getSnapshot().context.calls).toEqual({});
    expect(l.statuses.at(-1)).toBe('AVAILABLE');
  });
});
