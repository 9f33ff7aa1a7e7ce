import { type AnyActorLogic, enqueueActions, setup } from 'xstate';
import type { ContactCenterConfig } from '../domain/contactCenterConfig.js';
import { createManagerMachine, type ChildSpec } from './managerMachine.js';

export type RootEvent = { type: 'config.changed'; config: ContactCenterConfig };

/**
 * The supervisor at the top of the tree: one manager per kind of child (`agents`, `lines`,
 * `queues`), each reachable as `system.get('<kind>s')`, plus the edge actors the engine provides
 * (the AMI router). Configuration changes are fanned out to every manager.
 */
export function createRootMachine(options: {
  specs: readonly ChildSpec[];
  /** Actors the engine adds beside the managers (the AMI router), by systemId. */
  edges?: Readonly<Record<string, AnyActorLogic>>;
  /** A child threw and was restarted from its last good snapshot. */
  onChildFailure?: (failure: { systemId: string; error: unknown }) => void;
}) {
  const { specs, edges = {}, onChildFailure = () => {} } = options;
  const managers = Object.fromEntries(
    specs.map((spec) => [
      `${spec.kind}s`,
      createManagerMachine(spec, { onChildFailure }),
    ]),
  );
  return setup({
    types: {
      context: {} as { config: ContactCenterConfig },
      events: {} as RootEvent,
      input: {} as { config: ContactCenterConfig },
    },
    actions: {
      spawnManagers: enqueueActions(({ enqueue, context }) => {
        for (const [name, logic] of Object.entries(managers)) {
          enqueue.spawnChild(logic as never, { id: name, systemId: name, input: { config: context.config } } as never);
        }
        for (const [name, logic] of Object.entries(edges)) {
          enqueue.spawnChild(logic as never, { id: name, systemId: name } as never);
        }
      }),
      forwardConfig: enqueueActions(({ enqueue, event, system }) => {
        for (const name of Object.keys(managers)) {
          const manager = system.get(name);
          if (manager) enqueue.sendTo(manager, event);
        }
      }),
    },
  }).createMachine({
    id: 'root',
    context: ({ input }) => ({ config: input.config }),
    entry: 'spawnManagers',
    on: {
      'config.changed': { actions: 'forwardConfig' },
    },
  });
}
