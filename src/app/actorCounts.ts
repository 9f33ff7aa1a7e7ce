import type { AnyActorRef } from 'xstate';

/** Live actors by kind (`agent`, `line`, `queue`, `callback`…), read from the actor trees. */
export function countActors(...roots: AnyActorRef[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const visit = (ref: AnyActorRef) => {
    const children = (ref.getSnapshot() as { children?: Record<string, AnyActorRef> }).children ?? {};
    for (const child of Object.values(children)) {
      const id = (child as { systemId?: string }).systemId ?? child.id;
      const kind = id.includes(':') ? id.slice(0, id.indexOf(':')) : undefined;
      if (kind) counts[kind] = (counts[kind] ?? 0) + 1;
      visit(child);
    }
  };
  for (const root of roots) visit(root);
  return counts;
}
