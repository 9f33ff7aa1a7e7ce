import type { AgentStateName, PhoneEventType } from '../domain/xucMessages.js';

/**
 * What the agent statistics were computed from, one entry per agent state or call event they used,
 * kept so that a restart in the middle of the day replays them (`replayAgentStats`) instead of
 * starting the agents from zero. Entries carry only what the reducer reads.
 */
export type AgentStatsEntry =
  | { at: number; agentId: number; kind: 'state'; name: AgentStateName; cause: string; since: number }
  | { at: number; agentId: number; kind: 'call'; eventType: PhoneEventType; uniqueId: string };

/** Where the entries are kept; the application backs it with the database. */
export interface AgentStatsJournal {
  /** Appends in order; a failed append may be retried with the same entries. */
  append(entries: readonly AgentStatsEntry[]): Promise<void>;
  /** Every entry with `at >= sinceMs`, in the order they were appended. */
  readSince(sinceMs: number): Promise<AgentStatsEntry[]>;
}

/** An AgentStatsJournal in memory (tests, and a process that does not need to resume). */
export class MemoryAgentStatsJournal implements AgentStatsJournal {
  readonly entries: AgentStatsEntry[] = [];

  async append(entries: readonly AgentStatsEntry[]): Promise<void> {
    this.entries.push(...entries);
  }

  async readSince(sinceMs: number): Promise<AgentStatsEntry[]> {
    return this.entries.filter((e) => e.at >= sinceMs);
  }
}
