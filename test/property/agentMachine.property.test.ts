import fc from 'fast-check';
import { createActor } from 'xstate';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CallInfo } from '../../src/domain/domainEvents.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { AgentStatePayload } from '../../src/domain/xucMessages.js';
import { agentMachine, type AgentForceEvent, type AgentMachineEvent } from '../../src/machines/agentMachine.js';
import { agentStatePayload } from '../../src/machines/agentView.js';
import { acd, call, directory, member } from '../machines/domainEventBuilders.js';

/**
 * Model-based test of the agent machine: random sequences of what Asterisk reports about one
 * agent (in an order Asterisk can produce), commands and clock advances, compared after every
 * step with a small reference model written here from the protocol's lifecycle (§5.1) and the
 * fixtures' README, not from the machine's code.
 */
const T0 = 1_795_000_000_000;
const AGENT = '1001';
const queues = ['sales', 'support', 'ghost'] as const; // sales: 5 s wrap-up; ghost: not configured
type Queue = (typeof queues)[number];
const wrapUpSeconds: Record<Queue, number> = { sales: 5, support: 0, ghost: 0 };
const queueId: Record<Queue, number | undefined> = { sales: 1, support: 2, ghost: undefined };
const lines = { 'Local/1001@phones': '1001', 'Local/1002@phones': '1002' } as const;
type Line = keyof typeof lines;

type Op =
  | { op: 'login'; line: Line }
  | { op: 'relogin'; line: Line }
  | { op: 'deviceIdle' }
  | { op: 'join'; queue: Queue; paused: boolean; reason: string }
  | { op: 'leave'; queue: Queue }
  | { op: 'pauseAll'; reason: string }
  | { op: 'unpauseAll' }
  /** Rung by one of the queues that may ring it (`pick` chooses which). */
  | { op: 'acdRing'; pick: number }
  | { op: 'acdAnswer'; lineKnowsQueue: boolean }
  | { op: 'acdNoAnswer' }
  | { op: 'directCall'; outgoing: boolean; external: boolean }
  | { op: 'answer' }
  | { op: 'hangup' }
  | { op: 'advance'; ms: number }
  | { op: 'endWrapup' }
  | { op: 'logout' }
  | { op: 'forceTruth' }
  | {
      op: 'forceRandom';
      loggedIn: boolean;
      line: Line;
      members: Array<{ queue: Queue; paused: boolean; reason: string }>;
      call: 'none' | 'direct' | 'acdStandIn';
    };

const reason = fc.constantFrom('lunch', 'break', '');
const queue = fc.constantFrom(...queues);
const line = fc.constantFrom(...(Object.keys(lines) as Line[]));
// Weighted so that the interesting paths (answered queue calls, wrap-up, pauses around them,
// resyncs in the middle) come often in 40 steps.
const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  w(4, fc.record({ op: fc.constant('login' as const), line })),
  w(1, fc.record({ op: fc.constant('relogin' as const), line })),
  w(4, fc.constant({ op: 'deviceIdle' as const })),
  w(3, fc.record({ op: fc.constant('join' as const), queue, paused: fc.boolean(), reason })),
  w(1, fc.record({ op: fc.constant('leave' as const), queue })),
  w(2, fc.record({ op: fc.constant('pauseAll' as const), reason })),
  w(2, fc.constant({ op: 'unpauseAll' as const })),
  w(5, fc.record({ op: fc.constant('acdRing' as const), pick: fc.nat(5) })),
  w(5, fc.record({ op: fc.constant('acdAnswer' as const), lineKnowsQueue: fc.boolean() })),
  w(1, fc.constant({ op: 'acdNoAnswer' as const })),
  w(2, fc.record({ op: fc.constant('directCall' as const), outgoing: fc.boolean(), external: fc.boolean() })),
  w(2, fc.constant({ op: 'answer' as const })),
  w(5, fc.constant({ op: 'hangup' as const })),
  w(3, fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 7000 }) })),
  w(1, fc.constant({ op: 'endWrapup' as const })),
  w(1, fc.constant({ op: 'logout' as const })),
  w(2, fc.constant({ op: 'forceTruth' as const })),
  w(
    2,
    fc.record({
      op: fc.constant('forceRandom' as const),
      loggedIn: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      line,
      members: fc.uniqueArray(fc.record({ queue, paused: fc.boolean(), reason }), { selector: (m) => m.queue, maxLength: 3 }),
      call: fc.constantFrom('none' as const, 'direct' as const, 'acdStandIn' as const),
    }),
  ),
);

