import { type AnyActorRef, type EventObject, enqueueActions, setup } from 'xstate';
import type { ChildSpec } from './managerMachine.js';
import { restorableLogic, revive, type RestorableInput } from './restorableLogic.js';
import { sameInput } from './sameInput.js';

export const childSystemId = (kind: string, key: string) => `${kind}:${key}`;

export type ShardEvent =
  | { type: 'shard.reconcile'; desired: ReadonlyMap<string, unknown> }
  | { type: `xstate.error.actor.${string}`; error: unknown; actorId?: string };

interface ShardContext {
  /**
   * Input of each live child (kept as is: it may hold shared lookups such as a name directory),
   * compared field by field with the next configuration's to notice changes.
   */
  inputs: Map<string, unknown>;
  /** The next child's local id. */
  nextId: number;
  restarts: number;
}

/**
 * Children are addressed by systemId (`agent:12`); their local id within the shard is a number.
 * XState copies the children record at every spawn and stop, and V8 copies integer keys as array
 * elements, dozens of times faster than as many distinct names (each stop of a named child of a
 * 100-child shard took about 0.3 ms: stopping a large engine took seconds).
 */
const localId = (n: number) => String(n);

/**
 * One shard of a manager (see shardAssignment.ts): spawns a child per entry the manager gives it,
 * stops the ones it no longer gives, and restarts a child that throws from its last good snapshot
 * so one bad event never takes the others down.
 */
export function createChildShardMachine(spec: ChildSpec) {
  const childLogic = restorableLogic(spec.logic, spec.onEmit && ((emitted, child) => spec.onEmit!(emitted, child)));
  const spawnInput = (input: unknown, restore?: ReturnType<typeof revive>) =>
    (restore === undefined ? { input } : { input, restore }) satisfies RestorableInput<unknown>;
  return setup({
    types: {
      context: {} as ShardContext,
      events: {} as ShardEvent,
      input: {} as { desired: ReadonlyMap<string, unknown> },
    },
    actors: { child: childLogic },
    actions: {
      /** Provided by the engine: log the failure (the restart itself is done here). */
      reportChildFailure: (_, _params: { systemId: string; error: unknown }) => {},
      reconcile: enqueueActions(({ context, enqueue, system }, desired: ReadonlyMap<string, unknown>) => {
        const inputs = new Map<string, unknown>();
        const fresh: Array<readonly [string, unknown]> = [];
        const stop = (id: string) => {
          const child = system.get(id) as AnyActorRef | undefined;
          if (child) enqueue.stopChild(child);
        };
        for (const key of context.inputs.keys()) {
          if (!desired.has(key)) stop(childSystemId(spec.kind, key));
        }
        for (const [key, input] of desired) {
          const id = childSystemId(spec.kind, key);
          inputs.set(key, input);
          const child = system.get(id) as AnyActorRef | undefined;
          const before = context.inputs.get(key);
          if (!context.inputs.has(key) || !child) fresh.push([id, input]);
          else if (spec.identity && spec.identity(input) !== spec.identity(before)) {
            // Stopping unregisters the systemId at once, so the replacement can take it in the same step.
            stop(id);
            fresh.push([id, input]);
          } else if (!sameInput(before, input)) {
            const change: EventObject | undefined = spec.reconfigure?.(input);
            if (change) enqueue.sendTo(child, change);
          }
        }
        // One assign spawns them all: XState copies the children record once per action, so one
        // spawn action per child would be quadratic in the number of children.
        enqueue.assign(({ spawn }) => {
          let nextId = context.nextId;
          for (const [systemId, input] of fresh) spawn('child', { id: localId(nextId++), systemId, input: spawnInput(input) });
          return { inputs, nextId };
        });
      }),
      restartChild: enqueueActions(({ context, event, enqueue, self }) => {
        const id = event.type.slice('xstate.error.actor.'.length);
        const child = (self.getSnapshot().children as Record<string, AnyActorRef & { systemId?: string }>)[id];
        const systemId = child?.systemId ?? id;
        // Typed loosely: an action of setup cannot name its sibling actions' types.
        enqueue({ type: 'reportChildFailure', params: { systemId, error: (event as { error?: unknown }).error } } as never);
        const key = systemId.slice(spec.kind.length + 1);
        if (!child || !context.inputs.has(key)) return;
        const last = child.getPersistedSnapshot();
        enqueue.stopChild(id);
        enqueue.spawnChild('child', { id, systemId, input: spawnInput(context.inputs.get(key), revive(last)) });
        enqueue.assign({ restarts: context.restarts + 1 });
      }),
    },
  }).createMachine({
    context: () => ({ inputs: new Map(), nextId: 0, restarts: 0 }),
    // The init event carries the shard's first entries.
    entry: { type: 'reconcile', params: ({ event }) => (event as unknown as { input: { desired: ReadonlyMap<string, unknown> } }).input.desired },
    on: {
      'shard.reconcile': { actions: { type: 'reconcile', params: ({ event }) => event.desired } },
      'xstate.error.actor.*': { actions: 'restartChild' },
    },
  });
}
