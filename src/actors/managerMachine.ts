import { type ActorRefFrom, type AnyActorLogic, type AnyActorRef, type EventObject, assign, enqueueActions, setup } from 'xstate';
import type { ContactCenterConfig } from '../domain/contactCenterConfig.js';
import { restorableLogic, revive, type RestorableInput } from './restorableLogic.js';

/**
 * What a manager needs to know about the children it supervises: which ones the configuration
 * asks for, with what input, and how to tell a child that stays that its configuration changed.
 */
export interface ChildSpec<TInput = unknown> {
  /** `agent`, `line`, `queue`: children are addressed as `<kind>:<key>`. */
  readonly kind: string;
  readonly logic: AnyActorLogic;
  /** The children the configuration asks for: key → input. */
  desired(config: ContactCenterConfig): Map<string, TInput>;
  /** Event for a child whose input changed (queues of an agent, wrap-up of a queue…); none: nothing to tell it. */
  reconfigure?(input: TInput): EventObject | undefined;
  /** What makes a child another child (a renumbered agent): when it changes, the child is replaced. */
  identity?(input: TInput): string;
}

export const childSystemId = (kind: string, key: string) => `${kind}:${key}`;

export type ManagerEvent =
  | { type: 'config.changed'; config: ContactCenterConfig }
  | { type: `xstate.error.actor.${string}`; error: unknown; actorId?: string };

interface ManagerContext {
  config: ContactCenterConfig;
  /** Input of each live child (kept as is: it may hold shared lookups such as a name directory). */
  inputs: Record<string, unknown>;
  /** Serialized input of each live child, to notice configuration changes. */
  signatures: Record<string, string>;
  restarts: number;
}

/**
 * One manager of the supervisor tree: spawns a child per configured entry, stops the ones the
 * configuration drops, and restarts a child that throws from its last good snapshot so one bad
 * event never takes the others down.
 */
export function createManagerMachine(spec: ChildSpec) {
  const childLogic = restorableLogic(spec.logic);
  return setup({
    types: {
      context: {} as ManagerContext,
      events: {} as ManagerEvent,
      input: {} as { config: ContactCenterConfig },
    },
    actors: { child: childLogic },
    actions: {
      /** Provided by the engine: log the failure (the restart itself is done here). */
      reportChildFailure: (_, _params: { systemId: string; error: unknown }) => {},
      reconcile: enqueueActions(({ context, enqueue, system }) => {
        const desired = spec.desired(context.config);
        const inputs: Record<string, unknown> = {};
        const signatures: Record<string, string> = {};
        for (const key of Object.keys(context.inputs)) {
          if (!desired.has(key)) enqueue.stopChild(childSystemId(spec.kind, key));
        }
        for (const [key, input] of desired) {
          const id = childSystemId(spec.kind, key);
          const serialized = JSON.stringify(input);
          inputs[key] = input;
          signatures[key] = serialized;
          const child = system.get(id) as AnyActorRef | undefined;
          if (context.signatures[key] === undefined || !child) {
            enqueue.spawnChild('child', { id, systemId: id, input: { input } satisfies RestorableInput<unknown> });
          } else if (spec.identity && spec.identity(input) !== spec.identity(context.inputs[key])) {
            // Stopping unregisters the systemId at once, so the replacement can take it in the same step.
            enqueue.stopChild(id);
            enqueue.spawnChild('child', { id, systemId: id, input: { input } satisfies RestorableInput<unknown> });
          } else if (context.signatures[key] !== serialized) {
            const change = spec.reconfigure?.(input);
            if (change) enqueue.sendTo(child, change);
          }
        }
        enqueue.assign({ inputs, signatures });
      }),
      rememberConfig: assign({ config: ({ context, event }) => (event.type === 'config.changed' ? event.config : context.config) }),
      restartChild: enqueueActions(({ context, event, enqueue, self }) => {
        const id = event.type.slice('xstate.error.actor.'.length);
        const child = (self.getSnapshot().children as Record<string, AnyActorRef>)[id];
        const key = id.slice(spec.kind.length + 1);
        if (!child || context.inputs[key] === undefined) return;
        const last = child.getPersistedSnapshot();
        const input = context.inputs[key];
        enqueue.stopChild(id);
        enqueue.spawnChild('child', {
          id,
          systemId: id,
          input: { input, restore: revive(last) } satisfies RestorableInput<unknown>,
        });
        enqueue.assign({ restarts: context.restarts + 1 });
      }),
    },
  }).createMachine({
    id: `${spec.kind}s`,
    context: ({ input }) => ({ config: input.config, inputs: {}, signatures: {}, restarts: 0 }),
    entry: 'reconcile',
    on: {
      'config.changed': { actions: ['rememberConfig', 'reconcile'] },
      'xstate.error.actor.*': {
        actions: [
          {
            type: 'reportChildFailure',
            params: ({ event }) => ({ systemId: event.type.slice('xstate.error.actor.'.length), error: (event as { error?: unknown }).error }),
          },
          'restartChild',
        ],
      },
    },
  });
}

export type ManagerMachine = ReturnType<typeof createManagerMachine>;
export type ManagerRef = ActorRefFrom<ManagerMachine>;
