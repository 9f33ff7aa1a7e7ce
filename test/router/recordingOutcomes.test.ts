import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/domain/domainEvents.js';
import { lineSteps, ofType, replay } from './replaySupport.js';

/**
 * For every recording of ../shared/fixtures/ami, the live events are translated from the initial
 * snapshot on, and the outcome its README states is checked at the domain level.
 */
const L = (n: number) => `Local/${n}@phones`;
const withQueue = (e: Extract<DomainEvent, { type: 'line.call' }>) => `${e.call.state} ${e.call.otherDN} ${e.call.queueName ?? '-'}`;
const agentPhases = (events: DomainEvent[], agent: string) =>
  ofType(events, 'agent.acd').filter((e) => e.agentNumber === agent).map((e) => `${e.phase} ${e.queue}`);
const memberSteps = (events: DomainEvent[]) =>
  events
    .filter((e) => e.type === 'member.updated' || e.type === 'member.removed')
    .map((e) => {
      const m = (e as Extract<DomainEvent, { type: 'member.updated' }>).member;
      const q = (e as Extract<DomainEvent, { type: 'member.updated' }>).queue;
      return e.type === 'member.removed' ? `${q} ${m.agentNumber} removed` : `${q} ${m.agentNumber} penalty ${m.penalty}${m.paused ? ` paused ${m.pausedReason}` : ''} status ${m.status}${m.inCall ? ' inCall' : ''}`;
    });

describe('agent-login-pause-logout', () => {
  const { events } = replay('agent-login-pause-logout');

  it('logs 1001 in on its line, ends its probation, pauses for lunch in both queues, unpauses, and logs out', () => {
    const agentSteps = events
      .filter((e) => 'agentNumber' in e && (e as { agentNumber: string }).agentNumber === '1001')
      .map((e) => (e.type === 'agent.deviceState' ? `device ${e.state}` : e.type));
    expect(agentSteps).toEqual(['agent.loggedIn', 'device NOT_INUSE', 'agent.loggedOut', 'device UNAVAILABLE']);
    expect(ofType(events, 'agent.loggedIn')[0]).toMatchObject({ lineInterface: L(1001), channel: 'Local/1001@phones-00000000;1' });
    expect(memberSteps(events)).toEqual([
      'sales 1001 penalty 0 status 1',
      'support 1001 penalty 0 status 1',
      'support 1001 penalty 0 paused lunch status 1',
      'sales 1001 penalty 0 paused lunch status 1',
      'support 1001 penalty 0 status 1',
      'sales 1001 penalty 0 status 1',
      'sales 1001 removed',
      'support 1001 removed',
    ]);
  });

  it('shows the login call ringing on the line and ending at AgentLogin, and no other call', () => {
    expect(lineSteps(events, L(1001))).toEqual(['ringing', 'released']);
    expect(ofType(events, 'agent.call')).toEqual([]);
    expect(ofType(events, 'queue.callerJoined')).toEqual([]);
  });
});