interface ModelCall {
  acdQueue: Queue | null;
  state: 'ringing' | 'dialing' | 'established';
  direction: 'Incoming' | 'Outgoing';
  external: boolean;
  uniqueId: string;
  /** Seen on the agent's line (an ACD call only once answered); otherwise only app_queue/the snapshot know it. */
  onLine: boolean;
  lineKnowsQueue: boolean;
}

interface Model {
  phase: 'out' | 'probation' | 'avail';
  line: Line | '';
  members: Map<Queue, { paused: boolean; reason: string }>;
  cause: string;
  call: ModelCall | null;
  wrapUntil: number | null;
  now: number;
  nextCall: number;
}

const allPaused = (m: Model) => m.members.size > 0 && [...m.members.values()].every((x) => x.paused);

function expectedView(m: Model): Omit<AgentStatePayload, 'since'> {
  const queueIds = [...m.members.keys()].map((q) => queueId[q]).filter((id): id is number => id !== undefined).sort((a, b) => a - b);
  const base = { agentId: 1, phoneNb: m.line ? lines[m.line] : '', queues: queueIds };
  if (m.phase === 'out') return { name: 'AgentLoggedOut', ...base, phoneNb: '', cause: '' };
  if (m.phase === 'probation') return { name: 'AgentLogin', ...base, cause: '' };
  if (m.call) {
    const name = m.call.state === 'established' ? 'AgentOnCall' : m.call.state === 'ringing' ? 'AgentRinging' : 'AgentDialing';
    return {
      name,
      ...base,
      cause: '',
      acd: m.call.acdQueue !== null,
      direction: m.call.direction,
      callType: m.call.external ? 'External' : 'Internal',
      monitorState: 'DISABLED',
    };
  }
  if (m.wrapUntil !== null) return { name: 'AgentOnWrapup', ...base, cause: '' };
  if (allPaused(m)) return { name: 'AgentOnPause', ...base, cause: m.cause };
  return { name: 'AgentReady', ...base, cause: '' };
}

type Send = (event: DistributiveOmit<AgentMachineEvent, 'at'>) => void;
type DistributiveOmit<T, K extends keyof any> = T extends unknown ? Omit<T, K> : never;

const callInfo = (c: ModelCall, state: CallInfo['state']): CallInfo =>
  call(c.uniqueId, state, {
    direction: c.direction,
    external: c.external,
    queueName: c.acdQueue && c.lineKnowsQueue ? c.acdQueue : undefined,
  });

/** One member event as Asterisk sends it; a pause flipping during wrap-up ends the wrap-up. */
function memberUpdate(m: Model, send: Send, q: Queue, paused: boolean, why: string) {
  const before = allPaused(m);
  m.members.set(q, { paused, reason: paused ? why : '' });
  if (paused) m.cause = why;
  if (m.wrapUntil !== null && allPaused(m) !== before) m.wrapUntil = null;
  send({ type: 'member.updated', queue: q, member: member(AGENT, { paused, pausedReason: paused ? why : '' }) });
}

function applyForce(m: Model, send: Send, force: Omit<AgentForceEvent, 'at' | 'type'>, call: ModelCall | null) {
  const keepsWrapUp = m.wrapUntil !== null && force.loggedIn && !force.onCall && force.calls.length === 0 && force.lineInterface === m.line;
  m.phase = force.loggedIn ? 'avail' : 'out';
  m.line = force.loggedIn ? (force.lineInterface as Line) : '';
  m.members = new Map(force.memberships.map((x) => [x.queue as Queue, { paused: x.paused, reason: x.pausedReason }]));
  m.cause = force.memberships.find((x) => x.paused)?.pausedReason ?? '';
  m.call = force.loggedIn ? call : null;
  if (!keepsWrapUp) m.wrapUntil = null;
  send({ type: 'agent.force', ...force });
}

