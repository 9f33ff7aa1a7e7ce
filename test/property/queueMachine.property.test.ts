import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import type { MemberState, QueueCaller } from '../../src/domain/domainEvents.js';
import type { QueueCallPayload, QueueMemberPayload, StatCounter } from '../../src/domain/xucMessages.js';
import { queueCallsOf } from '../../src/machines/queueCallers.js';
import { queueMachine, queueMembersOf } from '../../src/machines/queueMachine.js';
import { acd, caller, directory, member } from '../machines/domainEventBuilders.js';

/**
 * Model-based test of the queue machine: members joining, changing, pausing and leaving, callers
 * joining and leaving, ACD connects and completions, time passing and resyncs, compared with a
 * model of app_queue's QueueSummary rules and of the messages clients expect (§4.5).
 */
const T0 = 1_795_000_000_000;
// Four agents (ids 1..4) and one member that is no configured agent.
const memberKeys = ['1001', '1002', '1003', '1004', 'line'] as const;
const memberOf = (i: number, m: Partial<MemberState>): MemberState =>
  i < 4 ? member(memberKeys[i], m) : { ...member('9999', m), interface: 'Local/9999@phones', agentNumber: undefined };

type MemberModel = { penalty: number; paused: boolean; status: number; inCall: boolean; wrapUntil: number };
type Op =
  | { op: 'update'; m: number; penalty: number; paused: boolean; status: number }
  | { op: 'remove'; m: number }
  | { op: 'callerJoin'; c: number }
  | { op: 'callerLeave'; c: number; abandon: boolean; answered: boolean }
  | { op: 'connect'; m: number; c: number; holdTime: number }
  | { op: 'complete'; m: number; c: number }
  | { op: 'advance'; ms: number }
  | { op: 'force'; members: Array<{ m: number; penalty: number; paused: boolean; status: number }>; callers: boolean[] };

const m = fc.integer({ min: 0, max: 4 });
const c = fc.integer({ min: 0, max: 4 });
const status = fc.constantFrom(0, 1, 1, 1, 2, 5, 6);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('update' as const), m, penalty: fc.integer({ min: 0, max: 3 }), paused: fc.boolean(), status }),
  fc.record({ op: fc.constant('remove' as const), m }),
  fc.record({ op: fc.constant('callerJoin' as const), c }),
  fc.record({ op: fc.constant('callerLeave' as const), c, abandon: fc.boolean(), answered: fc.boolean() }),
  fc.record({ op: fc.constant('connect' as const), m, c, holdTime: fc.integer({ min: 0, max: 120 }) }),
  fc.record({ op: fc.constant('complete' as const), m, c }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 60_000 }) }),
  fc.record({
    op: fc.constant('force' as const),
    members: fc.uniqueArray(fc.record({ m, penalty: fc.integer({ min: 0, max: 3 }), paused: fc.boolean(), status }), { selector: (x) => x.m }),
    callers: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  }),
);

function expectedCounters(members: Map<number, MemberModel>, callers: QueueCaller[], holds: Array<{ id: string; s: number }>, now: number) {
  const list = [...members.values()];
  const logged = list.filter((x) => x.status !== 4 && x.status !== 5);
  // sales has a 5 s wrap-up after each answered call, during which app_queue rings nobody.
  const available = logged.filter((x) => !x.paused && !x.inCall && x.wrapUntil <= now && (x.status === 0 || x.status === 1)).length;
  const talking = logged.filter((x) => x.inCall || [2, 3, 7, 8].includes(x.status)).length;
  const longest = callers.length ? Math.floor((now - Math.min(...callers.map((x) => x.joinedAt))) / 1000) : 0;
  const mean = holds.length ? holds.reduce((a, h) => a + h.s, 0) / holds.length : longest;
  return {
    WaitingCalls: callers.length,
    LongestWaitTime: longest,
    EWT: callers.length < available ? 0 : Math.round((mean * (callers.length + 1)) / Math.max(1, logged.length)),
    AvailableAgents: available,
    TalkingAgents: talking,
    LoggedAgents: logged.length,
  };
}

