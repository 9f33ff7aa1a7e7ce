import fc from 'fast-check';
import { test } from 'vitest';
import type { AgentStateName, PhoneEventType } from '../../src/domain/xucMessages.js';
import {
  type AgentStatsOptions,
  agentStatistics,
  applyAgentCall,
  applyAgentState,
  createAgentStatsState,
  tickAgentStats,
} from '../../src/stats/agentStats.js';
import { resetSchedule } from '../../src/stats/statsDay.js';

/** Agent statistics over generated days of states and calls (Europe/Paris, across the October change). */
const RUNS = 200;
const START = Date.UTC(2026, 9, 24, 6, 0, 0);
const STATES: AgentStateName[] = ['AgentLoggedOut', 'AgentLogin', 'AgentReady', 'AgentOnPause', 'AgentOnWrapup', 'AgentRinging', 'AgentDialing', 'AgentOnCall'];
const PHONE: PhoneEventType[] = ['EventRinging', 'EventDialing', 'EventEstablished', 'EventOnHold', 'EventReleased', 'EventFailure'];
const GROWING = ['ReadyTime', 'PausedTime', 'WrapupTime', 'InbCalls', 'InbCallTime', 'InbAnsCalls', 'InbUnansCalls', 'OutCalls', 'lunch', 'meeting'];

const stepArb = fc.record({
  afterSeconds: fc.integer({ min: 0, max: 4 * 3600 }),
  action: fc.oneof(
    fc.record({ kind: fc.constant('state' as const), name: fc.constantFrom(...STATES), cause: fc.constantFrom('', 'lunch', 'meeting', 'coffee'), since: fc.integer({ min: 0, max: 600 }) }),
    fc.record({ kind: fc.constant('phone' as const), eventType: fc.constantFrom(...PHONE), call: fc.constantFrom('u1', 'u2', 'u3') }),
    fc.record({ kind: fc.constant('tick' as const) }),
  ),
});

test('calls answered and unanswered never exceed calls received, times never exceed the day, and nothing goes backwards within a day', () => {
  fc.assert(
    fc.property(fc.array(stepArb, { maxLength: 80 }), fc.constantFrom('00:00', '02:30', '07:45'), (steps, resetTime) => {
      const options: AgentStatsOptions = { schedule: resetSchedule({ timeZone: 'Europe/Paris', resetTime }), pauseStatuses: ['lunch', 'meeting'] };
      const state = createAgentStatsState();
      let now = START;
      let first: number | undefined;
      let previous: Record<string, number | string> | undefined;
      let previousDay: string | undefined;
      for (const { afterSeconds, action } of steps) {
        now += afterSeconds * 1000;
        if (action.kind === 'state') {
          first ??= now;
          applyAgentState(state, { name: action.name, agentId: 1, phoneNb: '1001', since: action.since, queues: [], cause: action.cause }, now, options);
        } else if (action.kind === 'phone') {
          first ??= now;
          applyAgentCall(state, 1, { eventType: action.eventType, DN: '1001', otherDN: '1002', otherDName: '', linkedId: action.call, uniqueId: action.call, userData: {} }, now, options);
        } else tickAgentStats(state, now, options);
        const s = Object.fromEntries(agentStatistics(state, 1, now, options).map((x) => [x.name, x.value])) as Record<string, number>;
        const fail = (why: string) => {
          throw new Error(`${why} at ${new Date(now).toISOString()}: ${JSON.stringify(s)}`);
        };
        if (s.InbAnsCalls + s.InbUnansCalls > s.InbCalls) fail('more outcomes than calls');
        if (!(s.InbPercUnansCalls >= 0 && s.InbPercUnansCalls <= 100)) fail('percentage out of range');
        if (s.lunch + s.meeting > s.PausedTime) fail('pausing statuses exceed the pause');
        if (first !== undefined) {
          // Time in states is measured from the first event (or the reset), but a first state may say it began `since` earlier.
          const elapsed = (now - Math.max(state.dayStartedAt, first - 600_000)) / 1000;
          if (s.ReadyTime + s.PausedTime + s.WrapupTime > elapsed + 1) fail(`more time in states than the ${elapsed} s elapsed`);
        }
        if (previous && previousDay === state.day) {
          for (const k of GROWING) if ((s[k] ?? 0) < ((previous[k] as number) ?? 0)) fail(`${k} went backwards`);
        }
        previous = s;
        previousDay = state.day;
      }
    }),
    { numRuns: RUNS },
  );
});
