import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import type { Headers } from '../../src/simulator/amiWire.js';
import { header } from '../../src/simulator/amiWire.js';
import { originate } from '../../src/simulator/lines.js';
import { Pbx } from '../../src/simulator/pbx.js';
import { recordingLabPbx, type RingStrategy } from '../../src/simulator/pbxDefinition.js';
import { queueAdd, queuePause } from '../../src/simulator/queueMembers.js';

/** A lab PBX with some agents logged in and members of `queue`, events recorded. */
function lab(options: { strategy?: RingStrategy; agents: Array<[string, number]>; queue?: string; noAnswerRate?: number }) {
  const def = recordingLabPbx();
  const queueName = options.queue ?? 'sales';
  const pbx = new Pbx(
    { ...def, queues: def.queues.map((q) => (q.name === queueName && options.strategy ? { ...q, strategy: options.strategy } : q)) },
    { clock: new ManualClock(Date.UTC(2026, 10, 28, 10, 0, 0)), seed: 3, agentNoAnswerRate: options.noAnswerRate },
  );
  const clock = pbx.clock as ManualClock;
  const events: Headers[] = [];
  pbx.onEvent((f) => events.push(f));
  for (const [n] of options.agents) originate(pbx, { exten: n, context: 'phones', application: 'AgentLogin', data: n, variables: [] });
  clock.advance(10_000);
  for (const [n, penalty] of options.agents)
    queueAdd(pbx, { queue: queueName, iface: `Local/${n}@agents`, memberName: `Agent/${n}`, stateInterface: `Agent:${n}`, penalty });
  const call = (number: string, queueNumber = pbx.queues.get(queueName)!.def.number) =>
    originate(pbx, { exten: number, context: 'from-extern', targetContext: 'queues', targetExten: queueNumber, variables: [] });
  const named = (name: string) => events.filter((e) => e[0][1] === name);
  return { pbx, clock, events, call, named };
}

const calledAgents = (frames: Headers[]) => frames.map((f) => header(f, 'MemberName'));

