import { describe, expect, it } from 'vitest';
import { assign, createActor, emit, setup, type EventObject, type Snapshot } from 'xstate';
import { restorableLogic } from '../../src/actors/restorableLogic.js';

/**
 * actorFootprint.ts trims XState actors in place (options, empty observer set and listener map):
 * these pin that an actor of wrapped logic still does everything XState promises a caller, so an
 * XState upgrade that changes those internals fails here rather than in production.
 */
const counter = setup({
  types: {
    context: {} as { count: number; label: string },
    events: {} as { type: 'add' } | { type: 'shout' } | { type: 'boom' },
    input: {} as { label: string },
    emitted: {} as { type: 'shouted'; count: number },
  },
  actions: {
    explode: () => {
      throw new Error('boom');
    },
  },
}).createMachine({
  context: ({ input }) => ({ count: 0, label: input.label }),
  on: {
    add: { actions: assign({ count: ({ context }) => context.count + 1 }) },
    shout: { actions: emit(({ context }) => ({ type: 'shouted' as const, count: context.count })) },
    boom: { actions: 'explode' },
  },
});

const start = (restore?: Snapshot<unknown>) =>
  createActor(restorableLogic(counter), { id: 'c1', input: restore ? { input: { label: 'x' }, restore } : { input: { label: 'x' } } }).start();

describe('trimmed actors', () => {
  it('keep their input-derived context and id after the input is dropped', () => {
    const actor = start();
    expect(actor.id).toBe('c1');
    expect(actor.getSnapshot().context).toEqual({ count: 0, label: 'x' });
  });

  it('deliver snapshots to observers added after start, and stop after unsubscribe', () => {
    const actor = start();
    const seen: number[] = [];
    const sub = actor.subscribe((s) => seen.push(s.context.count));
    actor.send({ type: 'add' });
    actor.send({ type: 'add' });
    sub.unsubscribe();
    actor.send({ type: 'add' });
    expect(seen).toEqual([1, 2]);
    const later: number[] = [];
    actor.subscribe((s) => later.push(s.context.count));
    actor.send({ type: 'add' });
    expect(later).toEqual([4]);
  });

  it('deliver emitted events to typed and wildcard listeners', () => {
    const actor = start();
    const typed: EventObject[] = [];
    const any: EventObject[] = [];
    const off = actor.on('shouted', (e) => typed.push(e));
    actor.on('*', (e) => any.push(e));
    actor.send({ type: 'add' });
    actor.send({ type: 'shout' });
    off.unsubscribe();
    actor.send({ type: 'shout' });
    expect(typed).toEqual([{ type: 'shouted', count: 1 }]);
    expect(any).toEqual([{ type: 'shouted', count: 1 }, { type: 'shouted', count: 1 }]);
  });

  it('report an error to their observers and end in the error status', () => {
    const actor = start();
    const errors: unknown[] = [];
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.send({ type: 'boom' });
    expect(errors).toHaveLength(1);
    expect(actor.getSnapshot().status).toBe('error');
  });

  it('restart from a persisted snapshot, and stop cleanly with nobody listening', () => {
    const first = start();
    first.send({ type: 'add' });
    first.send({ type: 'add' });
    const restarted = start(first.getPersistedSnapshot());
    expect(restarted.getSnapshot().context.count).toBe(2);
    restarted.stop();
    expect(restarted.getSnapshot().status).toBe('stopped');
  });
});
