import { describe, expect, it } from 'vitest';
import type { AmiFrame } from '../../src/domain/amiFrame.js';
import { createRouterView, translate, viewToSnapshot, type RouterOptions } from '../../src/actors/router/index.js';
import { chan, dest, ev } from './frameBuilder.js';

const sipOptions: RouterOptions = {
  lines: [
    { interface: 'SIP/abc', number: '1000', name: 'Ann Lee' },
    { interface: 'SIP/def', number: '1001', name: 'Bob Ray' },
  ],
  agentMemberInterface: 'Agent/{number}',
};

const run = (frames: AmiFrame[], options: RouterOptions = sipOptions) => {
  const view = createRouterView(options);
  const events = frames.flatMap((f, i) => translate(view, f, 1_000 + i));
  return { view, events };
};

const A = 'SIP/abc-0000002a';
const B = 'SIP/def-0000002b';
const T = 'SIP/trunk-0000002c';

/** SIP/abc calls SIP/def, which answers: the classic two-phone call. */
const answeredCall = (): AmiFrame[] => [
  ev('Newchannel', chan(A, '1.1', { ChannelState: '4', CallerIDNum: '1000', CallerIDName: 'Ann Lee' })),
  ev('Newchannel', chan(B, '1.2', { ChannelState: '0', Linkedid: '1.1' })),
  ev('DialBegin', { ...chan(A, '1.1'), ...dest(B, '1.2', { Linkedid: '1.1' }) }),
  ev('Newstate', chan(B, '1.2', { ChannelState: '5', Linkedid: '1.1' })),
  ev('Newstate', chan(B, '1.2', { ChannelState: '6', Linkedid: '1.1' })),
  ev('DialEnd', { ...chan(A, '1.1'), ...dest(B, '1.2', { Linkedid: '1.1' }), DialStatus: 'ANSWER' }),
  ev('BridgeCreate', { BridgeUniqueid: 'br1', BridgeType: 'basic' }),
  ev('BridgeEnter', { BridgeUniqueid: 'br1', BridgeType: 'basic', ...chan(B, '1.2', { Linkedid: '1.1' }) }),
  ev('BridgeEnter', { BridgeUniqueid: 'br1', BridgeType: 'basic', ...chan(A, '1.1') }),
];

const steps = (events: ReturnType<typeof run>['events'], line: string) =>
  events.flatMap((e) => (e.type === 'line.call' && e.lineInterface === line ? [`${e.call.state} ${e.call.otherDN}`] : []));

describe('translate on SIP lines', () => {
  it('reports dialing/ringing, established and released on both lines, with configured names', () => {
    const { events, view } = run([
      ...answeredCall(),
      ev('BridgeLeave', { BridgeUniqueid: 'br1', ...chan(B, '1.2') }),
      ev('Hangup', chan(B, '1.2', { Cause: '16' })),
      ev('BridgeLeave', { BridgeUniqueid: 'br1', ...chan(A, '1.1') }),
      ev('BridgeDestroy', { BridgeUniqueid: 'br1' }),
      ev('Hangup', chan(A, '1.1', { Cause: '16' })),
    ]);
    expect(steps(events, 'SIP/abc')).toEqual(['dialing 1001', 'established 1001', 'released 1001']);
    expect(steps(events, 'SIP/def')).toEqual(['ringing 1000', 'established 1000', 'released 1000']);
    const ringing = events.find((e) => e.type === 'line.call' && e.lineInterface === 'SIP/def')!;
    expect(ringing).toMatchObject({ call: { otherDName: 'Ann Lee', direction: 'Incoming', linkedId: '1.1', external: false } });
    expect(view.channels).toEqual({});
    expect(view.bridges).toEqual({});
    expect(view.calls).toEqual({});
  });

  it('puts the line that sends Hold on hold, and back to established at Unhold', () => {
    const { events } = run([...answeredCall(), ev('Hold', chan(A, '1.1')), ev('Unhold', chan(A, '1.1'))]);
    expect(steps(events, 'SIP/abc')).toEqual(['dialing 1001', 'established 1001', 'onHold 1001', 'established 1001']);
    expect(steps(events, 'SIP/def')).toEqual(['ringing 1000', 'established 1000']);
  });

  it('marks a call from an unconfigured trunk as external, with the caller id of the trunk channel', () => {
    const { events } = run([
      ev('Newchannel', chan(T, '2.1', { ChannelState: '4', CallerIDNum: '0612345678', CallerIDName: 'Outside' })),
      ev('Newchannel', chan(B, '2.2', { ChannelState: '0', Linkedid: '2.1' })),
      ev('DialBegin', { ...chan(T, '2.1'), ...dest(B, '2.2', { Linkedid: '2.1' }) }),
    ]);
    expect(events).toMatchObject([{ type: 'line.call', lineInterface: 'SIP/def', call: { state: 'ringing', otherDN: '0612345678', otherDName: 'Outside', external: true } }]);
  });

  it('attaches XIVO_* and USR_* variables (inheritance prefix stripped) and drops the others', () => {
    const { events, view } = run([
      ...answeredCall(),
      ev('VarSet', { ...chan(B, '1.2'), Variable: '__XIVO_USERID', Value: '19' }),
      ev('VarSet', { ...chan(B, '1.2'), Variable: '_USR_ticket', Value: 'T-4411' }),
      ev('VarSet', { ...chan(B, '1.2'), Variable: 'DIALSTATUS', Value: 'ANSWER' }),
    ]);
    const last = events.filter((e) => e.type === 'line.call' && e.lineInterface === 'SIP/def').at(-1)!;
    expect(last).toMatchObject({ call: { userData: { XIVO_USERID: '19', USR_ticket: 'T-4411' } } });
    expect(view.counters.ignored).toBe(1);
  });
});

