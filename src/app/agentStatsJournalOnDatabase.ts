import type { Database } from '../persistence/database.js';
import { agentStatsEntriesSince, appendAgentStatsEntries, forgetAgentStatsEntries } from '../persistence/agentStatsRepository.js';
import type { AgentStatsJournal } from '../stats/agentStatsJournal.js';

/** Entries older than what a replay reads, by this much, are deleted when the journal is read. */
const KEPT_BEYOND_REPLAY_MS = 24 * 3_600_000;

/**
 * The agent statistics journal in the database. Reading waits until the database is ready (the
 * statistics run meanwhile); appending fails while it is down, and the statistics retry.
 */
export function agentStatsJournalOn(database: Database): AgentStatsJournal {
  return {
    append: (entries) => database.run((db) => appendAgentStatsEntries(db, entries)),
    async readSince(sinceMs) {
      await database.whenReady();
      return database.run(async (db) => {
        await forgetAgentStatsEntries(db, sinceMs - KEPT_BEYOND_REPLAY_MS);
        return agentStatsEntriesSince(db, sinceMs);
      });
    },
  };
}