describe('queue behaviour of the simulated app_queue', () => {
  it('a caller waiting past the Queue() timeout leaves with QUEUESTATUS=TIMEOUT and counts as abandoned', () => {
    const { pbx, clock, call, named, events } = lab({ agents: [], queue: 'support' });
    call('0611111111', '3001');
    clock.advance(8_500);
    expect(named('QueueCallerAbandon')).toHaveLength(1);
    expect(named('QueueCallerLeave')).toHaveLength(1);
    expect(events.some((e) => header(e, 'Variable') === 'QUEUESTATUS' && header(e, 'Value') === 'TIMEOUT')).toBe(true);
    expect(pbx.queueLog.lines().some((l) => /\|support\|NONE\|EXITWITHTIMEOUT\|1\|1\|8$/.test(l))).toBe(true);
    expect(pbx.queues.get('support')!.abandoned).toBe(1);
    expect(pbx.channels.size).toBe(0);
  });

  it('joinempty=no refuses a caller when no member is usable, and logs JOINEMPTY from the dialplan', () => {
    const { pbx, call, named } = lab({ agents: [] });
    call('0633445566', '3002');
    expect(named('QueueCallerJoin')).toHaveLength(0);
    expect(pbx.queueLog.lines().at(-1)).toMatch(/\|travels\|NONE\|JOINEMPTY\|$/);
  });

  it('penalties order members: the higher penalty is rung only when the lower one is busy', () => {
    const { clock, call, named } = lab({ agents: [['1006', 0], ['1007', 3]], queue: 'support' });
    call('0644556677', '3001');
    clock.advance(1_000);
    call('0688990011', '3001');
    clock.advance(1_000);
    expect(calledAgents(named('AgentCalled'))).toEqual(['Agent/1006', 'Agent/1007']);
  });

  it('a member in wrap-up is not rung until the queue wrap-up time has passed', () => {
    const { pbx, clock, call, named } = lab({ agents: [['1001', 0]] });
    const first = call('0600000001');
    clock.advance(2_000);
    pbx.hangup(first.partner!);
    clock.advance(1_000);
    call('0600000002');
    clock.advance(2_000);
    expect(named('AgentCalled')).toHaveLength(1);
    clock.advance(4_000);
    expect(named('AgentCalled')).toHaveLength(2);
  });

  it('a paused member is never rung; unpausing delivers the waiting caller', () => {
    const { pbx, clock, call, named } = lab({ agents: [['1002', 0]] });
    queuePause(pbx, 'Local/1002@agents', true, 'break');
    call('0655443322');
    clock.advance(5_000);
    expect(named('AgentCalled')).toHaveLength(0);
    queuePause(pbx, 'Local/1002@agents', false, '');
    // The caller sees the member free at its next look (each second from its join), then it answers.
    clock.advance(2_000);
    expect(named('AgentConnect')).toHaveLength(1);
  });

  it.each<[RingStrategy, string[]]>([
    ['rrmemory', ['Agent/1001', 'Agent/1002', 'Agent/1003', 'Agent/1001']],
    ['ringall', ['Agent/1001', 'Agent/1001', 'Agent/1001', 'Agent/1001']],
    ['random', ['Agent/1003', 'Agent/1003', 'Agent/1002', 'Agent/1001']], // seed 3
    ['fewestcalls', ['Agent/1001', 'Agent/1002', 'Agent/1003', 'Agent/1001']],
    ['leastrecent', ['Agent/1001', 'Agent/1002', 'Agent/1003', 'Agent/1001']],
  ])('%s picks members in its order, call after call', (strategy, expected) => {
    const { pbx, clock, call, named } = lab({ strategy, agents: [['1001', 0], ['1002', 0], ['1003', 0]], queue: 'support' });
    for (let i = 0; i < 4; i++) {
      const c = call(`060000000${i}`, '3001');
      clock.advance(2_000);
      pbx.hangup(c.partner!);
      clock.advance(1_000);
    }
    expect(calledAgents(named('AgentConnect'))).toEqual(expected);
    expect(named('AgentCalled')).toHaveLength(strategy === 'ringall' ? 12 : 4);
    expect(pbx.queues.get('support')!.completed).toBe(4);
    expect(pbx.channels.size).toBe(6);
  });

  it('ringall rings the whole best tier at once and cancels the others when one answers', () => {
    const { clock, call, named } = lab({ strategy: 'ringall', agents: [['1001', 0], ['1002', 0], ['1003', 1]], queue: 'support' });
    call('0611223344', '3001');
    clock.advance(2_000);
    expect(calledAgents(named('AgentCalled'))).toEqual(['Agent/1001', 'Agent/1002']);
    expect(named('DialEnd').filter((e) => header(e, 'DialStatus') === 'CANCEL')).toHaveLength(1);
    expect(calledAgents(named('AgentConnect'))).toEqual(['Agent/1001']);
  });

  it('an agent who lets it ring gives AgentRingNoAnswer after the member timeout; the next one is tried after retry', () => {
    const { pbx, clock, call, named } = lab({ agents: [['1001', 0], ['1002', 0]], queue: 'support', noAnswerRate: 1 });
    call('0677777777', '3001');
    clock.advance(5_100);
    expect(calledAgents(named('AgentRingNoAnswer'))).toEqual(['Agent/1001']);
    expect(named('AgentCalled')).toHaveLength(1);
    clock.advance(1_000);
    expect(calledAgents(named('AgentCalled'))).toEqual(['Agent/1001', 'Agent/1002']);
    expect(pbx.queueLog.lines().some((l) => l.endsWith('|support|Agent/1001|RINGNOANSWER|5000'))).toBe(true);
    clock.advance(2_000);
    // Nobody answers: the Queue() timeout (8 s) ends it.
    expect(named('QueueCallerAbandon')).toHaveLength(1);
    expect(pbx.channels.size).toBe(4);
  });

  it('an agent who logs off while rung leaves the caller waiting for the next member', () => {
    const { pbx, clock, call, named } = lab({ agents: [['1001', 0], ['1002', 0]], queue: 'support' });
    call('0688888888', '3001');
    pbx.hangup(pbx.agents.get('1001')!.loginChannel!, 32);
    clock.advance(1_000);
    expect(calledAgents(named('AgentConnect'))).toEqual(['Agent/1002']);
    expect([...pbx.channels.keys()].filter((c) => c.includes('1001'))).toEqual([]);
  });

  it('writes queue_log to a file like Asterisk, and keeps it in memory', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sim-qlog-')), 'queue_log');
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 10, 0, 0));
    const pbx = new Pbx(recordingLabPbx(), { clock, queueLogFile: file });
    queueAdd(pbx, { queue: 'sales', iface: 'Local/1003@agents', memberName: 'Agent/1003', stateInterface: 'Agent:1003', paused: true, reason: 'break' });
    queuePause(pbx, 'Local/1003@agents', false, '');
    const expected = ['1795860000|MANAGER|sales|Agent/1003|ADDMEMBER|PAUSED', '1795860000|NONE|NONE|Agent/1003|UNPAUSEALL|', '1795860000|NONE|sales|Agent/1003|UNPAUSE|'];
    expect(readFileSync(file, 'utf8').trim().split('\n')).toEqual(expected);
    expect(pbx.queueLog.lines()).toEqual(expected);
  });

  it('an agent logged off during wrap-up stays a member, unavailable (Status 5)', () => {
    const { pbx, clock, call, named } = lab({ agents: [['1001', 0]] });
    const c = call('0612121212');
    clock.advance(3_000);
    pbx.hangup(c.partner!);
    clock.advance(2_000);
    pbx.hangup(pbx.agents.get('1001')!.loginChannel!, 32);
    expect(header(named('QueueMemberStatus').at(-1)!, 'Status')).toBe('5');
    expect(pbx.queues.get('sales')!.members).toHaveLength(1);
    expect(named('AgentLogoff')).toHaveLength(1);
  });
});