function step(m: Model, op: Op, send: Send, clock: ManualClock): void {
  const c = m.call;
  switch (op.op) {
    case 'login':
      if (m.phase !== 'out') return;
      m.phase = 'probation';
      m.line = op.line;
      return send({ type: 'agent.loggedIn', agentNumber: AGENT, lineInterface: op.line, channel: `${op.line}-00000000;1` });
    case 'relogin':
      if (m.phase === 'out') return;
      m.line = op.line;
      return send({ type: 'agent.loggedIn', agentNumber: AGENT, lineInterface: op.line, channel: `${op.line}-00000009;1` });
    case 'deviceIdle':
      if (m.phase === 'out' || c) return;
      m.phase = 'avail';
      return send({ type: 'agent.deviceState', agentNumber: AGENT, state: 'NOT_INUSE' });
    case 'join':
      return memberUpdate(m, send, op.queue, op.paused, op.reason);
    case 'leave':
      if (!m.members.has(op.queue) || c?.acdQueue === op.queue) return;
      m.members.delete(op.queue);
      return send({ type: 'member.removed', queue: op.queue, member: member(AGENT) });
    case 'pauseAll':
      for (const q of [...m.members.keys()]) memberUpdate(m, send, q, true, op.reason);
      return;
    case 'unpauseAll':
      for (const q of [...m.members.keys()]) memberUpdate(m, send, q, false, '');
      return;
    case 'acdRing': {
      // app_queue rings only an unpaused member that is in no call.
      const ringing = [...m.members].filter(([, x]) => !x.paused).map(([q]) => q);
      if (m.phase !== 'avail' || c || ringing.length === 0) return;
      const q = ringing[op.pick % ringing.length];
      m.call = { acdQueue: q, state: 'ringing', direction: 'Incoming', external: true, uniqueId: `L${m.nextCall++}`, onLine: false, lineKnowsQueue: false };
      m.wrapUntil = null;
      return send(acd(AGENT, 'called', 0, q, `C-${m.call.uniqueId}`));
    }
    case 'acdAnswer':
      if (!c || c.acdQueue === null || c.state !== 'ringing') return;
      c.state = 'established';
      c.onLine = true;
      c.lineKnowsQueue = op.lineKnowsQueue;
      send(acd(AGENT, 'connected', 0, c.acdQueue, `C-${c.uniqueId}`));
      return send({ type: 'agent.call', agentNumber: AGENT, call: callInfo(c, 'established') });
    case 'acdNoAnswer':
      if (!c || c.acdQueue === null || c.state !== 'ringing') return;
      m.call = null;
      return send(acd(AGENT, 'ringNoAnswer', 0, c.acdQueue, `C-${c.uniqueId}`));
    case 'directCall': {
      if (m.phase !== 'avail' || c) return;
      const direction = op.outgoing ? 'Outgoing' : 'Incoming';
      m.call = {
        acdQueue: null,
        state: op.outgoing ? 'dialing' : 'ringing',
        direction,
        external: op.external,
        uniqueId: `L${m.nextCall++}`,
        onLine: true,
        lineKnowsQueue: false,
      };
      m.wrapUntil = null;
      return send({ type: 'agent.call', agentNumber: AGENT, call: callInfo(m.call, m.call.state) });
    }
    case 'answer':
      if (!c || c.acdQueue !== null || c.state === 'established' || !c.onLine) return;
      c.state = 'established';
      return send({ type: 'agent.call', agentNumber: AGENT, call: callInfo(c, 'established') });
    case 'hangup':
      if (!c || (c.acdQueue !== null && c.state !== 'established')) return;
      m.call = null;
      if (c.acdQueue !== null) {
        if (wrapUpSeconds[c.acdQueue] > 0) m.wrapUntil = m.now + wrapUpSeconds[c.acdQueue] * 1000;
        send(acd(AGENT, 'completed', 0, c.acdQueue, `C-${c.uniqueId}`));
      }
      if (c.onLine) send({ type: 'agent.call', agentNumber: AGENT, call: callInfo(c, 'released') });
      // app_agent_pool reports the agent idle right after the hang-up.
      return send({ type: 'agent.deviceState', agentNumber: AGENT, state: 'NOT_INUSE' });
    case 'advance':
      m.now += op.ms;
      if (m.wrapUntil !== null && m.now >= m.wrapUntil) m.wrapUntil = null;
      return clock.advance(op.ms);
    case 'endWrapup':
      m.wrapUntil = null;
      return send({ type: 'agent.endWrapup' });
    case 'logout':
      if (m.phase === 'out') return;
      m.phase = 'out';
      m.line = '';
      m.call = null;
      m.wrapUntil = null;
      return send({ type: 'agent.loggedOut', agentNumber: AGENT });
    case 'forceTruth': {
      const loggedIn = m.phase !== 'out';
      // What a snapshot can show: an ACD call still ringing is not visible, an answered one is.
      const kept = c && (c.state === 'established' || c.onLine) ? c : null;
      const onCall = kept?.state === 'established';
      return applyForce(
        m,
        send,
        {
          loggedIn,
          lineInterface: loggedIn ? (m.line as Line) : undefined,
          memberships: [...m.members].map(([q, x]) => ({ queue: q, paused: x.paused, pausedReason: x.reason, inCall: onCall && kept?.acdQueue === q })),
          calls: kept?.onLine ? [callInfo(kept, kept.state)] : [],
          onCall,
        },
        kept,
      );
    }
    case 'forceRandom': {
      const standInQueue = op.call === 'acdStandIn' ? (op.members[0]?.queue ?? null) : null;
      const newCall: ModelCall | null =
        op.call === 'none'
          ? null
          : op.call === 'direct'
            ? { acdQueue: null, state: 'established', direction: 'Outgoing', external: false, uniqueId: `L${m.nextCall++}`, onLine: true, lineKnowsQueue: false }
            : { acdQueue: standInQueue, state: 'established', direction: 'Incoming', external: true, uniqueId: `L${m.nextCall++}`, onLine: false, lineKnowsQueue: false };
      return applyForce(
        m,
        send,
        {
          loggedIn: op.loggedIn,
          lineInterface: op.loggedIn ? op.line : undefined,
          memberships: op.members.map((x, i) => ({ queue: x.queue, paused: x.paused, pausedReason: x.reason, inCall: standInQueue !== null && i === 0 })),
          calls: newCall?.onLine ? [callInfo(newCall, 'established')] : [],
          onCall: newCall !== null,
        },
        newCall,
      );
    }
  }
}

