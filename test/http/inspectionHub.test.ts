import { describe, expect, it } from 'vitest';
import { createActor, createMachine } from 'xstate';
import { InspectionHub, type InspectorUpdate } from '../../src/transport/http/inspector/inspectionHub.js';

const toggle = createMachine({
  id: 'toggle',
  initial: 'off',
  states: { off: { on: { flip: 'on' } }, on: { on: { flip: 'off' } } },
});

/** Counts the inspection observers XState has on a system by wrapping its `inspect`. */
function observedSystem() {
  const actor = createActor(toggle, { systemId: 'toggle' }).start();
  let observers = 0;
  const system = {
    inspect(observer: Parameters<typeof actor.system.inspect>[0]) {
      const subscription = actor.system.inspect(observer);
      observers++;
      return { unsubscribe: () => { observers--; subscription.unsubscribe(); } };
    },
  };
  return { actor, system, observers: () => observers };
}

describe('inspection hub', () => {
  it('observes an actor system only while someone watches, and streams its changes then', async () => {
    const { actor, system, observers } = observedSystem();
    const hub = new InspectionHub();
    hub.addRoot(actor);
    hub.addSystem(system);
    expect(observers()).toBe(0);

    const updates: InspectorUpdate[] = [];
    const stop = hub.watch((update) => updates.push(update));
    expect(observers()).toBe(1);
    expect(updates[0]).toMatchObject({ type: 'tree', actors: [{ id: 'toggle', value: 'off' }] });

    actor.send({ type: 'flip' });
    await expect.poll(() => updates.find((u) => u.type === 'actors'), { timeout: 2_000 }).toMatchObject({
      type: 'actors',
      actors: [{ id: 'toggle', value: 'on', events: [expect.objectContaining({ type: 'flip' })] }],
    });

    stop();
    expect(observers()).toBe(0);
    actor.stop();
  });

  it('a system added while watched is observed at once', () => {
    const { actor, system, observers } = observedSystem();
    const hub = new InspectionHub();
    const stop = hub.watch(() => {});
    hub.addSystem(system);
    expect(observers()).toBe(1);
    stop();
    expect(observers()).toBe(0);
    actor.stop();
  });
});
