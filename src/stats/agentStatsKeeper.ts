import type { Logger } from '../log.js';
import {
  type AgentStatsOptions,
  type AgentStatsState,
  applyAgentStatsEntry,
  createAgentStatsState,
  replayAgentStats,
} from './agentStats.js';
import type { AgentStatsEntry, AgentStatsJournal } from './agentStatsJournal.js';
import { OrderedBatchWriter } from './orderedBatchWriter.js';

/**
 * Keeps the agent statistics and their journal together. The journal (the database) may become
 * reachable long after the server started: until it has been read, entries are counted at once and
 * held; once read, the day is replayed from the journal followed by the held entries, and from then
 * on entries are written in order, in batches, retried until written.
 */
export class AgentStatsKeeper {
  private current: AgentStatsState = createAgentStatsState();
  /** Entries of this run, until the journal has been read. */
  private held: AgentStatsEntry[] | undefined = [];
  private readonly writer: OrderedBatchWriter<AgentStatsEntry> | undefined;
  private resumed: Promise<void> | undefined;

  constructor(
    private readonly journal: AgentStatsJournal | undefined,
    private readonly logger: Logger,
  ) {
    this.writer =
      journal &&
      new OrderedBatchWriter(
        (batch) => journal.append(batch),
        (err, waiting) => logger.warn({ err, waiting }, 'agent statistics journal not written; retrying'),
      );
  }

  get state(): AgentStatsState {
    return this.current;
  }

  /** Counts an entry now and keeps it for the journal. */
  record(entry: AgentStatsEntry, options: AgentStatsOptions): void {
    applyAgentStatsEntry(this.current, entry, options);
    if (!this.writer) return;
    if (this.held) this.held.push(entry);
    else this.writer.push([entry]);
  }

  /**
   * Reads the journal from `sinceMs` (once) and replays it before this run's entries. Resolves when
   * done; never rejects (a failed read is logged and the run goes on from its own entries).
   */
  resume(sinceMs: number, options: () => AgentStatsOptions): Promise<void> {
    this.resumed ??= this.readJournal(sinceMs, options);
    return this.resumed;
  }

  private async readJournal(sinceMs: number, options: () => AgentStatsOptions): Promise<void> {
    if (!this.journal) return;
    let previous: AgentStatsEntry[] = [];
    try {
      previous = await this.journal.readSince(sinceMs);
    } catch (e) {
      this.logger.warn({ err: e }, 'agent statistics journal not read: agents restart from this run');
    }
    const held = this.held ?? [];
    this.held = undefined;
    this.current = replayAgentStats([...previous, ...held], options());
    this.writer?.push(held);
    this.logger.info({ entries: previous.length }, 'agent statistics resumed from the journal');
  }

  /** Writes what is waiting, once the journal has been read; a failure keeps it for the next call. */
  flush(): Promise<void> {
    return this.held || !this.writer ? Promise.resolve() : this.writer.flush();
  }

  /** Writes what this run still holds (when the journal was read). */
  async stop(): Promise<void> {
    await this.writer?.settled();
    await this.flush();
  }
}
