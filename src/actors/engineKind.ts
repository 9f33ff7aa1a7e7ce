import type { AnyActorRef, EventObject } from 'xstate';
import type { EngineEvent } from '../domain/engineEvents.js';
import type { NameDirectory } from '../machines/nameDirectory.js';
import type { ChildSpec } from './managerMachine.js';
import type { NameIndex } from './nameIndex.js';

/** What every kind adapter gets from the engine: the current configuration and the clock. */
export interface KindDeps {
  index: () => NameIndex;
  /** One stable directory over the current configuration, shared by every machine. */
  directory: NameDirectory;
  now: () => number;
}

/**
 * How the engine drives one kind of actor (agents, lines, queues): which children exist, and how
 * what a child emits becomes the EngineEvents transports publish. Queries read snapshots through
 * the kind's own view functions.
 */
export interface EngineKind {
  readonly kind: 'agent' | 'line' | 'queue';
  spec(deps: KindDeps): ChildSpec;
  /** EngineEvents for one event a child emitted (its outputs). */
  published(emitted: EventObject, child: AnyActorRef, deps: KindDeps): EngineEvent[];
}
