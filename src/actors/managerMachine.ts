import { type ActorRefFrom, type AnyActorLogic, type AnyActorRef, type EventObject, assign, enqueueActions, setup } from 'xstate';
import type { ContactCenterConfig } from '../domain/contactCenterConfig.js';
import { createChildShardMachine } from './childShardMachine.js';
import { restorableLogic } from './restorableLogic.js';
import { assignShards } from './shardAssignment.js';

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
  /** Hears every event a child emits (fresh or restarted), its initial actions' included. */
  onEmit?(emitted: EventObject, child: AnyActorRef): void;
}

/** Children per shard: small enough that XState's per-spawn and per-stop copies stay cheap. */
export const childrenPerShard = 32;

/**
 * A shard's systemId (no `:`, which marks the children themselves); its local id is its number,
 * for the same reason as a child's (childShardMachine.ts).
 */
export const shardSystemId = (kind: string, n: number) => `${kind}s/${n}`;

export type ManagerEvent = { type: 'config.changed'; config: ContactCenterConfig };

interface ManagerContext {
  config: ContactCenterConfig;
  /** Shard of each live child's key. */
  shardOf: Map<string, number>;
  shards: number;
}

export interface ManagerOptions {
  /** A child threw and was restarted from its last good snapshot. */
  onChildFailure?: (failure: { systemId: string; error: unknown }) => void;
}

/**
 * One manager of the supervisor tree: a child per configured entry, spread over shards that spawn,
 * stop and restart them (childShardMachine.ts). The manager reads the configuration and tells each
 * shard which entries are its own.
 */
export function createManagerMachine(spec: ChildSpec, options: ManagerOptions = {}) {
  const { onChildFailure = () => {} } = options;
  // Wrapped like the children (restorableLogic.ts) for its trimmed footprint: a shard's spawn input
  // (its first entries) is then not kept for its whole life.
  const shard = restorableLogic(
    createChildShardMachine(spec).provide({ actions: { reportChildFailure: (_, failure) => onChildFailure(failure) } }),
  );
  return setup({
    types: {
      context: {} as ManagerContext,
      events: {} as ManagerEvent,
      input: {} as { config: ContactCenterConfig },
    },
    actors: { shard },
    actions: {
      distribute: enqueueActions(({ context, enqueue }) => {
        const { shardOf, slices } = assignShards(context.shardOf, context.shards, spec.desired(context.config), childrenPerShard);
        slices.forEach((desired, n) => {
          if (n < context.shards) enqueue.sendTo(String(n), { type: 'shard.reconcile', desired });
          else enqueue.spawnChild('shard', { id: String(n), systemId: shardSystemId(spec.kind, n), input: { input: { desired } } });
        });
        enqueue.assign({ shardOf, shards: slices.length });
      }),
      rememberConfig: assign({ config: ({ event }) => event.config }),
    },
  }).createMachine({
    id: `${spec.kind}s`,
    context: ({ input }) => ({ config: input.config, shardOf: new Map(), shards: 0 }),
    entry: 'distribute',
    on: {
      'config.changed': { actions: ['rememberConfig', 'distribute'] },
    },
  });
}

export type ManagerMachine = ReturnType<typeof createManagerMachine>;
export type ManagerRef = ActorRefFrom<ManagerMachine>;
