import { expect, it } from 'vitest';
import { agentStatsJournalOn } from '../../src/app/agentStatsJournalOnDatabase.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { AgentStatePayload } from '../../src/domain/xucMessages.js';
import { silentLogger } from '../../src/log.js';
import { agentStatsEntriesSince, appendAgentStatsEntries, forgetAgentStatsEntries } from '../../src/persistence/agentStatsRepository.js';
import { Database } from '../../src/persistence/database.js';
import type { Db } from '../../src/persistence/db.js';
import type { AgentStatsEntry } from '../../src/stats/agentStatsJournal.js';
import { createStatsService } from '../../src/stats/statsService.js';
import { testContactCenter } from '../ws/support/testContactCenter.js';
import { FakeEngine } from '../stats/fakeEngine.js';
import { describeEachBackend } from './backends.js';

const at = (hhmm: string) => Date.parse(`2026-03-02T${hhmm}:00Z`);
const config = loadConfig({}, { stats: { timeZone: 'UTC', resetTime: '00:00', publishIntervalMs: 1000 } });
const contactCenter = { current: () => testContactCenter, onChange: () => () => undefined };
const paused = (since = 0): AgentStatePayload => ({ name: 'AgentOnPause', agentId: 1, phoneNb: '1001', since, queues: [1], cause: 'lunch' });

describeEachBackend('the agent statistics journal', ({ newDb }) => {
  it('keeps entries in the order appended, with every field, and reads them from an instant on', async () => {
    const db = await newDb();
    const entries: AgentStatsEntry[] = [
      { at: at('09:00'), agentId: 1, kind: 'state', name: 'AgentReady', cause: '', since: 0 },
      { at: at('09:05'), agentId: 1, kind: 'call', eventType: 'EventRinging', uniqueId: '1700000000.12' },
      // Same instant, appended later: order is the append order, not the time.
      { at: at('09:05'), agentId: 2, kind: 'state', name: 'AgentOnPause', cause: 'lunch', since: 12 },
    ];
    await appendAgentStatsEntries(db, entries.slice(0, 2));
    await appendAgentStatsEntries(db, entries.slice(2));
    await appendAgentStatsEntries(db, []);
    expect(await agentStatsEntriesSince(db, at('08:00'))).toEqual(entries);
    expect(await agentStatsEntriesSince(db, at('09:05'))).toEqual(entries.slice(1));
    await forgetAgentStatsEntries(db, at('09:01'));
    expect(await agentStatsEntriesSince(db, 0)).toEqual(entries.slice(1));
  });

  it('a restart resumes an agent paused across it, the database coming after the statistics started', async () => {
    const db = await newDb();
    const clock = new ManualClock(at('08:59'));
    const engine = new FakeEngine();
    const stats = (database: Database) =>
      createStatsService({ config, clock, engine, contactCenter, agentJournal: agentStatsJournalOn(database), logger: silentLogger });
    const values = (service: ReturnType<typeof stats>) =>
      Object.fromEntries(service.agentStatistics(1)!.statistics.map((s) => [s.name, s.value]));
    const databaseOpening = (open: () => Promise<Db>) => {
      const database = new Database({ open, clock, logger: silentLogger });
      database.start();
      return database;
    };

    const first = stats(databaseOpening(async () => db));
    await first.start();
    await first.agentStatsResumed();
    clock.set(at('09:00'));
    engine.publish({ kind: 'agentState', agentId: 1, state: { ...paused(), name: 'AgentReady', cause: '' } });
    clock.set(at('09:30'));
    engine.publish({ kind: 'phoneEvent', lineId: 1, event: { eventType: 'EventRinging', DN: '1001', otherDN: '0601', otherDName: '', linkedId: 'c1', uniqueId: 'c1', userData: {} } });
    engine.publish({ kind: 'phoneEvent', lineId: 1, event: { eventType: 'EventReleased', DN: '1001', otherDN: '0601', otherDName: '', linkedId: 'c1', uniqueId: 'c1', userData: {} } });
    clock.set(at('10:00'));
    engine.publish({ kind: 'agentState', agentId: 1, state: paused() });
    clock.set(at('10:30'));
    expect(values(first)).toMatchObject({ ReadyTime: 3600, PausedTime: 1800, lunch: 1800, InbCalls: 1, InbUnansCalls: 1 });
    await first.stop();

    // Down ten minutes; back up while the database is still unreachable.
    clock.set(at('10:40'));
    let reachable!: () => void;
    const gate = new Promise<void>((resolve) => (reachable = resolve));
    engine.agents = [paused()];
    engine.link = 'connecting';
    const second = stats(databaseOpening(() => gate.then(() => db)));
    await second.start();
    // Once synchronised, the engine says the agent is paused (it cannot tell since when).
    engine.link = 'live';
    engine.publish({ kind: 'linkState', state: 'live', since: at('10:40') });
    clock.set(at('10:50'));
    expect(values(second)).toMatchObject({ ReadyTime: 0, PausedTime: 600 });

    reachable();
    await second.agentStatsResumed();
    clock.set(at('11:00'));
    const resumed = values(second);
    expect(resumed).toMatchObject({ ReadyTime: 3600, PausedTime: 3600, lunch: 3600, InbCalls: 1, InbUnansCalls: 1, InbAnsCalls: 0 });
    expect(resumed.LoginDateTime).toBe('2026-03-02T09:00:00.000+00:00');
    expect(resumed.LogoutDateTime).toBeUndefined();

    // What this run counted is journaled too: a third start finds the same day.
    await second.stop();
    const third = stats(databaseOpening(async () => db));
    engine.agents = [];
    await third.start();
    await third.agentStatsResumed();
    expect(values(third)).toMatchObject({ ReadyTime: 3600, PausedTime: 3600, InbCalls: 1, LoginDateTime: '2026-03-02T09:00:00.000+00:00' });
    await third.stop();
  });
});
