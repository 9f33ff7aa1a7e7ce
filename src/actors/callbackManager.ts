import { assign, setup, stopChild, type ActorRefFrom } from 'xstate';
import { callbackMachine, type CallbackInput } from '../machines/callbackMachine.js';

/** The actor of one open callback request. */
export type CallbackActor = ActorRefFrom<typeof callbackMachine>;

export const callbackSystemId = (uuid: string) => `callback:${uuid}`;

export type CallbackManagerEvent =
  | { type: 'callback.open'; request: CallbackInput }
  | { type: 'callback.close'; uuid: string };

/**
 * Spawns one `callback:<uuid>` child per open request and stops it when the request is clotured
 * or deleted. Children are reachable through the system (`system.get(callbackSystemId(uuid))`).
 */
export const callbackManagerMachine = setup({
  types: {
    context: {} as { callbacks: Record<string, CallbackActor> },
    events: {} as CallbackManagerEvent,
  },
  actors: { callback: callbackMachine },
  guards: {
    isNotOpenYet: ({ context, event }) => event.type === 'callback.open' && !(event.request.uuid in context.callbacks),
    isOpen: ({ context, event }) => event.type === 'callback.close' && event.uuid in context.callbacks,
  },
  actions: {
    spawnCallback: assign({
      callbacks: ({ context, event, spawn }) => {
        if (event.type !== 'callback.open') return context.callbacks;
        const { uuid } = event.request;
        const child = spawn('callback', { id: uuid, systemId: callbackSystemId(uuid), input: event.request });
        return { ...context.callbacks, [uuid]: child };
      },
    }),
    stopCallback: stopChild(({ context, event }) => context.callbacks[(event as { uuid: string }).uuid]),
    forgetCallback: assign({
      callbacks: ({ context, event }) => {
        if (event.type !== 'callback.close') return context.callbacks;
        const { [event.uuid]: _gone, ...rest } = context.callbacks;
        return rest;
      },
    }),
  },
}).createMachine({
  id: 'callbacks',
  context: { callbacks: {} },
  on: {
    'callback.open': { guard: 'isNotOpenYet', actions: 'spawnCallback' },
    'callback.close': { guard: 'isOpen', actions: ['stopCallback', 'forgetCallback'] },
  },
});
