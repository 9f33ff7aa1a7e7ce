import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { runAction } from '../../src/simulator/amiActions.js';
import type { Headers } from '../../src/simulator/amiWire.js';
import { Pbx } from '../../src/simulator/pbx.js';
import { recordingLabPbx } from '../../src/simulator/pbxDefinition.js';

type Step = { kind: 'action'; headers: Headers } | { kind: 'advance'; ms: number } | { kind: 'hangupSome'; index: number };

const agent = fc.constantFrom('1001', '1002', '1003', '4242', '', 'x');
const queue = fc.constantFrom('sales', 'support', 'travels', 'nosuch', '');
const iface = agent.map((a) => `Local/${a}@agents`);
const actionArb: fc.Arbitrary<Headers> = fc.oneof(
  agent.map((a): Headers => [['Action', 'Originate'], ['Channel', `Local/${a}@phones`], ['Application', 'AgentLogin'], ['Data', a]]),
  fc.tuple(fc.constantFrom('3000', '3001', '3002', '1002', '9'), fc.stringMatching(/^06\d{8}$/)).map(
    ([exten, n]): Headers => [['Action', 'Originate'], ['Channel', `Local/${n}@from-extern`], ['Context', 'queues'], ['Exten', exten]]),
  fc.tuple(agent, agent).map(([a, b]): Headers => [['Action', 'Originate'], ['Channel', `Local/${a}@phones`], ['Context', 'internal'], ['Exten', b]]),
  fc.tuple(queue, iface, fc.boolean()).map(([q, i, p]): Headers => [['Action', 'QueueAdd'], ['Queue', q], ['Interface', i], ['Paused', String(p)], ['StateInterface', i.replace(/^Local\/(.*)@agents$/, 'Agent:$1')]]),
  fc.tuple(queue, iface).map(([q, i]): Headers => [['Action', 'QueueRemove'], ['Queue', q], ['Interface', i]]),
  fc.tuple(iface, fc.boolean(), fc.option(queue)).map(([i, p, q]): Headers => [['Action', 'QueuePause'], ['Interface', i], ['Paused', String(p)], ['Reason', 'break'], ...(q === null ? [] : [['Queue', q] as [string, string]])]),
  fc.tuple(iface, fc.integer({ min: -2, max: 9 })).map(([i, p]): Headers => [['Action', 'QueuePenalty'], ['Interface', i], ['Penalty', String(p)]]),
  agent.map((a): Headers => [['Action', 'AgentLogoff'], ['Agent', a]]),
  fc.constantFrom<Headers>([['Action', 'CoreShowChannels']], [['Action', 'QueueStatus']], [['Action', 'Agents']], [['Action', 'Status']], [['Action', 'QueueSummary']]),
  fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 })), { maxLength: 4 }).map((h): Headers => [['Action', 'Originate'], ...h]),
);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  actionArb.map((headers) => ({ kind: 'action' as const, headers })),
  fc.integer({ min: 1, max: 12_000 }).map((ms) => ({ kind: 'advance' as const, ms })),
  fc.nat(40).map((index) => ({ kind: 'hangupSome' as const, index })),
);

/** Runs a step the way the AMI server does: the response first, then the action's events. */
function run(pbx: Pbx, clock: ManualClock, step: Step): void {
  if (step.kind === 'advance') return clock.advance(step.ms);
  if (step.kind === 'hangupSome') {
    const channels = [...pbx.channels.values()];
    if (channels.length) pbx.hangup(channels[step.index % channels.length]);
    return;
  }
  const outcome = runAction(pbx, step.headers);
  expect(['Success', 'Error']).toContain(outcome.response);
  outcome.then?.();
}

describe('the PBX model under any sequence of actions', () => {
  it('never throws, keeps Local halves paired, and frees every channel once all calls are hung up', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const clock = new ManualClock(Date.UTC(2026, 10, 28, 11, 0, 0));
        const pbx = new Pbx(recordingLabPbx(), { clock, seed: 9 });
        for (const step of steps) run(pbx, clock, step);
        for (const ch of pbx.channels.values()) expect(ch.partner?.partner).toBe(ch);
        for (const q of pbx.queues.values()) for (const call of q.waiting) expect(call.caller.alive).toBe(true);
        // An Async Originate still queued creates its channel a few ms after its response.
        clock.advance(10);
        for (let i = 0; i < 50 && pbx.channels.size; i++) {
          pbx.hangup([...pbx.channels.values()][0]);
          clock.advance(10);
        }
        clock.advance(20_000);
        expect([...pbx.channels.keys()]).toEqual([]);
        for (const q of pbx.queues.values()) {
          expect(q.waiting).toEqual([]);
          for (const m of q.members) expect(m.ringing).toBe(false);
        }
        for (const a of pbx.agents.values()) expect(a.loginChannel).toBeUndefined();
        pbx.stop();
      }),
      { numRuns: 250 },
    );
  });
});
