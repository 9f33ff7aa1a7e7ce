import { describe, expect, test } from 'vitest';
import type { AgentStatePayload, PhoneEventPayload } from '../../src/domain/xucMessages.js';
import {
  type AgentStatsOptions,
  agentStatistics,
  applyAgentCall,
  applyAgentState,
  createAgentStatsState,
  tickAgentStats,
} from '../../src/stats/agentStats.js';
import { resetSchedule } from '../../src/stats/statsDay.js';

const options: AgentStatsOptions = {
  schedule: resetSchedule({ timeZone: 'Europe/Paris', resetTime: '00:00' }),
  pauseStatuses: ['lunch', 'meeting'],
};
// 28 November 2026, 09:00 in Paris.
const T0 = Date.UTC(2026, 10, 28, 8, 0, 0);
const S = 1000;

const agent = (name: AgentStatePayload['name'], cause = '', since = 0): AgentStatePayload => ({
  name,
  agentId: 7,
  phoneNb: name === 'AgentLoggedOut' ? '' : '1001',
  since,
  queues: [3],
  cause,
});
const phone = (eventType: PhoneEventPayload['eventType'], uniqueId: string): PhoneEventPayload => ({
  eventType,
  DN: '1001',
  otherDN: '0601020304',
  otherDName: '',
  linkedId: uniqueId,
  uniqueId,
  userData: {},
});
const stats = (state: ReturnType<typeof createAgentStatsState>, now: number) =>
  Object.fromEntries(agentStatistics(state, 7, now, options).map((s) => [s.name, s.value]));

describe('a working day of one agent', () => {
  const state = createAgentStatsState();
  applyAgentState(state, agent('AgentLogin'), T0, options);
  applyAgentState(state, agent('AgentReady'), T0 + 1 * S, options);
  // An inbound call answered after 5 s, 60 s of talk, 10 s of wrap-up.
  applyAgentState(state, agent('AgentRinging'), T0 + 101 * S, options);
  applyAgentCall(state, 7, phone('EventRinging', 'in1'), T0 + 101 * S, options);
  applyAgentCall(state, 7, phone('EventEstablished', 'in1'), T0 + 106 * S, options);
  applyAgentState(state, agent('AgentOnCall'), T0 + 106 * S, options);
  applyAgentCall(state, 7, phone('EventReleased', 'in1'), T0 + 166 * S, options);
  applyAgentState(state, agent('AgentOnWrapup'), T0 + 166 * S, options);
  applyAgentState(state, agent('AgentReady'), T0 + 176 * S, options);
  // An inbound call nobody answers.
  applyAgentCall(state, 7, phone('EventRinging', 'in2'), T0 + 200 * S, options);
  applyAgentCall(state, 7, phone('EventReleased', 'in2'), T0 + 210 * S, options);
  // Lunch (a pausing status) for 30 minutes, a free pause reason for 5.
  applyAgentState(state, agent('AgentOnPause', 'lunch'), T0 + 300 * S, options);
  applyAgentState(state, agent('AgentOnPause', 'coffee'), T0 + 2100 * S, options);
  applyAgentState(state, agent('AgentReady'), T0 + 2400 * S, options);
  // An outbound call.
  applyAgentCall(state, 7, phone('EventDialing', 'out1'), T0 + 2500 * S, options);
  applyAgentCall(state, 7, phone('EventEstablished', 'out1'), T0 + 2505 * S, options);
  applyAgentCall(state, 7, phone('EventReleased', 'out1'), T0 + 2600 * S, options);
  applyAgentState(state, agent('AgentLoggedOut'), T0 + 3000 * S, options);

  test('time is totalled per state, and per pausing status under its name', () => {
    expect(stats(state, T0 + 4000 * S)).toMatchObject({
      ReadyTime: 100 + (300 - 176) + (3000 - 2400),
      PausedTime: 2100,
      WrapupTime: 10,
      lunch: 1800,
      meeting: 0,
    });
  });

  test('inbound calls count every call received, answered or not; outbound every call dialed', () => {
    expect(stats(state, T0 + 4000 * S)).toMatchObject({
      InbCalls: 2,
      InbAnsCalls: 1,
      InbUnansCalls: 1,
      InbPercUnansCalls: 50,
      InbCallTime: 60,
      InbAverCallTime: 60,
      OutCalls: 1,
    });
  });

  test('login and logout times are ISO 8601 with the zone offset', () => {
    expect(stats(state, T0 + 4000 * S)).toMatchObject({
      LoginDateTime: '2026-11-28T09:00:00.000+01:00',
      LogoutDateTime: '2026-11-28T09:50:00.000+01:00',
    });
  });
});

test('the time of the state the agent is in grows with the clock', () => {
  const state = createAgentStatsState();
  applyAgentState(state, agent('AgentReady', '', 60), T0, options);
  expect(stats(state, T0).ReadyTime).toBe(60);
  expect(stats(state, T0 + 30 * S).ReadyTime).toBe(90);
});

test('at midnight the day totals restart from zero while the state in progress goes on', () => {
  const state = createAgentStatsState();
  const beforeMidnight = Date.UTC(2026, 10, 28, 22, 50, 0); // 23:50 in Paris
  applyAgentState(state, agent('AgentOnPause', 'lunch'), beforeMidnight, options);
  applyAgentCall(state, 7, phone('EventRinging', 'late'), beforeMidnight, options);
  tickAgentStats(state, beforeMidnight + 9 * 60 * S, options);
  expect(stats(state, beforeMidnight + 9 * 60 * S)).toMatchObject({ PausedTime: 540, lunch: 540, InbCalls: 1 });
  tickAgentStats(state, beforeMidnight + 15 * 60 * S, options);
  // Five minutes into the new day; the call that rang yesterday is no call of today.
  applyAgentCall(state, 7, phone('EventReleased', 'late'), beforeMidnight + 15 * 60 * S, options);
  expect(stats(state, beforeMidnight + 15 * 60 * S)).toMatchObject({ PausedTime: 300, lunch: 300, InbCalls: 0, InbUnansCalls: 0 });
});

test('statistics of an agent never seen are zeros, not an error', () => {
  expect(stats(createAgentStatsState(), T0)).toMatchObject({ ReadyTime: 0, InbCalls: 0, InbPercUnansCalls: 0, InbAverCallTime: 0, lunch: 0 });
});
