import type { ContactCenterConfig } from '../domain/contactCenterConfig.js';

/** The queue ring strategies the simulator models (app_queue names). */
export type RingStrategy = 'ringall' | 'leastrecent' | 'fewestcalls' | 'random' | 'rrmemory';

export interface SimQueueDefinition {
  readonly name: string;
  /** Dialplan extension in context `queues` that runs Queue(name). */
  readonly number: string;
  readonly strategy: RingStrategy;
  readonly wrapUpSeconds: number;
  /** Ring time of one member attempt (queues.conf `timeout`). */
  readonly memberTimeoutSeconds: number;
  /** Pause between two rounds of attempts (queues.conf `retry`). */
  readonly retrySeconds: number;
  /** Queue() timeout argument: the caller leaves with QUEUESTATUS=TIMEOUT after this wait. */
  readonly maxWaitSeconds?: number;
  /** joinempty=no refuses callers when no member is usable (QUEUESTATUS=JOINEMPTY). */
  readonly refuseWhenEmpty: boolean;
  readonly serviceLevelSeconds: number;
}

/** What the simulated PBX is made of: phone lines, app_agent_pool agents and queues. */
export interface PbxDefinition {
  /** Phone lines `Local/<number>@phones`; `name` is the CallerID name of the line. */
  readonly lines: ReadonlyArray<{ readonly number: string; readonly name: string }>;
  readonly agents: ReadonlyArray<{ readonly number: string; readonly name: string }>;
  /** In Asterisk's own listing order (hash order in the recordings). */
  readonly queues: readonly SimQueueDefinition[];
  /** How long a phone rings before its dialplan answers (RING_TIME), in ms. */
  readonly ringMs: number;
}

const labQueue = (name: string, number: string, extra: Partial<SimQueueDefinition> = {}): SimQueueDefinition => ({
  name,
  number,
  strategy: 'rrmemory',
  wrapUpSeconds: 0,
  memberTimeoutSeconds: 5,
  retrySeconds: 1,
  refuseWhenEmpty: false,
  serviceLevelSeconds: 20,
  ...extra,
});

const labNames = [
  'Alice Martin', 'Bruno Petit', 'Chloe Durand', 'David Moreau', 'Emma Laurent',
  'Felix Simon', 'Gaelle Michel', 'Hugo Lefebvre', 'Ines Garcia', 'Jules Roux',
];

/** The PBX the recordings in shared/fixtures/ami were made on (pbx-config/*.conf). */
export function recordingLabPbx(): PbxDefinition {
  const people = labNames.map((name, i) => ({ number: String(1001 + i), name }));
  return {
    lines: people,
    agents: people,
    queues: [
      labQueue('travels', '3002', { refuseWhenEmpty: true }),
      labQueue('outbound', '3099'),
      labQueue('support', '3001', { maxWaitSeconds: 8 }),
      labQueue('sales', '3000', { wrapUpSeconds: 5 }),
    ],
    ringMs: 2000,
  };
}

/**
 * Derives the PBX from a contact-center configuration: lines become `Local/<number>@phones`,
 * agents app_agent_pool agents, queues rrmemory queues unless `strategies` says otherwise.
 */
export function pbxFromContactCenterConfig(
  config: ContactCenterConfig,
  options: { strategies?: Record<string, RingStrategy>; maxWaitSeconds?: Record<string, number>; ringMs?: number } = {},
): PbxDefinition {
  const userOfLine = new Map(config.users.filter((u) => u.lineId !== undefined).map((u) => [u.lineId!, u]));
  return {
    lines: config.lines.map((l) => {
      const u = userOfLine.get(l.id);
      return { number: l.number, name: u ? `${u.firstName} ${u.lastName}`.trim() : l.number };
    }),
    agents: config.agents.map((a) => ({ number: a.number, name: `${a.firstName} ${a.lastName}`.trim() })),
    queues: [...config.queues].reverse().map((q, i) =>
      labQueue(q.name, q.number ?? String(3000 + i), {
        wrapUpSeconds: q.wrapUpTime,
        strategy: options.strategies?.[q.name] ?? 'rrmemory',
        maxWaitSeconds: options.maxWaitSeconds?.[q.name],
      }),
    ),
    ringMs: options.ringMs ?? 2000,
  };
}