describe('queue-call-answered', () => {
  const { events } = replay('queue-call-answered');

  it("rings, connects and releases the queue call on agent 1001's line with the caller's number and the queue", () => {
    expect(lineSteps(events, L(1001), withQueue).slice(2)).toEqual([
      'ringing 0601020304 sales',
      'established 0601020304 sales',
      'released 0601020304 sales',
    ]);
    const call = ofType(events, 'line.call').find((e) => e.call.state === 'established')!.call;
    expect(call).toMatchObject({ direction: 'Incoming', otherDName: 'Jean Dupont', external: true, channel: 'Local/1001@agents-00000003;2' });
  });

  it('reports the same call to agent 1001, and the ACD phases called → connected → completed', () => {
    expect(ofType(events, 'agent.call').map((e) => `${e.agentNumber} ${e.call.state} ${e.call.otherDN}`)).toEqual([
      '1001 ringing 0601020304',
      '1001 established 0601020304',
      '1001 released 0601020304',
    ]);
    expect(agentPhases(events, '1001')).toEqual(['called sales', 'connected sales', 'completed sales']);
    expect(ofType(events, 'agent.acd').find((e) => e.phase === 'completed')).toMatchObject({ talkTime: 3, holdTime: 1, reason: 'caller' });
    expect(agentPhases(events, '1002')).toEqual([]);
    expect(lineSteps(events, L(1002))).toEqual(['ringing', 'released']);
  });

  it('counts the caller in and out of sales as answered', () => {
    expect(ofType(events, 'queue.callerJoined').map((e) => `${e.queue} ${e.caller.callerIdNum} ${e.caller.position} ${e.count}`)).toEqual([
      'sales 0601020304 1 1',
    ]);
    expect(ofType(events, 'queue.callerLeft').map((e) => `${e.queue} ${e.exit} ${e.count}`)).toEqual(['sales answered 0']);
  });
});

describe('queue-call-abandoned', () => {
  const { events } = replay('queue-call-abandoned');

  it('keeps 1002 paused (break) and reports the caller as abandoned after 4 s', () => {
    expect(memberSteps(events)).toEqual(['sales 1002 penalty 0 paused break status 1']);
    expect(ofType(events, 'queue.callerAbandoned')).toMatchObject([{ queue: 'sales', position: 1, originalPosition: 1, holdTime: 4 }]);
    expect(ofType(events, 'queue.callerLeft').map((e) => e.exit)).toEqual(['abandoned']);
    expect(ofType(events, 'queue.callOutcome')).toEqual([]);
    expect(ofType(events, 'agent.acd')).toEqual([]);
  });
});

describe('queue-joinempty', () => {
  it('reports a joinempty outcome on travels, with no caller joining', () => {
    const { events } = replay('queue-joinempty');
    expect(ofType(events, 'queue.callOutcome')).toMatchObject([{ queue: 'travels', exit: 'joinempty' }]);
    expect(ofType(events, 'queue.callerJoined')).toEqual([]);
    expect(ofType(events, 'queue.callerLeft')).toEqual([]);
  });
});

describe('internal-call', () => {
  const { events } = replay('internal-call');

  it('line 1001: originate ring, dialing 1002, established, released', () => {
    expect(lineSteps(events, L(1001))).toEqual(['ringing', 'dialing 1002', 'established 1002', 'released 1002']);
  });

  it('line 1002: ringing from 1001 "Alice Martin", established, released; internal on both sides', () => {
    expect(lineSteps(events, L(1002), (e) => `${e.call.state} ${e.call.otherDN} ${e.call.otherDName} ${e.call.direction}`)).toEqual([
      'ringing 1001 Alice Martin Incoming',
      'established 1001 Alice Martin Incoming',
      'released 1001 Alice Martin Incoming',
    ]);
    expect(ofType(events, 'line.call').every((e) => !e.call.external && e.call.linkedId === '1795879431.0')).toBe(true);
    expect(ofType(events, 'queue.callerJoined')).toEqual([]);
  });
});

describe('originate-click2dial', () => {
  const { events } = replay('originate-click2dial');

  it('rings 1001 first, then is established with 1003, then released', () => {
    expect(lineSteps(events, L(1001))).toEqual(['ringing', 'dialing 1003', 'established 1003', 'released 1003']);
    expect(lineSteps(events, L(1003))).toEqual(['ringing 1001', 'established 1001', 'released 1001']);
  });

  it('attaches USR_DATA1 only on the originating line; the inherited __USR_DATA2 on both, prefix stripped', () => {
    const data = (line: string) => ofType(events, 'line.call').filter((e) => e.lineInterface === line && e.call.state === 'established')[0]!.call.userData;
    expect(data(L(1001))).toEqual({ USR_DATA1: 'hello', USR_DATA2: 'inherited' });
    expect(data(L(1003))).toEqual({ USR_DATA2: 'inherited' });
  });
});

