import { dropInput, lazyListeners, snapshotSharing, trimOptions } from './actorFootprint.js';
import type { ActorLogic, AnyActorLogic, AnyActorRef, AnyActorScope, EventObject, Snapshot } from 'xstate';

/**
 * What a manager gives a child it spawns: either the machine's own input (a fresh child) or the
 * last good snapshot of a child that threw (a restart). XState's `spawn` has no `snapshot`
 * option, so the restart path goes through the input of this wrapper.
 */
export type RestorableInput<TInput> = { input: TInput; restore?: undefined } | { input: TInput; restore: Snapshot<unknown> };

/** Hears every event an actor of the wrapped logic emits, with the actor that emitted it. */
export type EmitHook = (emitted: EventObject, self: AnyActorRef) => void;

/**
 * Wraps actor logic so that it can start either from its input or from a persisted snapshot.
 * Everything else is delegated unchanged, so the wrapped machine behaves exactly as the original;
 * only its actors' memory is trimmed (actorFootprint.ts). `onEmit` hears what every actor of this logic emits (its initial actions included) without a
 * listener registered on each actor: thousands of agents and lines would each hold one.
 */
export function restorableLogic<TLogic extends AnyActorLogic>(
  logic: TLogic,
  onEmit?: EmitHook,
): ActorLogic<any, any, RestorableInput<unknown>, any, any> {
  // The scope given to the logic: the actor's own, with `emit` also telling the hook. Built per
  // step rather than kept per actor, so that it costs no memory while the actor is idle.
  const scoped = onEmit
    ? (scope: AnyActorScope): AnyActorScope => ({
        ...scope,
        emit: (emitted) => {
          scope.emit(emitted);
          onEmit(emitted, scope.self);
        },
      })
    : (scope: AnyActorScope) => scope;
  const shared = snapshotSharing();
  return {
    config: logic.config,
    transition: (snapshot, event, scope) => shared(logic.transition(snapshot, event, scoped(scope))),
    getInitialSnapshot: (scope, wrapped) => {
      trimOptions(scope.self);
      lazyListeners(scope.self);
      return shared(
        wrapped.restore !== undefined && logic.restoreSnapshot
          ? logic.restoreSnapshot(wrapped.restore, scoped(scope))
          : logic.getInitialSnapshot(scoped(scope), wrapped.input),
      );
    },
    restoreSnapshot: logic.restoreSnapshot ? (persisted, scope) => shared(logic.restoreSnapshot!(persisted, scoped(scope))) : undefined,
    start: (snapshot, scope) => {
      dropInput(scope.self);
      logic.start?.(snapshot, scoped(scope));
    },
    getPersistedSnapshot: (snapshot, options) => logic.getPersistedSnapshot(snapshot, options),
  };
}

/** The last good state of a child that errored: XState keeps it, only flagged `error`. */
export function revive(persisted: Snapshot<unknown>): Snapshot<unknown> {
  return { ...persisted, status: 'active', error: undefined } as Snapshot<unknown>;
}
