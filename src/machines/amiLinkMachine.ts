import { assign, fromCallback, fromPromise, setup, type SnapshotFrom } from 'xstate';
import type { AmiLinkStateName } from '../domain/engineEvents.js';

/**
 * The AMI link lifecycle: stopped → connecting → authenticating → resyncing → live → backoff →
 * connecting … forever. No I/O here: the socket (`connection`), the resync and the keep-alive
 * (`ping`) are actors provided from outside (src/transport/ami/amiLink.ts), and every timer runs on
 * the clock given to createActor, so a test drives the whole lifecycle with no socket.
 */

export interface AmiLinkTimings {
  /** First retry delay (jittered down to half of it), doubled per failed attempt. */
  readonly backoffInitialMs: number;
  readonly backoffMaxMs: number;
  readonly pingIntervalMs: number;
  readonly pingTimeoutMs: number;
  /** Deadline for the TCP connection plus the login answer. */
  readonly connectTimeoutMs: number;
}

export interface AmiLinkMachineInput extends AmiLinkTimings {
  /** Uniform in [0, 1); injected so tests can fix the jitter. */
  readonly random: () => number;
}

export interface AmiLinkContext extends AmiLinkMachineInput {
  /** Failed attempts since the link was last live. */
  readonly attempt: number;
  readonly retryDelayMs: number;
  readonly lastError: string | undefined;
}

export type AmiLinkEvent =
  | { type: 'START' }
  | { type: 'STOP' }
  /** From the connection actor: the TCP connection is up, the Login is on its way. */
  | { type: 'TCP_CONNECTED' }
  | { type: 'LOGGED_IN' }
  | { type: 'LOGIN_REFUSED'; message: string }
  /** From the connection actor: the socket closed or could not be opened. */
  | { type: 'CLOSED'; reason: string };

/**
 * Retry delay for the n-th failed attempt (0-based): "equal jitter" over an exponential base,
 * uniform in [base/2, base] with base = min(max, initial·2ⁿ). The first retry therefore comes within
 * `initial` ms, delays never shrink from one attempt to the next, and they stay within `max`.
 */
export function backoffDelayMs(attempt: number, initialMs: number, maxMs: number, random: () => number): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(base / 2 + (base / 2) * r);
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const amiLinkMachine = setup({
  types: {
    context: {} as AmiLinkContext,
    events: {} as AmiLinkEvent,
    input: {} as AmiLinkMachineInput,
  },
  actors: {
    /** Opens the socket and logs in; sends back TCP_CONNECTED, LOGGED_IN, LOGIN_REFUSED, CLOSED. Cleanup closes it. */
    connection: fromCallback<AmiLinkEvent>(() => () => undefined),
    /** Sends the resync actions, hands the snapshot over and delivers the events buffered meanwhile. */
    resync: fromPromise<void>(async () => undefined),
    /** One keep-alive Ping; resolves on any answer. */
    ping: fromPromise<void>(async () => undefined),
  },
  delays: {
    retryDelay: ({ context }) => context.retryDelayMs,
    pingInterval: ({ context }) => context.pingIntervalMs,
    pingTimeout: ({ context }) => context.pingTimeoutMs,
    connectTimeout: ({ context }) => context.connectTimeoutMs,
  },
  actions: {
    scheduleRetry: assign(({ context }) => ({
      retryDelayMs: backoffDelayMs(context.attempt, context.backoffInitialMs, context.backoffMaxMs, context.random),
      attempt: context.attempt + 1,
    })),
    resetAttempts: assign({ attempt: 0, lastError: undefined }),
    recordClosed: assign({ lastError: ({ event }) => (event.type === 'CLOSED' ? event.reason : undefined) }),
    recordLoginRefused: assign({
      lastError: ({ event }) => (event.type === 'LOGIN_REFUSED' ? `login refused: ${event.message}` : undefined),
    }),
    recordError: assign({ lastError: (_, params: { error: string }) => params.error }),
  },
}).createMachine({
  id: 'amiLink',
  context: ({ input }) => ({ ...input, attempt: 0, retryDelayMs: 0, lastError: undefined }),
  initial: 'stopped',
  states: {
    stopped: {
      on: { START: 'link' },
    },
    link: {
      // The connection lives as long as this state: leaving it (to backoff or stopped) closes the socket.
      invoke: { id: 'connection', src: 'connection' },
      on: {
        CLOSED: { target: 'backoff', actions: 'recordClosed' },
        STOP: 'stopped',
      },
      initial: 'opening',
      states: {
        opening: {
          // A peer that accepts the TCP connection but never answers the Login must not hang us.
          after: { connectTimeout: { target: '#amiLink.backoff', actions: { type: 'recordError', params: { error: 'connect/login deadline' } } } },
          on: {
            LOGGED_IN: 'resyncing',
            LOGIN_REFUSED: { target: '#amiLink.backoff', actions: 'recordLoginRefused' },
          },
          initial: 'connecting',
          states: {
            connecting: { on: { TCP_CONNECTED: 'authenticating' } },
            authenticating: {},
          },
        },
        resyncing: {
          invoke: {
            src: 'resync',
            onDone: { target: 'live', actions: 'resetAttempts' },
            onError: {
              target: '#amiLink.backoff',
              actions: { type: 'recordError', params: ({ event }) => ({ error: `resync failed: ${errorText(event.error)}` }) },
            },
          },
        },
        live: {
          initial: 'idle',
          states: {
            idle: { after: { pingInterval: 'pinging' } },
            pinging: {
              invoke: {
                src: 'ping',
                onDone: 'idle',
                onError: {
                  target: '#amiLink.backoff',
                  actions: { type: 'recordError', params: ({ event }) => ({ error: `ping failed: ${errorText(event.error)}` }) },
                },
              },
              // Half-open links never close on their own: no Pong in time means the link is dead.
              after: { pingTimeout: { target: '#amiLink.backoff', actions: { type: 'recordError', params: { error: 'no answer to Ping' } } } },
            },
          },
        },
      },
    },
    backoff: {
      entry: 'scheduleRetry',
      after: { retryDelay: 'link' },
      on: { STOP: 'stopped' },
    },
  },
});

export type AmiLinkSnapshot = SnapshotFrom<typeof amiLinkMachine>;

/** The public state name of a machine snapshot. */
export function amiLinkStateName(snapshot: AmiLinkSnapshot): AmiLinkStateName {
  if (snapshot.matches('stopped')) return 'stopped';
  if (snapshot.matches('backoff')) return 'backoff';
  if (snapshot.matches({ link: 'resyncing' })) return 'resyncing';
  if (snapshot.matches({ link: 'live' })) return 'live';
  if (snapshot.matches({ link: { opening: 'authenticating' } })) return 'authenticating';
  return 'connecting';
}
