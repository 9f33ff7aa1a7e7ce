import type { ActorLogic, AnyActorLogic, AnyActorRef, Snapshot } from 'xstate';

/**
 * What a manager gives a child it spawns: either the machine's own input (a fresh child) or the
 * last good snapshot of a child that threw (a restart). XState's `spawn` has no `snapshot`
 * option, so the restart path goes through the input of this wrapper.
 */
export type RestorableInput<TInput> = { input: TInput; restore?: undefined } | { input: TInput; restore: Snapshot<unknown> };

/**
 * Wraps actor logic so that it can start either from its input or from a persisted snapshot.
 * Everything else is delegated unchanged, so the wrapped machine behaves exactly as the original.
 * `onStart` sees each actor as it starts, before it runs its first actions (its initial ones
 * included), so a listener added there hears everything it emits.
 */
export function restorableLogic<TLogic extends AnyActorLogic>(
  logic: TLogic,
  onStart?: (self: AnyActorRef) => void,
): ActorLogic<any, any, RestorableInput<unknown>, any, any> {
  return {
    config: logic.config,
    transition: (snapshot, event, scope) => logic.transition(snapshot, event, scope),
    getInitialSnapshot: (scope, wrapped) =>
      wrapped.restore !== undefined && logic.restoreSnapshot
        ? logic.restoreSnapshot(wrapped.restore, scope)
        : logic.getInitialSnapshot(scope, wrapped.input),
    restoreSnapshot: logic.restoreSnapshot ? (persisted, scope) => logic.restoreSnapshot!(persisted, scope) : undefined,
    start:
      logic.start || onStart
        ? (snapshot, scope) => {
            onStart?.(scope.self);
            logic.start?.(snapshot, scope);
          }
        : undefined,
    getPersistedSnapshot: (snapshot, options) => logic.getPersistedSnapshot(snapshot, options),
  };
}

/** The last good state of a child that errored: XState keeps it, only flagged `error`. */
export function revive(persisted: Snapshot<unknown>): Snapshot<unknown> {
  return { ...persisted, status: 'active', error: undefined } as Snapshot<unknown>;
}