describe('membership-changes', () => {
  it('makes 1003 a member of sales(2) and support(2), then (5), then of no queue, then logs it out', () => {
    const { events } = replay('membership-changes');
    expect(memberSteps(events)).toEqual([
      'sales 1003 penalty 2 status 1',
      'support 1003 penalty 2 status 1',
      'sales 1003 penalty 5 status 1',
      'support 1003 penalty 5 status 1',
      'sales 1003 removed',
      'support 1003 removed',
    ]);
    expect(events.filter((e) => e.type.startsWith('agent.logged')).map((e) => e.type)).toEqual(['agent.loggedIn', 'agent.loggedOut']);
  });
});

describe('snapshot-during-call', () => {
  it('delivers the support call to 1002 and reports member status 2 then 1 in both queues', () => {
    const { events } = replay('snapshot-during-call');
    expect(lineSteps(events, L(1002), withQueue).slice(2)).toEqual([
      'ringing 0698765432 support',
      'established 0698765432 support',
      'released 0698765432 support',
    ]);
    // InCall is set from AgentConnect in the delivering queue only, and cleared at AgentComplete.
    expect(memberSteps(events).slice(2)).toEqual([
      'support 1002 penalty 0 status 2',
      'sales 1002 penalty 0 status 2',
      'support 1002 penalty 0 status 2 inCall',
      'support 1002 penalty 0 status 2',
      'support 1002 penalty 0 status 1',
      'sales 1002 penalty 0 status 1',
    ]);
  });
});

describe('blind-transfer', () => {
  const { events } = replay('blind-transfer');

  it('line 1001 stays established, from 1002 to 1004, with no new ringing', () => {
    expect(lineSteps(events, L(1001))).toEqual(['ringing', 'dialing 1002', 'established 1002', 'established 1004', 'released 1004']);
  });

  it('line 1002 is released right after the transfer; line 1004 rings from 1001 and is established with it', () => {
    expect(lineSteps(events, L(1002))).toEqual(['ringing 1001', 'established 1001', 'released 1001']);
    expect(lineSteps(events, L(1004))).toEqual(['ringing 1001', 'established 1001', 'released 1001']);
  });
});

describe('attended-transfer', () => {
  const { events } = replay('attended-transfer');

  it('line 1001: established with 1002, on hold while 1002 consults, established with 1005, released', () => {
    expect(lineSteps(events, L(1001))).toEqual([
      'ringing',
      'dialing 1002',
      'established 1002',
      'onHold 1002',
      'established 1005',
      'released 1005',
    ]);
  });

  it('line 1002: ringing from 1001, established, hold, consultation to 1005 (dialing, established), released', () => {
    expect(lineSteps(events, L(1002))).toEqual([
      'ringing 1001',
      'established 1001',
      'onHold 1001',
      'dialing 1005',
      'established 1005',
      'released 1005',
    ]);
  });

  it('line 1005: ringing from 1002, established with 1002, then with 1001 after the transfer, released', () => {
    expect(lineSteps(events, L(1005))).toEqual(['ringing 1002', 'established 1002', 'established 1001', 'released 1001']);
    expect(ofType(events, 'line.call').filter((e) => e.lineInterface === L(1005)).every((e) => !e.call.external)).toBe(true);
  });
});

