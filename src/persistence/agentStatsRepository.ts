import type { AgentStatsEntry } from '../stats/agentStatsJournal.js';
import type { Queryable } from './db.js';

/** Appends entries in one statement, keeping their order (ids follow it). */
export async function appendAgentStatsEntries(db: Queryable, entries: readonly AgentStatsEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO agent_stats_event (at_ms, agent_id, entry)
     SELECT (e->>'at')::bigint, (e->>'agentId')::integer, e
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n`,
    [JSON.stringify(entries)],
  );
}

const isEntry = (e: unknown): e is AgentStatsEntry => {
  const entry = e as Partial<AgentStatsEntry> | null;
  return typeof entry?.at === 'number' && typeof entry.agentId === 'number' && (entry.kind === 'state' || entry.kind === 'call');
};

/** Every entry received at or after `sinceMs`, in the order appended; malformed rows are skipped. */
export async function agentStatsEntriesSince(db: Queryable, sinceMs: number): Promise<AgentStatsEntry[]> {
  const rows = await db.query<{ entry: unknown }>('SELECT entry FROM agent_stats_event WHERE at_ms >= $1 ORDER BY id', [Math.floor(sinceMs)]);
  return rows.map((r) => (typeof r.entry === 'string' ? JSON.parse(r.entry) : r.entry)).filter(isEntry);
}

/** Deletes the entries received before `beforeMs`. */
export async function forgetAgentStatsEntries(db: Queryable, beforeMs: number): Promise<void> {
  await db.query('DELETE FROM agent_stats_event WHERE at_ms < $1', [Math.floor(beforeMs)]);
}
