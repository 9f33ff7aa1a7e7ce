import fc from 'fast-check';
import { expect, test } from 'vitest';
import { applyAgentState, createAgentStatsState, tickAgentStats } from '../../src/stats/agentStats.js';
import { applyQueueLogRecord, createQueueStatsState, queueCountersOf, tickQueueStats } from '../../src/stats/queueStats.js';
import { resetSchedule } from '../../src/stats/statsDay.js';

/**
 * The midnight (or configured) reset happens exactly once per day, also on the days Europe/Paris
 * changes its clocks. The oracle below knows Paris' 2026 offsets by hand, not through Intl.
 */
const RUNS = 200;
const HOUR = 3_600_000;
const SPRING = Date.UTC(2026, 2, 29, 1); // 02:00 CET becomes 03:00 CEST
const AUTUMN = Date.UTC(2026, 9, 25, 1); // 03:00 CEST becomes 02:00 CET
const parisOffset = (t: number) => (t >= SPRING && t < AUTUMN ? 2 * HOUR : HOUR);

/**
 * The statistics day by hand: local date of (local time − reset time), never going back. In the
 * hour after clocks go back the local time repeats: the day stays what the first pass reached.
 */
function oracleDay(t: number, resetMinutes: number): string {
  const offset = Math.max(parisOffset(t), parisOffset(t - HOUR));
  return new Date(t + offset - resetMinutes * 60_000).toISOString().slice(0, 10);
}

const nextDate = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 24 * HOUR).toISOString().slice(0, 10);

test('the reset happens exactly once per statistics day, across both daylight-saving changes, at the configured local time', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(SPRING, AUTUMN),
      fc.integer({ min: 0, max: 23 }),
      fc.constantFrom(0, 15, 30, 59),
      fc.array(fc.integer({ min: 5, max: 120 }), { minLength: 1, maxLength: 20 }),
      fc.integer({ min: -50, max: 0 }),
      (change, hours, minutes, stepsMinutes, startHours) => {
        const resetTime = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
        const schedule = resetSchedule({ timeZone: 'Europe/Paris', resetTime });
        const resetMinutes = hours * 60 + minutes;
        const queueOptions = { schedule, thresholdSeconds: 15, thresholdSecondsByQueue: {}, windowMs: HOUR };
        const agentOptions = { schedule, pauseStatuses: [] };
        const queues = createQueueStatsState();
        const agents = createAgentStatsState();
        const end = change + 50 * HOUR;
        let t = change + startHours * HOUR;
        let expectedDay: string | undefined;
        let resets = 0;
        let enteredSinceReset = 0;
        applyAgentState(agents, { name: 'AgentReady', agentId: 1, phoneNb: '1001', since: 0, queues: [], cause: '' }, t, agentOptions);
        for (let i = 0; t <= end; i++) {
          const before = queues.day;
          tickQueueStats(queues, t, queueOptions);
          tickAgentStats(agents, t, agentOptions);
          const oracle = oracleDay(t, resetMinutes);
          if (expectedDay === undefined || oracle > expectedDay) expectedDay = oracle;
          if (queues.day !== expectedDay || agents.day !== expectedDay) {
            throw new Error(`at ${new Date(t).toISOString()}: day ${queues.day} / ${agents.day}, expected ${expectedDay}`);
          }
          if (before !== undefined && queues.day !== before) {
            resets++;
            enteredSinceReset = 0;
            // Never twice the same day, never a day skipped.
            if (queues.day !== nextDate(before)) throw new Error(`reset from ${before} to ${queues.day}`);
          }
          applyQueueLogRecord(queues, { timeMs: t, callId: `c${i}`, queue: 'sales', agent: 'NONE', event: 'ENTERQUEUE', data: [] }, queueOptions);
          enteredSinceReset++;
          const entered = queueCountersOf(queues, 'sales').day.entered;
          if (entered !== enteredSinceReset) throw new Error(`at ${new Date(t).toISOString()}: ${entered} calls entered today, expected ${enteredSinceReset}`);
          t += stepsMinutes[i % stepsMinutes.length] * 60_000;
        }
        const first = oracleDay(change + startHours * HOUR, resetMinutes);
        const daysCrossed = Math.round((Date.parse(`${expectedDay}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / (24 * HOUR));
        expect(resets).toBe(daysCrossed);
      },
    ),
    { numRuns: RUNS },
  );
});
