import type { AnyActorRef, InspectionEvent } from 'xstate';
import { toInspectableJson } from './inspectableJson.js';

/** What the inspector shows of one actor. */
export interface ActorView {
  id: string;
  parentId: string | null;
  status: string;
  value: unknown;
  context: unknown;
  /** The last events the actor received, oldest first. */
  events: Array<{ at: number; type: string; detail: unknown }>;
}

export type InspectorUpdate =
  | { type: 'tree'; actors: ActorView[] }
  | { type: 'actors'; actors: ActorView[] }
  | { type: 'stopped'; ids: string[] };

const EVENTS_KEPT = 50;
const FLUSH_MS = 250;

type Ref = AnyActorRef & { systemId?: string; _parent?: AnyActorRef };

/** An XState actor system, which accepts inspection observers at any time. */
export interface InspectableSystem {
  inspect(observer: (event: InspectionEvent) => void): { unsubscribe(): void };
}

const actorId = (ref: Ref): string => ref.systemId ?? ref.id ?? ref.sessionId;

/**
 * An actor is announced from its constructor, before it has a snapshot (XState's development build
 * throws when it is read then): it shows empty until the next flush reads it again.
 */
function snapshotOf(ref: Ref): { status?: string; value?: unknown; context?: unknown } {
  try {
    return ref.getSnapshot() ?? {};
  } catch {
    return {};
  }
}

/**
 * Collects XState inspection events into a live view of the actor tree. Inspection costs
 * throughput (XState builds an event per step of every actor while any observer is attached), so
 * the hub attaches itself to the actor systems only while someone watches; the first watcher
 * rebuilds the tree from the roots' snapshots and then follows inspection events, batched every 250 ms.
 */
export class InspectionHub {
  private readonly roots = new Set<AnyActorRef | (() => Iterable<AnyActorRef>)>();
  private readonly systems = new Set<InspectableSystem>();
  private attached: Array<{ unsubscribe(): void }> = [];
  // Keyed by session id: an actor is announced before its system id is set, so the id shown may
  // change once; the session id never does.
  private readonly actors = new Map<string, ActorView>();
  private readonly refs = new Map<string, Ref>();
  private readonly watchers = new Set<(update: InspectorUpdate) => void>();
  private readonly dirty = new Set<string>();
  /** Ids (as shown) of the actors stopped since the last flush. */
  private readonly stopped = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** The observer to give XState's `inspect` option of every actor system worth watching. */
  readonly observer = (event: InspectionEvent): void => {
    if (this.watchers.size === 0) return;
    try {
      this.apply(event);
    } catch {
      // Inspection must never disturb the actors it watches.
    }
  };

  /**
   * Registers a root actor whose tree is shown (the engine's root), or a source of roots read at
   * each first watch (the CTI sessions, each an actor system of its own).
   */
  addRoot(root: AnyActorRef | (() => Iterable<AnyActorRef>)): void {
    this.roots.add(root);
  }

  /** An actor system the hub observes while watched (the engine's, the callbacks'). */
  addSystem(system: InspectableSystem): void {
    this.systems.add(system);
    if (this.watchers.size > 0) this.attached.push(system.inspect(this.observer));
  }

  get watching(): number {
    return this.watchers.size;
  }

  /** Starts streaming to a watcher: the whole tree first, then changes. */
  watch(listener: (update: InspectorUpdate) => void): () => void {
    if (this.watchers.size === 0) {
      this.rebuild();
      this.attached = [...this.systems].map((system) => system.inspect(this.observer));
    }
    this.watchers.add(listener);
    listener({ type: 'tree', actors: [...this.actors.values()] });
    return () => {
      this.watchers.delete(listener);
      if (this.watchers.size > 0) return;
      for (const subscription of this.attached) subscription.unsubscribe();
      this.attached = [];
      this.reset();
    };
  }

  private rebuild(): void {
    this.reset();
    const visit = (ref: Ref, parentId: string | null) => {
      this.refs.set(ref.sessionId, ref);
      this.actors.set(ref.sessionId, this.viewOf(ref, parentId, []));
      const children = (ref.getSnapshot() as { children?: Record<string, Ref> }).children ?? {};
      for (const child of Object.values(children)) visit(child, actorId(ref));
    };
    for (const root of this.roots) {
      if (typeof root === 'function') for (const ref of root()) visit(ref as Ref, null);
      else visit(root as Ref, null);
    }
  }

  private reset(): void {
    this.actors.clear();
    this.refs.clear();
    this.dirty.clear();
    this.stopped.clear();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private viewOf(ref: Ref, parentId: string | null, events: ActorView['events']): ActorView {
    const snapshot = snapshotOf(ref);
    return {
      id: actorId(ref),
      parentId,
      status: snapshot.status ?? 'active',
      value: toInspectableJson(snapshot.value),
      context: toInspectableJson(snapshot.context),
      events,
    };
  }

  private apply(event: InspectionEvent): void {
    const ref = event.actorRef as Ref;
    const id = ref.sessionId;
    if (event.type === '@xstate.actor') {
      const parent = ref._parent as Ref | undefined;
      this.refs.set(id, ref);
      this.actors.set(id, this.viewOf(ref, parent ? actorId(parent) : null, []));
      this.markDirty(id);
      return;
    }
    const view = this.actors.get(id);
    if (!view) return;
    if (event.type === '@xstate.event') {
      view.events.push({ at: this.now(), type: event.event.type, detail: toInspectableJson(event.event) });
      if (view.events.length > EVENTS_KEPT) view.events.splice(0, view.events.length - EVENTS_KEPT);
      this.markDirty(id);
    } else if (event.type === '@xstate.snapshot') {
      const updated = this.viewOf(ref, view.parentId, view.events);
      this.actors.set(id, updated);
      if (updated.status !== 'active') {
        this.actors.delete(id);
        this.refs.delete(id);
        this.stopped.add(updated.id);
      }
      this.markDirty(id);
    }
  }

  private markDirty(id: string): void {
    this.dirty.add(id);
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const actors = [...this.dirty].flatMap((id) => {
      const view = this.actors.get(id);
      const ref = this.refs.get(id);
      if (!view || !ref) return [];
      // Read again now: a newly spawned actor had no snapshot yet when it was announced.
      const fresh = this.viewOf(ref, view.parentId, view.events);
      this.actors.set(id, fresh);
      return [fresh];
    });
    const stoppedIds = [...this.stopped];
    this.dirty.clear();
    this.stopped.clear();
    for (const watcher of this.watchers) {
      if (actors.length) watcher({ type: 'actors', actors });
      if (stoppedIds.length) watcher({ type: 'stopped', ids: stoppedIds });
    }
  }
}
