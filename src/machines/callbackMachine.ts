import { assign, setup } from 'xstate';
import type { CallbackStatus } from '../domain/callback.js';

/**
 * One open callback request (`callback:<uuid>`): pending → taken(agent) → started(ticket) →
 * clotured(status), or back to pending when released or rescheduled (status `Callback`). Pure: the
 * callback service writes the database first and only then moves the actor, so a guard refusing an
 * event here means the command is refused before any write.
 */
export interface CallbackContext {
  uuid: string;
  agentId: number | null;
  ticketUuid: string | null;
  status: CallbackStatus | null;
}

/** Where a request stands when its actor is (re)created from the database. */
export interface CallbackInput {
  uuid: string;
  agentId: number | null;
  ticketUuid: string | null;
}

export type CallbackEvent =
  | { type: 'TAKE'; agentId: number }
  | { type: 'RELEASE'; agentId: number }
  | { type: 'START'; agentId: number; ticketUuid: string }
  | { type: 'CLOTURE'; agentId: number; status: Exclude<CallbackStatus, 'Callback'> }
  | { type: 'RESCHEDULE'; agentId: number };

export const callbackMachine = setup({
  types: {
    context: {} as CallbackContext,
    input: {} as CallbackInput,
    events: {} as CallbackEvent,
  },
  guards: {
    hasOpenTicket: ({ context }) => context.agentId !== null && context.ticketUuid !== null,
    isHeld: ({ context }) => context.agentId !== null,
    isTakingAgent: ({ context, event }) => 'agentId' in event && event.agentId === context.agentId,
  },
  actions: {
    holdFor: assign({ agentId: ({ event }) => ('agentId' in event ? event.agentId : null) }),
    free: assign({ agentId: null, ticketUuid: null }),
    openTicket: assign({ ticketUuid: ({ event }) => (event.type === 'START' ? event.ticketUuid : null) }),
    recordStatus: assign({ status: ({ event }) => (event.type === 'CLOTURE' ? event.status : null) }),
  },
}).createMachine({
  id: 'callback',
  context: ({ input }) => ({ uuid: input.uuid, agentId: input.agentId, ticketUuid: input.ticketUuid, status: null }),
  initial: 'restoring',
  states: {
    // Picks the state the database says the request is in.
    restoring: {
      always: [{ guard: 'hasOpenTicket', target: 'started' }, { guard: 'isHeld', target: 'taken' }, { target: 'pending' }],
    },
    pending: {
      on: { TAKE: { target: 'taken', actions: 'holdFor' } },
    },
    taken: {
      on: {
        RELEASE: { guard: 'isTakingAgent', target: 'pending', actions: 'free' },
        START: { guard: 'isTakingAgent', target: 'started', actions: 'openTicket' },
      },
    },
    started: {
      on: {
        CLOTURE: { guard: 'isTakingAgent', target: 'clotured', actions: 'recordStatus' },
        // No RELEASE here: once called, the agent must give the ticket a result.
        RESCHEDULE: { guard: 'isTakingAgent', target: 'pending', actions: 'free' },
      },
    },
    clotured: { type: 'final' },
  },
});