const view = (p: AgentStatePayload) => {
  const { since: _since, ...rest } = p;
  return rest;
};

describe('agent machine against a reference model', () => {
  it('shows what the model expects after every step, emits only changes, never a negative since, leaks no call', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(opArb, { minLength: 15, maxLength: 45 }), (startReady, randomOps) => {
        // Most runs start as most fixtures do: logged in, ready, member of sales.
        const start: Op[] = [{ op: 'login', line: 'Local/1001@phones' }, { op: 'deviceIdle' }, { op: 'join', queue: 'sales', paused: false, reason: '' }];
        const ops = startReady ? [...start, ...randomOps] : randomOps;
        const clock = new ManualClock(T0);
        const actor = createActor(agentMachine, { input: { agentId: 1, agentNumber: AGENT, directory, now: T0 }, clock });
        const emitted: AgentStatePayload[] = [];
        actor.on('agentState', (e) => emitted.push(e.state));
        actor.start();
        const send: Send = (event) => actor.send({ ...event, at: clock.now() } as AgentMachineEvent);
        const model: Model = { phase: 'out', line: '', members: new Map(), cause: '', call: null, wrapUntil: null, now: T0, nextCall: 1 };
        for (const op of ops) {
          const viewBefore = expectedView(model);
          const emittedBefore = emitted.length;
          step(model, op, send, clock);
          // A resync that finds what the events said changes nothing clients see.
          if (op.op === 'forceTruth' && isDeepStrictEqual(viewBefore, expectedView(model)) && emitted.length !== emittedBefore) {
            expect(emitted.slice(emittedBefore)).toEqual([]);
          }
          const context = actor.getSnapshot().context;
          const current = agentStatePayload(context, clock.now());
          // expect() only on a mismatch: it is slow, and this runs some 10,000 times.
          const expected = expectedView(model);
          if (!isDeepStrictEqual(view(current), expected)) expect(view(current), JSON.stringify(op)).toEqual(expected);
          if (current.since < 0) expect(current.since).toBeGreaterThanOrEqual(0);
          // What clients were last told is what the agent is now.
          if (emitted.length && !isDeepStrictEqual(view(emitted.at(-1)!), view(current))) expect(view(emitted.at(-1)!)).toEqual(view(current));
          const liveCalls = model.call && (model.call.onLine || model.call.state === 'established') ? 1 : 0;
          if (Object.keys(context.calls).length !== liveCalls) expect(context.calls).toHaveProperty('length', liveCalls);
        }
        for (const p of emitted) expect(p.since).toBeGreaterThanOrEqual(0);
        for (let i = 1; i < emitted.length; i++) expect(view(emitted[i])).not.toEqual(view(emitted[i - 1]));
        actor.stop();
      }),
      { numRuns: 250 },
    );
  });
});
