/**
 * How the agent, line and queue machines turn the Asterisk names that domain events carry
 * (queue name, agent number, line interface) into configured ids and settings.
 *
 * The engine builds ONE directory from the contact-center configuration and passes the same
 * object to every machine in its `input`: machines keep only the reference, so 10,000 agents
 * cost one pointer each, and a configuration change is seen by every actor at its next event
 * without respawning anything. Lookups must be cheap (Map reads) and must not throw.
 */
export interface NameDirectory {
  /** Configured id of a queue, by its Asterisk name; undefined for a queue not in the configuration. */
  queueIdOf(queueName: string): number | undefined;
  /** Configured wrap-up of a queue in seconds (0: none, and for unknown queues). */
  queueWrapUpSecondsOf(queueName: string): number;
  /** Configured number of a line, by its interface (`SIP/abc`, `Local/1001@phones`). */
  lineNumberOf(lineInterface: string): string | undefined;
  /** Configured id of an agent, by its number. */
  agentIdOf(agentNumber: string): number | undefined;
}

/** A directory over plain lists, for tests and small set-ups; the engine may build its own. */
export function nameDirectoryFrom(config: {
  queues: ReadonlyArray<{ id: number; name: string; wrapUpTime?: number }>;
  lines: ReadonlyArray<{ interface: string; number: string }>;
  agents: ReadonlyArray<{ id: number; number: string }>;
}): NameDirectory {
  const queues = new Map(config.queues.map((q) => [q.name, q]));
  const lines = new Map(config.lines.map((l) => [l.interface, l.number]));
  const agents = new Map(config.agents.map((a) => [a.number, a.id]));
  return {
    queueIdOf: (name) => queues.get(name)?.id,
    queueWrapUpSecondsOf: (name) => queues.get(name)?.wrapUpTime ?? 0,
    lineNumberOf: (iface) => lines.get(iface),
    agentIdOf: (number) => agents.get(number),
  };
}