describe('queue-penalties', () => {
  const { events } = replay('queue-penalties');

  it('rings only 1006 for the first caller and 1007 for the second, each connected then completed', () => {
    expect(agentPhases(events, '1006')).toEqual(['called support', 'connected support', 'completed support']);
    expect(agentPhases(events, '1007')).toEqual(['called support', 'connected support', 'completed support']);
    expect(lineSteps(events, L(1006)).slice(2)).toEqual(['ringing 0644556677', 'established 0644556677', 'released 0644556677']);
    expect(lineSteps(events, L(1007)).slice(2)).toEqual(['ringing 0688990011', 'established 0688990011', 'released 0688990011']);
    expect(ofType(events, 'queue.callerLeft').map((e) => `${e.queue} ${e.exit}`)).toEqual(['support answered', 'support answered']);
  });

  it("names each completed call's caller, though Asterisk omits the caller block from 1007's AgentComplete", () => {
    const completed = ofType(events, 'agent.acd').filter((e) => e.phase === 'completed');
    expect(completed.map((e) => `${e.agentNumber} ${e.callerUniqueId} ${e.callerIdNum}`)).toEqual([
      '1007 1795881199.8 0688990011',
      '1006 1795881198.4 0644556677',
    ]);
  });

  it('keeps penalties 0 and 3', () => {
    const last = new Map(ofType(events, 'member.updated').map((e) => [e.member.agentNumber, e.member.penalty]));
    expect(Object.fromEntries(last)).toEqual({ 1006: 0, 1007: 3 });
  });
});

describe('agent-logoff-during-wrapup', () => {
  it('delivers the call, completes it, logs the agent off, and the member stays in sales with status 5', () => {
    const { events } = replay('agent-logoff-during-wrapup');
    expect(ofType(events, 'agent.call').map((e) => `${e.call.state} ${e.call.otherDN}`)).toEqual([
      'ringing 0612121212',
      'established 0612121212',
      'released 0612121212',
    ]);
    expect(events.filter((e) => e.type === 'agent.loggedOut' || e.type === 'member.removed').map((e) => e.type)).toEqual(['agent.loggedOut']);
    expect(memberSteps(events).at(-1)).toBe('sales 1001 penalty 0 status 5');
  });
});

describe('pause-during-call', () => {
  it('flags the pause during the call without ending it (InCall 1, status 2), then unpauses after the call', () => {
    const { events } = replay('pause-during-call');
    const pause = ofType(events, 'member.updated').find((e) => e.member.paused)!;
    expect(pause.member).toMatchObject({ inCall: true, status: 2, pausedReason: 'break' });
    const pauseIndex = events.indexOf(pause);
    const released = events.findIndex((e) => e.type === 'line.call' && e.call.state === 'released' && e.call.queueName === 'sales');
    expect(released).toBeGreaterThan(pauseIndex);
    expect(memberSteps(events).slice(-2)).toEqual(['sales 1002 penalty 0 paused break status 1', 'sales 1002 penalty 0 status 1']);
    expect(memberSteps(events)).toContain('sales 1002 penalty 0 paused break status 2 inCall');
  });
});

describe('load-small', () => {
  const { events } = replay('load-small');

  it('counts 150 joins, 6 abandons and 144 answered callers', () => {
    expect(ofType(events, 'queue.callerJoined')).toHaveLength(150);
    expect(ofType(events, 'queue.callerAbandoned')).toHaveLength(6);
    const exits = ofType(events, 'queue.callerLeft').map((e) => e.exit);
    expect(exits.filter((x) => x === 'answered')).toHaveLength(144);
    expect(exits.filter((x) => x === 'abandoned')).toHaveLength(6);
    expect(exits).toHaveLength(150);
  });

  it("establishes as many queue calls on each agent's line as Asterisk's CallsTaken", () => {
    const taken: Record<string, number> = {};
    for (const e of ofType(events, 'agent.call')) if (e.call.state === 'established') taken[e.agentNumber] = (taken[e.agentNumber] ?? 0) + 1;
    expect(taken).toEqual({ 1001: 16, 1002: 15, 1003: 14, 1004: 17, 1005: 15, 1006: 14, 1007: 9, 1008: 15, 1009: 15, 1010: 14 });
    expect(ofType(events, 'agent.acd').filter((e) => e.phase === 'completed').every((e) => e.reason === 'caller')).toBe(true);
  });
});
