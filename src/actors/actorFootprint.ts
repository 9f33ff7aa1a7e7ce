import type { AnyActorRef } from 'xstate';

/**
 * Trims what XState keeps per actor without changing what the actor reads: thousands of agents
 * and lines each pay these bytes for as long as they live.
 */

/** The actor fields trimmed here (XState's `Actor`, whose type keeps them internal). */
interface ActorSlots {
  options?: { id?: unknown; systemId?: unknown; input?: unknown; devTools?: unknown };
  observers: Set<unknown>;
  eventListeners: Map<string, unknown>;
}

/**
 * XState keeps each actor's options as `{ ...defaults, ...options }` (clock, logger, parent, src…
 * also kept in fields of their own), in a hidden class of its own, with most fields out of line:
 * about 120 bytes per actor. After construction it reads only `input` (for the init event) and
 * `devTools` (at start); `id` and `systemId` stay for whoever inspects the actor.
 */
export function trimOptions(self: AnyActorRef): void {
  const actor = self as unknown as ActorSlots;
  const options = actor.options;
  if (options) actor.options = { id: options.id, systemId: options.systemId, input: options.input, devTools: options.devTools };
}

/**
 * Once the actor has started, its input has been read for the last time: dropping it frees the
 * spawn wrapper (and, for a restarted child, the snapshot it restarted from).
 */
export function dropInput(self: AnyActorRef): void {
  const options = (self as unknown as ActorSlots).options;
  if (options) options.input = undefined;
}

/** An iterator that is already at its end, shared by every empty stand-in. */
const ended: Iterator<never> = (() => {
  const iterator = ([] as never[])[Symbol.iterator]();
  iterator.next();
  return iterator;
})();

/**
 * Stands for an actor's observer set and emitted-event listener map while both are empty, which
 * agents and lines always are (the engine hears them through the logic, restorableLogic.ts): an
 * empty Set and Map cost about 300 bytes per actor, this one object 32. The first observer or
 * listener installs the real Set or Map on the actor, which XState uses from then on.
 */
class NoListeners {
  constructor(private readonly actor: ActorSlots) {}
  get size(): number {
    return 0;
  }
  [Symbol.iterator](): Iterator<never> {
    return ended;
  }
  values(): Iterator<never> {
    return ended;
  }
  has(): boolean {
    return false;
  }
  get(): undefined {
    return undefined;
  }
  delete(): boolean {
    return false;
  }
  clear(): void {}
  add(observer: unknown): Set<unknown> {
    return (this.actor.observers = new Set([observer]));
  }
  set(type: string, listeners: unknown): Map<string, unknown> {
    return (this.actor.eventListeners = new Map([[type, listeners]]));
  }
}

/** Replaces the actor's empty observer set and listener map by one shared-shape stand-in. */
export function lazyListeners(self: AnyActorRef): void {
  const actor = self as unknown as ActorSlots;
  if (actor.observers.size > 0 || actor.eventListeners.size > 0) return;
  const none = new NoListeners(actor) as unknown;
  actor.observers = none as Set<unknown>;
  actor.eventListeners = none as Map<string, unknown>;
}

const noTags: ReadonlySet<string> = new Set();
const noHistory = Object.freeze({});
const noChildren = Object.freeze({});

interface SnapshotParts {
  value?: unknown;
  _nodes?: unknown;
  tags?: unknown;
  historyValue?: unknown;
  children?: unknown;
}

const isEmptyRecord = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return false;
  return true;
};

/** Distinct state configurations remembered per logic: a machine has a handful. */
const maxConfigurations = 256;

/**
 * Returns what replaces, in each machine snapshot of one logic, the parts XState rebuilds at every
 * step although most actors share them: the empty tag set, history and children record, and the
 * state value with its list of active state nodes (one copy per configuration, about 250 bytes
 * per agent and line). XState never changes them in place: it copies them to add a tag, a
 * history entry or a child, and builds a new value and list when the state changes.
 */
export function snapshotSharing(): <T>(snapshot: T) => T {
  const configurations = new Map<string, { value: unknown; nodes: unknown }>();
  return (snapshot) => {
    const parts = snapshot as SnapshotParts;
    if (typeof parts !== 'object' || parts === null) return snapshot;
    if (parts.tags instanceof Set && parts.tags.size === 0) parts.tags = noTags;
    if (parts.historyValue !== noHistory && isEmptyRecord(parts.historyValue)) parts.historyValue = noHistory;
    if (parts.children !== noChildren && isEmptyRecord(parts.children)) parts.children = noChildren;
    if (Array.isArray(parts._nodes)) {
      // The active nodes, in order, decide the value: same list, same parts.
      const key = (parts._nodes as Array<{ id: string }>).map((node) => node.id).join('\n');
      let shared = configurations.get(key);
      if (!shared && configurations.size < maxConfigurations) {
        configurations.set(key, (shared = { value: deepFreeze(parts.value), nodes: Object.freeze(parts._nodes) }));
      }
      if (shared) (parts.value = shared.value), (parts._nodes = shared.nodes);
    }
    return snapshot;
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
