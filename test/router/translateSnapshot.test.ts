import { describe, expect, it } from 'vitest';
import type { AmiFrame, AmiSnapshot } from '../../src/domain/amiFrame.js';
import { translate, translateSnapshot, type RouterOptions } from '../../src/actors/router/index.js';
import { ev } from './frameBuilder.js';

const options: RouterOptions = {
  lines: [
    { interface: 'SIP/abc', number: '1000', name: 'Ann Lee' },
    { interface: 'SIP/def', number: '1001', name: 'Bob Ray' },
  ],
  agentMemberInterface: 'Local/{number}@agents',
};
const listItem = (name: string, fields: Record<string, string>) => ev(name, { ...fields, ActionID: 'resync-1' });
const showChannel = (channel: string, uniqueId: string, extra: Record<string, string>) =>
  listItem('CoreShowChannel', { Channel: channel, Uniqueid: uniqueId, Linkedid: '7.1', ChannelState: '6', CallerIDNum: '', CallerIDName: '', BridgeId: '', ...extra });
const snapshotOf = (parts: Partial<Record<keyof AmiSnapshot, AmiFrame[]>>): AmiSnapshot => ({
  coreShowChannels: [],
  queueStatus: [],
  queueSummary: [],
  agents: [],
  status: [],
  ...parts,
});

describe('translateSnapshot', () => {
  it('shows a call being dialed: the dialer dialing, the dialed line ringing, linked through Dial/AppDial', () => {
    const { event } = translateSnapshot(
      options,
      snapshotOf({
        coreShowChannels: [
          showChannel('SIP/abc-00000001', '7.1', { ChannelState: '4', CallerIDNum: '1000', CallerIDName: 'Ann Lee', Application: 'Dial', ApplicationData: 'SIP/def,30' }),
          showChannel('SIP/def-00000002', '7.2', { ChannelState: '5', CallerIDNum: '1001', ConnectedLineNum: '1000', Application: 'AppDial', ApplicationData: '(Outgoing Line)' }),
        ],
      }),
      5_000,
    );
    expect(event.snapshot.lines['SIP/abc']).toMatchObject([{ state: 'dialing', otherDN: '1001', otherDName: 'Bob Ray', direction: 'Outgoing' }]);
    expect(event.snapshot.lines['SIP/def']).toMatchObject([{ state: 'ringing', otherDN: '1000', otherDName: 'Ann Lee', direction: 'Incoming' }]);
  });

  it('falls back to ConnectedLine for a ringing line that nothing links yet', () => {
    const { event } = translateSnapshot(
      options,
      snapshotOf({ coreShowChannels: [showChannel('SIP/def-00000009', '8.1', { ChannelState: '5', ConnectedLineNum: '0611', ConnectedLineName: 'Zoe' })] }),
      0,
    );
    expect(event.snapshot.lines['SIP/def']).toMatchObject([{ state: 'ringing', otherDN: '0611', otherDName: 'Zoe' }]);
  });

  it('reads agents, members and waiting callers; a waiting caller joined Wait seconds ago', () => {
    const { event, view } = translateSnapshot(
      options,
      snapshotOf({
        agents: [
          listItem('Agents', { Agent: '2001', Status: 'AGENT_IDLE', LoggedInTime: '1700000000', Channel: 'SIP/abc-00000003' }),
          listItem('Agents', { Agent: '2002', Status: 'AGENT_LOGGEDOFF' }),
        ],
        queueStatus: [
          listItem('QueueParams', { Queue: 'sales', Calls: '2' }),
          listItem('QueueMember', { Queue: 'sales', Name: 'Agent/2001', Location: 'Local/2001@agents', StateInterface: 'Agent:2001', Penalty: '3', Paused: '1', PausedReason: 'lunch', Status: '1', InCall: '0', CallsTaken: '4', Membership: 'dynamic' }),
          listItem('QueueEntry', { Queue: 'sales', Position: '2', Channel: 'SIP/trunk-0000000b', Uniqueid: '9.2', CallerIDNum: '0622', CallerIDName: '<unknown>', Wait: '3' }),
          listItem('QueueEntry', { Queue: 'sales', Position: '1', Channel: 'SIP/trunk-0000000a', Uniqueid: '9.1', CallerIDNum: '0611', CallerIDName: 'Al', Wait: '10' }),
        ],
      }),
      100_000,
    );
    expect(event.snapshot.agents).toEqual({
      2001: { loggedIn: true, onCall: false, lineInterface: 'SIP/abc', channel: 'SIP/abc-00000003', loggedInAt: 1_700_000_000_000 },
      2002: { loggedIn: false, onCall: false },
    });
    expect(event.snapshot.queues.sales!.members).toEqual([
      { interface: 'Local/2001@agents', memberName: 'Agent/2001', stateInterface: 'Agent:2001', agentNumber: '2001', penalty: 3, paused: true, pausedReason: 'lunch', status: 1, inCall: false, callsTaken: 4, membership: 'dynamic' },
    ]);
    expect(event.snapshot.queues.sales!.callers).toEqual([
      { uniqueId: '9.1', channel: 'SIP/trunk-0000000a', callerIdNum: '0611', callerIdName: 'Al', position: 1, joinedAt: 90_000 },
      { uniqueId: '9.2', channel: 'SIP/trunk-0000000b', callerIdNum: '0622', callerIdName: '', position: 2, joinedAt: 97_000 },
    ]);
    // The view goes on from there with live events: the first caller is answered.
    const left = translate(view, ev('QueueCallerLeave', { Queue: 'sales', Channel: 'SIP/trunk-0000000a', Uniqueid: '9.1', Count: '1' }), 100_500);
    expect(left).toMatchObject([{ type: 'queue.callerLeft', queue: 'sales', uniqueId: '9.1', count: 1 }]);
  });

  it('skips list items it cannot read and never throws', () => {
    const junk = [null, 7, { kind: 'event', name: 'CoreShowChannel', fields: null }, listItem('CoreShowChannel', { Channel: 'x' })] as unknown as AmiFrame[];
    const { event } = translateSnapshot(options, snapshotOf({ coreShowChannels: junk, agents: junk, queueStatus: junk, status: junk }), 0);
    expect(event.snapshot).toEqual({ lines: { 'SIP/abc': [], 'SIP/def': [] }, agents: {}, queues: {} });
  });
});
