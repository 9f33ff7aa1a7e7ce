import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The server's one typed configuration: defaults < optional JSON settings file
 * (`XUC_SETTINGS_FILE`) < environment. An empty environment variable counts as absent.
 */
const configSchema = z
  .object({
    ami: z
      .object({
        /** `ami://user:secret@host:port`; absent: the embedded simulator is started. */
        url: z.string().optional(),
        actionTimeoutMs: z.number().int().positive().default(5_000),
        pingIntervalMs: z.number().int().positive().default(10_000),
        pingTimeoutMs: z.number().int().positive().default(5_000),
        backoffInitialMs: z.number().int().positive().default(100),
        backoffMaxMs: z.number().int().positive().default(5_000),
      })
      .strict()
      .prefault({}),
    http: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8090),
      })
      .strict()
      .prefault({}),
    database: z
      .object({
        /** `postgres://…`; absent: embedded PGlite under `dataDir`. */
        url: z.string().optional(),
        dataDir: z.string().default('./data'),
      })
      .strict()
      .prefault({}),
    /** The contact-center configuration file (shared/config-format.md). */
    contactCenterConfigFile: z.string().optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ws: z
      .object({
        maxFrameBytes: z.number().int().positive().default(64 * 1024),
        /** Messages queued for one client before it is dropped as a slow consumer. */
        outboundBufferMessages: z.number().int().positive().default(5_000),
        /** Inbound frames per second allowed per connection (token bucket). */
        rateLimitPerSecond: z.number().positive().default(50),
        rateLimitBurst: z.number().int().positive().default(200),
        idleTimeoutMs: z.number().int().positive().default(30_000),
      })
      .strict()
      .prefault({}),
    rest: z
      .object({
        apiKeyHeader: z.string().default('x-api-key'),
        apiKey: z.string().optional(),
        allowedAddresses: z.array(z.string()).default([]),
        eventUrl: z.string().optional(),
      })
      .strict()
      .prefault({}),
    /** Client authentication (WebSocket upgrade, REST 2.0 tokens). */
    auth: z
      .object({
        tokenTtlSeconds: z.number().int().positive().default(3600),
        /** Failed logins per source address before it is refused (429) for the window. */
        maxFailures: z.number().int().positive().default(10),
        failureWindowMs: z.number().int().positive().default(300_000),
      })
      .strict()
      .prefault({}),
    stats: z
      .object({
        thresholdSeconds: z.number().int().positive().default(15),
        /** Per-queue threshold overrides, by queue name. */
        thresholdSecondsByQueue: z.record(z.string(), z.number().int().positive()).default({}),
        resetTime: z.string().regex(/^\d{2}:\d{2}$/).default('00:00'),
        timeZone: z.string().default('UTC'),
        publishIntervalMs: z.number().int().positive().default(1_000),
        queueLogFile: z.string().optional(),
        /** Poll a PostgreSQL `queue_log` table (XiVO layout) instead of a file or AMI. */
        queueLogTable: z.string().optional(),
      })
      .strict()
      .prefault({}),
    /** `stately`: also stream actor inspection to a Stately inspector. */
    inspect: z.enum(['off', 'stately']).default('off'),
  })
  .strict();

export type XucConfig = z.output<typeof configSchema>;
export type XucConfigInput = z.input<typeof configSchema>;

type Env = Record<string, string | undefined>;

const present = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value;

const asInt = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${value}"`);
  return n;
};

/** Reads the environment variables that override the file. */
function fromEnv(env: Env): XucConfigInput {
  const v = (name: string) => present(env[name]);
  return {
    ami: { url: v('XUC_AMI_URL') },
    http: { host: v('XUC_HTTP_HOST'), port: asInt('XUC_HTTP_PORT', v('XUC_HTTP_PORT')) },
    database: { url: v('DATABASE_URL'), dataDir: v('XUC_DATA_DIR') },
    contactCenterConfigFile: v('XUC_CONFIG_FILE'),
    logLevel: v('XUC_LOG_LEVEL') as XucConfigInput['logLevel'],
    rest: { apiKey: v('XUC_API_KEY'), eventUrl: v('XUC_EVENT_URL') },
    stats: {
      queueLogFile: v('XUC_QUEUE_LOG_FILE'),
      queueLogTable: v('XUC_QUEUE_LOG_TABLE'),
      timeZone: v('XUC_STATS_TIME_ZONE'),
      resetTime: v('XUC_STATS_RESET_TIME'),
      thresholdSeconds: asInt('XUC_STATS_THRESHOLD', v('XUC_STATS_THRESHOLD')),
    },
    inspect: v('XUC_INSPECT') as XucConfigInput['inspect'],
  };
}

/** Later layers win; `undefined` never overrides. */
function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, val] of Object.entries(over)) out[k] = merge(base[k], val);
    return out;
  }
  return over;
}

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function pruneUndefined(x: unknown): unknown {
  if (!isPlainObject(x)) return x;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(x)) {
    const pruned = pruneUndefined(val);
    if (pruned !== undefined && !(isPlainObject(pruned) && Object.keys(pruned).length === 0)) out[k] = pruned;
  }
  return out;
}

/** Builds the configuration: defaults < settings file < environment < explicit overrides (tests). */
export function loadConfig(env: Env = process.env, overrides: XucConfigInput = {}): XucConfig {
  const file = present(env.XUC_SETTINGS_FILE);
  const fromFile: unknown = file ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const layered = merge(merge(fromFile, pruneUndefined(fromEnv(env))), pruneUndefined(overrides));
  const parsed = configSchema.safeParse(layered);
  if (!parsed.success) {
    const where = file ? ` (settings file ${file} and environment)` : ' (environment)';
    throw new Error(`invalid configuration${where}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** Parsed `ami://user:secret@host:port`. */
export interface AmiEndpoint {
  host: string;
  port: number;
  username: string;
  secret: string;
}

export function parseAmiUrl(url: string): AmiEndpoint {
  const u = new URL(url);
  if (u.protocol !== 'ami:') throw new Error(`XUC_AMI_URL must start with ami://, got ${u.protocol}`);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 5038,
    username: decodeURIComponent(u.username),
    secret: decodeURIComponent(u.password),
  };
}
