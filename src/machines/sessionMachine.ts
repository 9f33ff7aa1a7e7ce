import { assign, setup } from 'xstate';
import type { User } from '../domain/contactCenterConfig.js';

/**
 * One connected CTI client (`session:<n>`): unauthenticated while the HTTP upgrade is checked,
 * authenticated while it talks, closing once anything ends it (client, idle timeout, slow consumer,
 * flood). It holds who the client is, what it subscribed to and its bounded outbound buffer; the
 * socket itself stays outside, reached through the provided `closeSocket` action.
 */
export interface Subscriptions {
  agentEvents: boolean;
  agentStats: boolean;
  queueStats: boolean;
  /** `getList("queue")` / `("agent")` / `("queuemember")` subscribe to later changes. */
  queueConfig: boolean;
  agentConfig: boolean;
  queueMembers: boolean;
  /** `getCallbackLists` asks for later changes too: a supervisor's import re-sends the lists. */
  callbackLists: boolean;
  queueCalls: readonly number[];
  phoneHints: readonly string[];
}

export type SubscriptionChange =
  | { topic: 'agentEvents' | 'agentStats' | 'queueStats' | 'queueConfig' | 'agentConfig' | 'queueMembers' | 'callbackLists'; on: boolean }
  | { topic: 'queueCalls'; queueId: number; on: boolean }
  /** `on: false` drops every watched number. */
  | { topic: 'phoneHints'; numbers: readonly string[]; on: boolean };

/** Where the session's messages wait for the socket; it reports when it passes its bound. */
export interface OutboundBuffer {
  /** One JSON message: its text, or the WebSocket frame holding it, built once for many sessions. */
  push(message: string | Buffer): void;
  readonly pending: number;
}

export interface SessionContext {
  id: number;
  address: string;
  user: User | undefined;
  /** The phone number given at connection (`agentNumber`), '' for none. */
  phoneNumber: string;
  subscriptions: Subscriptions;
  outbound: OutboundBuffer;
  idleTimeoutMs: number;
  closeCode: number;
  closeReason: string;
}

export type SessionEvent =
  | { type: 'AUTHENTICATED'; user: User; phoneNumber: string }
  | { type: 'REFUSED' }
  | { type: 'ACTIVITY' }
  | { type: 'SUBSCRIPTION'; change: SubscriptionChange }
  | { type: 'OVERFLOW' }
  | { type: 'CLOSE'; code: number; reason: string }
  | { type: 'SOCKET_CLOSED' };

export interface SessionInput {
  id: number;
  address: string;
  outbound: OutboundBuffer;
  idleTimeoutMs: number;
}

export const noSubscriptions: Subscriptions = {
  agentEvents: false,
  agentStats: false,
  queueStats: false,
  queueConfig: false,
  agentConfig: false,
  queueMembers: false,
  callbackLists: false,
  queueCalls: [],
  phoneHints: [],
};

/** Pure: the subscriptions after a change. */
export function applySubscription(current: Subscriptions, change: SubscriptionChange): Subscriptions {
  switch (change.topic) {
    case 'queueCalls': {
      const others = current.queueCalls.filter((q) => q !== change.queueId);
      return { ...current, queueCalls: change.on ? [...others, change.queueId] : others };
    }
    case 'phoneHints':
      return { ...current, phoneHints: change.on ? [...new Set([...current.phoneHints, ...change.numbers])] : [] };
    default:
      return { ...current, [change.topic]: change.on };
  }
}

export const sessionMachine = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
  },
  actions: {
    /** Provided by the transport: closes the socket with the context's code and reason. */
    closeSocket: (_, _params: { code: number; reason: string }) => {},
    /** Provided by the transport: forgets the session once its socket is gone. */
    release: () => {},
    rememberUser: assign({
      user: ({ event }) => (event.type === 'AUTHENTICATED' ? event.user : undefined),
      phoneNumber: ({ event }) => (event.type === 'AUTHENTICATED' ? event.phoneNumber : ''),
    }),
    changeSubscription: assign({
      subscriptions: ({ context, event }) =>
        event.type === 'SUBSCRIPTION' ? applySubscription(context.subscriptions, event.change) : context.subscriptions,
    }),
    closeAsRequested: assign({
      closeCode: ({ event }) => (event.type === 'CLOSE' ? event.code : 1000),
      closeReason: ({ event }) => (event.type === 'CLOSE' ? event.reason : ''),
    }),
    closeAsSlowConsumer: assign({
      closeCode: 1008,
      closeReason: ({ context }) => `slow consumer: more than ${context.outbound.pending} messages not read`,
    }),
    closeAsIdle: assign({
      closeCode: 1001,
      closeReason: ({ context }) => `idle: nothing received for ${context.idleTimeoutMs} ms`,
    }),
  },
  delays: {
    idleTimeout: ({ context }) => context.idleTimeoutMs,
  },
}).createMachine({
  id: 'session',
  context: ({ input }) => ({
    id: input.id,
    address: input.address,
    user: undefined,
    phoneNumber: '',
    subscriptions: noSubscriptions,
    outbound: input.outbound,
    idleTimeoutMs: input.idleTimeoutMs,
    closeCode: 1000,
    closeReason: '',
  }),
  initial: 'unauthenticated',
  states: {
    unauthenticated: {
      on: {
        AUTHENTICATED: { target: 'authenticated', actions: 'rememberUser' },
        REFUSED: 'closed',
        SOCKET_CLOSED: 'closed',
      },
    },
    authenticated: {
      initial: 'active',
      states: {
        // Re-entered on every inbound frame, which restarts the idle timer.
        active: {
          after: { idleTimeout: { target: '#session.closing', actions: 'closeAsIdle' } },
          on: { ACTIVITY: { target: 'active', reenter: true } },
        },
      },
      on: {
        SUBSCRIPTION: { actions: 'changeSubscription' },
        OVERFLOW: { target: 'closing', actions: 'closeAsSlowConsumer' },
        CLOSE: { target: 'closing', actions: 'closeAsRequested' },
        SOCKET_CLOSED: 'closed',
      },
    },
    closing: {
      entry: { type: 'closeSocket', params: ({ context }) => ({ code: context.closeCode, reason: context.closeReason }) },
      on: { SOCKET_CLOSED: 'closed' },
    },
    closed: { type: 'final', entry: 'release' },
  },
});