describe('translate on a renamed channel', () => {
  it('follows a Rename: the call keeps going, and the Hangup under the new name leaves nothing behind', () => {
    const renamed = 'SIP/def-0000002b<MASQ>';
    const { events, view } = run([
      ...answeredCall(),
      ev('Rename', { Channel: B, Newname: renamed, Uniqueid: '1.2' }),
      ev('Hold', chan(renamed, '1.2')),
      ev('Hangup', chan(renamed, '1.2')),
      ev('Hangup', chan(A, '1.1')),
    ]);
    expect(steps(events, 'SIP/def')).toEqual(['ringing 1000', 'established 1000', 'onHold 1000', 'released 1000']);
    expect(view.channels).toEqual({});
    expect(view.byUniqueId).toEqual({});
  });
});

describe('translate on queue events', () => {
  const caller = (u: string) => chan(`SIP/trunk-${u}`, u, { CallerIDNum: '0655443322', CallerIDName: 'Paul Martin' });
  const joined = (u: string) => ev('QueueCallerJoin', { ...caller(u), Queue: 'support', Position: '1', Count: '1' });

  it('corrects a Queue() timeout, reported as abandoned, when QUEUESTATUS=TIMEOUT follows', () => {
    const { events } = run([
      ev('Newchannel', caller('9.1')),
      joined('9.1'),
      ev('QueueCallerAbandon', { ...caller('9.1'), Queue: 'support', Position: '1', OriginalPosition: '1', HoldTime: '8' }),
      ev('QueueCallerLeave', { ...caller('9.1'), Queue: 'support', Position: '1', Count: '0' }),
      ev('VarSet', { ...caller('9.1'), Variable: 'QUEUESTATUS', Value: 'TIMEOUT' }),
    ]);
    expect(events.map((e) => (e.type === 'queue.callerLeft' || e.type === 'queue.callOutcome' ? `${e.type} ${e.exit}` : e.type))).toEqual([
      'queue.callerJoined',
      'queue.callerAbandoned',
      'queue.callerLeft abandoned',
      'queue.callOutcome timeout',
    ]);
    expect(events.at(-1)).toMatchObject({ queue: 'support', uniqueId: '9.1' });
  });

  it('uses a QUEUESTATUS set while waiting as the exit reason of the leave', () => {
    const { events } = run([
      ev('Newchannel', caller('9.2')),
      joined('9.2'),
      ev('VarSet', { ...caller('9.2'), Variable: 'QUEUESTATUS', Value: 'LEAVEEMPTY' }),
      ev('QueueCallerLeave', { ...caller('9.2'), Queue: 'support', Position: '1', Count: '0' }),
    ]);
    expect(events.map((e) => (e.type === 'queue.callerLeft' ? e.exit : e.type))).toEqual(['queue.callerJoined', 'leaveempty']);
  });

  // queue-penalties: Asterisk omits the caller's block from an AgentComplete whose caller already hung up.
  describe('an AgentComplete without the caller block', () => {
    const memberLeg = (extra: Record<string, string> = {}) => ({
      ...dest('Local/2002@agents-00000005;1', '9.10', { Linkedid: '9.8', ConnectedLineNum: '0655443322', ConnectedLineName: 'Paul Martin' }),
      Queue: 'support',
      Interface: 'Agent/2002',
      MemberName: 'Agent/2002',
      ...extra,
    });
    const completeWithoutCaller = ev('AgentComplete', memberLeg({ HoldTime: '1', TalkTime: '3', Reason: 'caller' }));
    const acdEvents = (events: ReturnType<typeof run>['events']) => events.filter((e) => e.type === 'agent.acd');

    it('names the caller the member channel was connected with', () => {
      const { events } = run([
        ev('Newchannel', caller('9.8')),
        ev('Newchannel', chan('Local/2002@agents-00000005;1', '9.10', { Linkedid: '9.8' })),
        ev('AgentCalled', { ...caller('9.8'), ...memberLeg() }),
        ev('AgentConnect', { ...caller('9.8'), ...memberLeg({ HoldTime: '1', RingTime: '0' }) }),
        ev('Hangup', caller('9.8')),
        completeWithoutCaller,
      ]);
      expect(acdEvents(events).at(-1)).toMatchObject({
        phase: 'completed',
        agentNumber: '2002',
        callerUniqueId: '9.8',
        callerIdNum: '0655443322',
        callerIdName: 'Paul Martin',
        talkTime: 3,
      });
    });

    it("falls back to DestLinkedid, the caller's call, when the member channel was never connected before us", () => {
      const { events } = run([completeWithoutCaller]);
      expect(acdEvents(events)).toMatchObject([{ phase: 'completed', callerUniqueId: '9.8', callerIdNum: '0655443322', callerIdName: 'Paul Martin' }]);
    });
  });

  it('recognises agents among members with the Agent/{number} pattern, and removes them', () => {
    const member = { Queue: 'sales', MemberName: 'Agent/2002', Interface: 'Agent/2002', StateInterface: 'Agent:2002', Penalty: '1', Paused: '0', Status: '1', InCall: '0', CallsTaken: '0', Membership: 'dynamic', PausedReason: '' };
    const { events, view } = run([ev('QueueMemberAdded', member), ev('QueueMemberRemoved', member)]);
    expect(events).toMatchObject([
      { type: 'member.updated', queue: 'sales', member: { agentNumber: '2002', penalty: 1 } },
      { type: 'member.removed', queue: 'sales', member: { agentNumber: '2002' } },
    ]);
    expect(viewToSnapshot(view).queues).toEqual({ sales: { members: [], callers: [] } });
  });
});

