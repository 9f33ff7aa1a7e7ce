import type { AnyActorRef } from 'xstate';

/**
 * Trims what XState keeps per actor without changing what the actor reads: thousands of agents
 * and lines each pay these bytes for as long as they live.
 */

/**
 * XState builds each actor's options as `{ ...defaults, ...options }`, and V8 gives every object
 * built that way a hidden class of its own (about 300 bytes per actor). The same fields copied by
 * `Object.assign` onto a fresh object share one.
 */
export function shareOptionsShape(self: AnyActorRef): void {
  const actor = self as unknown as { options?: object };
  if (actor.options) actor.options = Object.assign({}, actor.options);
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