describe('queue machine against a reference model', () => {
  it('publishes member changes, waiting calls and only the changed counters, which add up to the model', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 5, maxLength: 30 }), (ops) => {
        const clock = new ManualClock(T0);
        const actor = createActor(queueMachine, { input: { queueId: 1, queueName: 'sales', directory, now: T0 }, clock });
        const memberMsgs: QueueMemberPayload[] = [];
        const callsMsgs: QueueCallPayload[][] = [];
        const counterMsgs: StatCounter[][] = [];
        actor.on('queueMember', (e) => memberMsgs.push(e.member));
        actor.on('queueCalls', (e) => callsMsgs.push(e.calls));
        actor.on('queueCounters', (e) => counterMsgs.push(e.counters));
        actor.start();
        let now = T0;
        const members = new Map<number, MemberModel>();
        let callers: QueueCaller[] = [];
        let holds: Array<{ id: string; s: number }> = [];
        const addHold = (id: string, s: number) => {
          holds = [...holds.filter((h) => h.id !== id), { id, s }].slice(-10);
        };
        // What clients know, rebuilt from the messages alone.
        const clientCounters: Record<string, number> = {};

        for (const op of ops) {
          const expectedMembers: QueueMemberPayload[] = [];
          let expectedCalls: QueueCallPayload[] | undefined;
          const callsNow = () =>
            callers.map((x) => ({ position: x.position, name: x.callerIdName, number: x.callerIdNum, queueTime: new Date(x.joinedAt).toISOString() }));
          const beforeMembers = memberMsgs.length;
          const beforeCalls = callsMsgs.length;
          switch (op.op) {
            case 'update': {
              const prev = members.get(op.m);
              if (op.m < 4 && prev?.penalty !== op.penalty) expectedMembers.push({ agentId: op.m + 1, queueId: 1, penalty: op.penalty });
              members.set(op.m, { penalty: op.penalty, paused: op.paused, status: op.status, inCall: false, wrapUntil: prev?.wrapUntil ?? 0 });
              actor.send({ type: 'member.updated', queue: 'sales', member: memberOf(op.m, op), at: now });
              break;
            }
            case 'remove':
              if (members.has(op.m) && op.m < 4) expectedMembers.push({ agentId: op.m + 1, queueId: 1, penalty: -1 });
              members.delete(op.m);
              actor.send({ type: 'member.removed', queue: 'sales', member: memberOf(op.m, {}), at: now });
              break;
            case 'callerJoin':
              if (callers.some((x) => x.uniqueId === `C${op.c}`)) break;
              callers = [...callers, caller(`C${op.c}`, callers.length + 1, now, { callerIdNum: `06000000${op.c}` })];
              expectedCalls = callsNow();
              actor.send({ type: 'queue.callerJoined', queue: 'sales', caller: callers.at(-1)!, count: callers.length, at: now });
              break;
            case 'callerLeave': {
              const gone = callers.find((x) => x.uniqueId === `C${op.c}`);
              if (gone) {
                callers = callers.filter((x) => x !== gone).map((x, i) => ({ ...x, position: i + 1 }));
                expectedCalls = callsNow();
                if (!op.abandon && op.answered && !holds.some((h) => h.id === gone.uniqueId)) addHold(gone.uniqueId, Math.floor((now - gone.joinedAt) / 1000));
              }
              const uniqueId = `C${op.c}`;
              if (op.abandon) actor.send({ type: 'queue.callerAbandoned', queue: 'sales', uniqueId, position: 1, originalPosition: 1, holdTime: 0, at: now });
              actor.send({ type: 'queue.callerLeft', queue: 'sales', uniqueId, count: callers.length, exit: op.abandon ? 'abandoned' : op.answered ? 'answered' : 'timeout', at: now });
              break;
            }
            case 'connect': {
              const x = members.get(op.m);
              if (x && op.m < 4) x.inCall = true;
              addHold(`C${op.c}`, op.holdTime);
              actor.send({ ...acd(memberKeys[op.m], 'connected', now, 'sales', `C${op.c}`), holdTime: op.holdTime });
              break;
            }
            case 'complete': {
              const x = members.get(op.m);
              if (x && op.m < 4) (x.inCall = false), (x.wrapUntil = now + 5000);
              actor.send(acd(memberKeys[op.m], 'completed', now, 'sales', `C${op.c}`));
              break;
            }
            case 'advance':
              now += op.ms;
              clock.advance(op.ms);
              actor.send({ type: 'queue.tick', at: now });
              break;
            case 'force': {
              // A snapshot cannot show wrap-ups: those of members still there go on.
              const next = new Map(
                op.members.map((x) => [x.m, { penalty: x.penalty, paused: x.paused, status: x.status, inCall: false, wrapUntil: members.get(x.m)?.wrapUntil ?? 0 }]),
              );
              for (const [k, x] of next) if (k < 4 && members.get(k)?.penalty !== x.penalty) expectedMembers.push({ agentId: k + 1, queueId: 1, penalty: x.penalty });
              for (const k of members.keys()) if (k < 4 && !next.has(k)) expectedMembers.push({ agentId: k + 1, queueId: 1, penalty: -1 });
              const before = callers.map((x) => x.uniqueId).join();
              callers = op.callers.flatMap((keep, i) => (keep ? [caller(`C${i}`, 0, now - i * 1000)] : [])).map((x, i) => ({ ...x, position: i + 1 }));
              if (callers.map((x) => x.uniqueId).join() !== before) expectedCalls = callsNow();
              members.clear();
              for (const [k, x] of next) members.set(k, x);
              actor.send({
                type: 'queue.force',
                members: op.members.map((x) => memberOf(x.m, x)),
                callers: [...callers].reverse(),
                at: now,
              });
              break;
            }
          }
          // Whatever came before, the queue now is what it was told last (a snapshot included).
          const context = actor.getSnapshot().context;
          const membersNow = [...members].filter(([k]) => k < 4).map(([k, x]) => ({ agentId: k + 1, queueId: 1, penalty: x.penalty }));
          const sortById = (l: QueueMemberPayload[]) => [...l].sort((a, b) => a.agentId - b.agentId);
          if (!isDeepStrictEqual(sortById(queueMembersOf(context)), sortById(membersNow))) expect(sortById(queueMembersOf(context))).toEqual(sortById(membersNow));
          if (!isDeepStrictEqual(queueCallsOf(context.callers), callsNow())) expect(queueCallsOf(context.callers)).toEqual(callsNow());
          const gotMembers = memberMsgs.slice(beforeMembers);
          if (!isDeepStrictEqual(gotMembers, expectedMembers)) expect(gotMembers, JSON.stringify(op)).toEqual(expectedMembers);
          const gotCalls = callsMsgs.slice(beforeCalls);
          const wantCalls = expectedCalls ? [expectedCalls] : [];
          if (!isDeepStrictEqual(gotCalls, wantCalls)) expect(gotCalls, JSON.stringify(op)).toEqual(wantCalls);
          for (const msg of counterMsgs.splice(0)) {
            expect(msg.length).toBeGreaterThan(0);
            for (const { statName, value } of msg) {
              expect(value).not.toBe(clientCounters[statName] ?? 0);
              clientCounters[statName] = value;
            }
          }
          const want = expectedCounters(members, callers, holds, now);
          const got = { ...want, ...Object.fromEntries(Object.keys(want).map((k) => [k, clientCounters[k] ?? 0])) };
          if (!isDeepStrictEqual(got, want)) expect(got, JSON.stringify(op)).toEqual(want);
        }
        actor.stop();
      }),
      { numRuns: 250 },
    );
  });
});
