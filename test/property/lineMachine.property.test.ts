import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { CallInfo } from '../../src/domain/domainEvents.js';
import type { PhoneEventPayload, PhoneEventType, PhoneStatusName } from '../../src/domain/xucMessages.js';
import { lineMachine } from '../../src/machines/lineMachine.js';
import { call } from '../machines/domainEventBuilders.js';

/**
 * Model-based test of the line machine: up to three calls at once on line 1001, each following
 * the PhoneEvent lifecycle (§5.2) with repeats, transfers, data attached on the way and resyncs;
 * the emitted PhoneEvents and line statuses are compared with what a model of the protocol expects.
 */
type Live = { state: 'dialing' | 'ringing' | 'established' | 'onHold'; otherDN: string; userData: Record<string, string> };
type Op =
  | { op: 'start'; id: number; outgoing: boolean; otherDN: string; data: Record<string, string> }
  | { op: 'answer'; id: number }
  | { op: 'hold'; id: number }
  | { op: 'retrieve'; id: number }
  | { op: 'repeat'; id: number; data: Record<string, string> }
  | { op: 'transfer'; id: number; otherDN: string }
  | { op: 'release'; id: number }
  | { op: 'force'; keep: boolean[]; extra: { id: number; otherDN: string } | null };

const id = fc.integer({ min: 0, max: 3 });
const number = fc.constantFrom('1002', '1003', '0601020304');
const data = fc.dictionary(fc.constantFrom('USR_DATA1', 'XIVO_SRCNUM', 'SIPCALLID'), fc.constantFrom('a', 'b'), { maxKeys: 2 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('start' as const), id, outgoing: fc.boolean(), otherDN: number, data }),
  fc.record({ op: fc.constant('answer' as const), id }),
  fc.record({ op: fc.constant('hold' as const), id }),
  fc.record({ op: fc.constant('retrieve' as const), id }),
  fc.record({ op: fc.constant('repeat' as const), id, data }),
  fc.record({ op: fc.constant('transfer' as const), id, otherDN: number }),
  fc.record({ op: fc.constant('release' as const), id }),
  fc.record({
    op: fc.constant('force' as const),
    keep: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    extra: fc.option(fc.record({ id, otherDN: number }), { nil: null }),
  }),
);

const typeOf: Record<Live['state'] | 'released', PhoneEventType> = {
  dialing: 'EventDialing',
  ringing: 'EventRinging',
  established: 'EventEstablished',
  onHold: 'EventOnHold',
  released: 'EventReleased',
};

/** The line's hint: something ringing next to something else is "busy and ringing". */
function expectedStatus(live: Map<string, Live>): PhoneStatusName {
  const states = [...live.values()].map((l) => l.state);
  if (states.length === 0) return 'AVAILABLE';
  const ringing = states.includes('ringing');
  const others = states.some((s) => s !== 'ringing');
  if (ringing) return others ? 'BUSY_AND_RINGING' : 'RINGING';
  return states.some((s) => s === 'established' || s === 'dialing') ? 'CALLING' : 'ONHOLD';
}

type Expected = { eventType: PhoneEventType; uniqueId: string; otherDN: string; userData: Record<string, string> };