describe('translate never lets bad input through', () => {
  it('ignores list events of actions (ActionID) and counts unknown events, without state change', () => {
    const { events, view } = run([
      ev('CoreShowChannel', { ...chan(A, '1.1'), ActionID: 'x-1' }),
      ev('Newchannel', { ...chan(A, '1.1'), ActionID: 'x-2' }),
      ev('SomethingNew', { Foo: 'bar' }),
    ]);
    expect(events).toEqual([]);
    expect(view.channels).toEqual({});
    expect(view.counters).toMatchObject({ frames: 3, ignored: 2, unknown: 1, failed: 0 });
  });

  it('returns [] for garbage frames and keeps names like __proto__ or constructor as plain data', () => {
    const garbage = [null, undefined, 42, 'Event: Hangup', {}, { kind: 'event' }, { kind: 'event', name: 'Hangup', fields: null }, { kind: 'event', name: 'Newchannel', fields: 'x' }] as unknown as AmiFrame[];
    const { events, view } = run([
      ...garbage,
      ev('Newchannel', chan('__proto__', 'constructor')),
      ev('BridgeEnter', { BridgeUniqueid: '__proto__', ...chan('constructor', 'toString') }),
      ev('QueueMemberAdded', { Queue: '__proto__', Interface: 'hasOwnProperty' }),
    ]);
    expect(events).toMatchObject([{ type: 'member.updated', queue: '__proto__' }]);
    expect(Object.getPrototypeOf(view.channels)).toBe(Object.prototype);
    expect(Object.keys(view.channels).sort()).toEqual(['__proto__', 'constructor']);
    expect(view.counters.failed).toBe(0);
  });

  it('keeps the view plain data: a JSON round trip gives an equal view that translates the same', () => {
    const { view } = run(answeredCall());
    const copy = JSON.parse(JSON.stringify(view));
    expect(copy).toEqual(structuredClone(view));
    const hang = ev('Hangup', chan(B, '1.2'));
    expect(translate(copy, hang, 5)).toEqual(translate(view, hang, 5));
  });
});
