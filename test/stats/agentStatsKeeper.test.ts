import { expect, test } from 'vitest';
import { silentLogger } from '../../src/log.js';
import type { AgentStatsOptions } from '../../src/stats/agentStats.js';
import { type AgentStatsEntry, MemoryAgentStatsJournal } from '../../src/stats/agentStatsJournal.js';
import { AgentStatsKeeper } from '../../src/stats/agentStatsKeeper.js';
import { resetSchedule } from '../../src/stats/statsDay.js';

const options: AgentStatsOptions = { schedule: resetSchedule({ timeZone: 'UTC', resetTime: '00:00' }), pauseStatuses: [] };
const T = Date.parse('2026-03-02T09:00:00Z');
const ready = (at: number): AgentStatsEntry => ({ at, agentId: 1, kind: 'state', name: 'AgentReady', cause: '', since: 0 });
const paused = (at: number): AgentStatsEntry => ({ at, agentId: 1, kind: 'state', name: 'AgentOnPause', cause: '', since: 0 });

/** A journal whose writes fail while `down` is set, as a database connection that was lost. */
class FlakyJournal extends MemoryAgentStatsJournal {
  down = false;
  override async append(entries: readonly AgentStatsEntry[]): Promise<void> {
    if (this.down) throw new Error('connection lost');
    await super.append(entries);
  }
}

test('nothing is written before the journal is read; a failed write is retried; every entry is written once, in order', async () => {
  const journal = new FlakyJournal();
  await journal.append([ready(T - 3_600_000)]);
  const keeper = new AgentStatsKeeper(journal, silentLogger);

  keeper.record(paused(T), options);
  await keeper.flush();
  expect(journal.entries).toEqual([ready(T - 3_600_000)]);

  await keeper.resume(T - 86_400_000, () => options);
  journal.down = true;
  keeper.record(ready(T + 60_000), options);
  await keeper.flush();
  expect(journal.entries).toHaveLength(1);

  journal.down = false;
  keeper.record(paused(T + 120_000), options);
  await keeper.stop();
  expect(journal.entries).toEqual([ready(T - 3_600_000), paused(T), ready(T + 60_000), paused(T + 120_000)]);
  // The day replayed: an hour ready from the journal, then this run's states.
  expect(keeper.state.agents.get(1)).toMatchObject({ readyMs: 3_600_000 + 60_000, pausedMs: 60_000, state: 'AgentOnPause' });
});