describe('line machine against a reference model', () => {
  it('emits exactly the PhoneEvents and statuses the model expects, and keeps only live calls', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 5, maxLength: 40 }), (ops) => {
        const actor = createActor(lineMachine, { input: { lineId: 1, lineInterface: 'Local/1001@phones', number: '1001' } });
        const events: PhoneEventPayload[] = [];
        const statuses: PhoneStatusName[] = [];
        actor.on('phoneEvent', (e) => events.push(e.event));
        actor.on('phoneStatus', (e) => statuses.push(e.status));
        actor.start();
        const live = new Map<string, Live>();
        let status: PhoneStatusName = 'AVAILABLE';
        let at = 0;
        const info = (uid: string, l: Live, state: CallInfo['state'], extra: Record<string, string> = {}) =>
          call(uid, state, { otherDN: l.otherDN, otherDName: '', userData: extra, direction: 'Incoming' });
        const send = (c: CallInfo) => actor.send({ type: 'line.call', lineInterface: 'Local/1001@phones', call: c, at: ++at });

        for (const op of ops) {
          const expected: Expected[] = [];
          const emit = (uid: string, l: Live, type: PhoneEventType) =>
            expected.push({ eventType: type, uniqueId: uid, otherDN: l.otherDN, userData: { ...l.userData } });
          const uid = 'id' in op ? `U${op.id}` : '';
          const l = live.get(uid);
          const before = events.length;
          switch (op.op) {
            case 'start': {
              if (l) break;
              const next: Live = { state: op.outgoing ? 'dialing' : 'ringing', otherDN: op.otherDN, userData: { ...op.data } };
              live.set(uid, next);
              emit(uid, next, typeOf[next.state]);
              send(info(uid, next, next.state, op.data));
              break;
            }
            case 'answer':
            case 'retrieve':
            case 'hold': {
              const from = op.op === 'answer' ? ['dialing', 'ringing'] : op.op === 'hold' ? ['established'] : ['onHold'];
              if (!l || !from.includes(l.state)) break;
              l.state = op.op === 'hold' ? 'onHold' : 'established';
              emit(uid, l, typeOf[l.state]);
              send(info(uid, l, l.state));
              break;
            }
            case 'repeat':
              if (!l) break;
              // Same state again, maybe with data: nothing to tell clients yet.
              Object.assign(l.userData, op.data);
              send(info(uid, l, l.state, op.data));
              break;
            case 'transfer':
              if (!l || l.state !== 'established' || l.otherDN === op.otherDN) break;
              l.otherDN = op.otherDN;
              emit(uid, l, 'EventEstablished');
              send(info(uid, l, 'established'));
              break;
            case 'release':
              // A release of a call the line never showed is sent too: it must change nothing.
              if (l) emit(uid, l, 'EventReleased');
              live.delete(uid);
              send(call(uid, 'released', { otherDN: l?.otherDN ?? '', otherDName: '', userData: {} }));
              break;
            case 'force': {
              const kept = [...live].filter(([u]) => op.keep[Number(u.slice(1))]);
              for (const [u, gone] of live) if (!kept.some(([k]) => k === u)) emit(u, gone, 'EventReleased');
              const calls = kept.map(([u, k]) => info(u, k, k.state));
              const fresh = op.extra && !live.has(`U${op.extra.id}`) ? op.extra : null;
              live.clear();
              for (const [u, k] of kept) live.set(u, k);
              if (fresh) {
                const n: Live = { state: 'established', otherDN: fresh.otherDN, userData: {} };
                live.set(`U${fresh.id}`, n);
                emit(`U${fresh.id}`, n, 'EventEstablished');
                calls.push(info(`U${fresh.id}`, n, 'established'));
              }
              actor.send({ type: 'line.force', calls, at: ++at });
              break;
            }
          }
          const got = events.slice(before).map((e) => ({ eventType: e.eventType, uniqueId: e.uniqueId, otherDN: e.otherDN, userData: e.userData }));
          if (!isDeepStrictEqual(got, expected)) expect(got, JSON.stringify(op)).toEqual(expected);
          const nextStatus = expectedStatus(live);
          const statusEvents = statuses.splice(0);
          expect(statusEvents).toEqual(nextStatus === status ? [] : [nextStatus]);
          status = nextStatus;
          const context = actor.getSnapshot().context;
          if (!isDeepStrictEqual(Object.keys(context.calls).sort(), [...live.keys()].sort())) {
            expect(Object.keys(context.calls).sort()).toEqual([...live.keys()].sort());
          }
        }
        for (const e of events) if (e.DN !== '1001') expect(e.DN).toBe('1001');
        actor.stop();
      }),
      { numRuns: 300 },
    );
  });
});
