import fc from 'fast-check';
import { test } from 'vitest';
import type { AgentStateName, PhoneEventType } from '../../src/domain/xucMessages.js';
import {
  type AgentStatsOptions,
  type AgentStatsState,
  agentStatistics,
  applyAgentStatsEntry,
  createAgentStatsState,
  replayAgentStats,
  tickAgentStats,
} from '../../src/stats/agentStats.js';
import type { AgentStatsEntry } from '../../src/stats/agentStatsJournal.js';
import { resetSchedule } from '../../src/stats/statsDay.js';

/**
 * A restart resumes the agent statistics: the counters are the same whether the server ran in one
 * piece, or stopped at any point and replayed its journal (as stored: JSON) then heard the engine
 * announce each agent's state again once resynchronised. Europe/Paris, across the October change,
 * with gaps of more than a day between events.
 */
const RUNS = 300;
const START = Date.UTC(2026, 9, 24, 6, 0, 0);
const AGENTS = [1, 2, 3];
const STATES: AgentStateName[] = ['AgentLoggedOut', 'AgentLogin', 'AgentReady', 'AgentOnPause', 'AgentOnWrapup', 'AgentRinging', 'AgentOnCall'];
const CALLS: PhoneEventType[] = ['EventRinging', 'EventDialing', 'EventEstablished', 'EventReleased', 'EventFailure'];

const stepArb = fc.record({
  afterSeconds: fc.oneof(fc.integer({ min: 0, max: 3 * 3600 }), fc.integer({ min: 20 * 3600, max: 50 * 3600 })),
  agentId: fc.constantFrom(...AGENTS),
  action: fc.oneof(
    fc.record({ kind: fc.constant('state' as const), name: fc.constantFrom(...STATES), cause: fc.constantFrom('', 'lunch', 'meeting'), since: fc.integer({ min: 0, max: 900 }) }),
    fc.record({ kind: fc.constant('call' as const), eventType: fc.constantFrom(...CALLS), uniqueId: fc.constantFrom('c1', 'c2', 'c3') }),
    fc.record({ kind: fc.constant('tick' as const) }),
  ),
});

type Step = { at: number; entry?: AgentStatsEntry };

function timeline(raw: ReadonlyArray<typeof stepArb extends fc.Arbitrary<infer T> ? T : never>): Step[] {
  let at = START;
  return raw.map(({ afterSeconds, agentId, action }) => {
    at += afterSeconds * 1000;
    return action.kind === 'tick' ? { at } : { at, entry: { at, agentId, ...action } };
  });
}

/** The running server: entries as they come, and the clock's ticks. */
function run(state: AgentStatsState, steps: readonly Step[], options: AgentStatsOptions): void {
  for (const { at, entry } of steps) {
    if (entry) applyAgentStatsEntry(state, entry, options);
    else tickAgentStats(state, at, options);
  }
}

/** What the server shows at `at` (it ticks before it reads). */
function statistics(state: AgentStatsState, at: number, options: AgentStatsOptions) {
  tickAgentStats(state, at, options);
  return AGENTS.map((id) => Object.fromEntries(agentStatistics(state, id, at, options).map((s) => [s.name, s.value])));
}

test('the counters are the same in one piece and across a restart at any point', () => {
  fc.assert(
    fc.property(
      fc.array(stepArb, { minLength: 1, maxLength: 60 }),
      fc.nat(),
      fc.integer({ min: 0, max: 2 * 3600 }),
      // 02:30 falls inside the hour the October change repeats.
      fc.constantFrom('00:00', '02:30', '07:45', '23:30'),
      (raw, cutAt, downSeconds, resetTime) => {
        const options: AgentStatsOptions = { schedule: resetSchedule({ timeZone: 'Europe/Paris', resetTime }), pauseStatuses: ['lunch', 'meeting'] };
        const steps = timeline(raw);
        const cut = cutAt % (steps.length + 1);

        const onePiece = createAgentStatsState();
        run(onePiece, steps.slice(0, cut), options);
        const lastBefore = cut > 0 ? steps[cut - 1]!.at : START;
        const restartAt = Math.min(lastBefore + downSeconds * 1000, steps[cut]?.at ?? Infinity);
        const end = Math.max(steps[steps.length - 1]!.at, restartAt) + 60_000;
        // What the engine announces once resynchronised: each known agent's state, as just entered.
        const announced: AgentStatsEntry[] = [...onePiece.agents].flatMap(([agentId, t]) =>
          t.state === undefined ? [] : [{ at: restartAt, agentId, kind: 'state' as const, name: t.state, cause: t.cause, since: 0 }],
        );
        run(onePiece, steps.slice(cut), options);

        const journal = JSON.parse(JSON.stringify(steps.slice(0, cut).flatMap((s) => (s.entry ? [s.entry] : [])))) as AgentStatsEntry[];
        const restarted = replayAgentStats(journal, options);
        run(restarted, [...announced.map((entry) => ({ at: restartAt, entry })), ...steps.slice(cut)], options);

        const expected = JSON.stringify(statistics(onePiece, end, options));
        const actual = JSON.stringify(statistics(restarted, end, options));
        if (expected !== actual) throw new Error(`cut ${cut} restart ${new Date(restartAt).toISOString()}:\n one piece ${expected}\n restarted ${actual}`);
      },
    ),
    { numRuns: RUNS },
  );
});
