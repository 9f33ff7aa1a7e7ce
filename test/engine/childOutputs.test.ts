import { describe, expect, it } from 'vitest';
import { assign, createActor, emit, setup, type AnyActorRef, type EventObject } from 'xstate';
import { contactCenterConfigSchema, type ContactCenterConfig } from '../../src/domain/contactCenterConfig.js';
import { createRootMachine } from '../../src/actors/rootMachine.js';
import type { ChildSpec } from '../../src/actors/managerMachine.js';

/** A toy child that says hello when it starts, echoes `ping`, counts `relabel`s and throws on `boom`. */
const talker = setup({
  types: {
    context: {} as { name: string; relabels: number },
    events: {} as { type: 'ping' } | { type: 'boom' } | { type: 'relabel' },
    input: {} as { name: string; tags: string[] },
    emitted: {} as { type: 'hello'; name: string } | { type: 'pong'; name: string },
  },
  actions: {
    explode: () => {
      throw new Error('bad event');
    },
  },
}).createMachine({
  context: ({ input }) => ({ name: input.name, relabels: 0 }),
  entry: emit(({ context }) => ({ type: 'hello' as const, name: context.name })),
  on: {
    ping: { actions: emit(({ context }) => ({ type: 'pong' as const, name: context.name })) },
    relabel: { actions: assign({ relabels: ({ context }) => context.relabels + 1 }) },
    boom: { actions: 'explode' },
  },
});

const configWith = (queues: Array<{ name: string; displayName?: string }>): ContactCenterConfig =>
  contactCenterConfigSchema.parse({ queues: queues.map((q, i) => ({ id: i + 1, displayName: q.name, ...q })) });

function startTree(config: ContactCenterConfig) {
  const heard: Array<{ type: string; from: string | undefined }> = [];
  const spec: ChildSpec<{ name: string; tags: string[] }> = {
    kind: 'queue',
    logic: talker,
    // Fresh objects at every change: only their content tells whether the input changed.
    desired: (c) => new Map(c.queues.map((q) => [q.name, { name: q.name, tags: [q.displayName], onDemand: () => q.name }])),
    reconfigure: () => ({ type: 'relabel' }),
    onEmit: (emitted: EventObject, child: AnyActorRef & { systemId?: string }) => heard.push({ type: emitted.type, from: child.systemId }),
  };
  const root = createActor(createRootMachine({ specs: [spec] }), { input: { config } }).start();
  return { root, heard, child: (name: string) => root.system.get(`queue:${name}`) as AnyActorRef | undefined };
}

describe('outputs of supervised children', () => {
  it('every child is heard from its first action on: fresh, added by a change, restarted', () => {
    const { root, heard, child } = startTree(configWith([{ name: 'sales' }]));
    expect(heard).toEqual([{ type: 'hello', from: 'queue:sales' }]);
    root.send({ type: 'config.changed', config: configWith([{ name: 'sales' }, { name: 'support' }]) });
    child('support')?.send({ type: 'ping' });
    child('sales')?.send({ type: 'boom' });
    child('sales')?.send({ type: 'ping' });
    expect(heard.slice(1)).toEqual([
      { type: 'hello', from: 'queue:support' },
      { type: 'pong', from: 'queue:support' },
      { type: 'pong', from: 'queue:sales' },
    ]);
  });

  it("a child's own listeners still hear it", () => {
    const { child } = startTree(configWith([{ name: 'sales' }]));
    const own: string[] = [];
    child('sales')?.on('pong', (e: EventObject) => own.push(e.type));
    child('sales')?.send({ type: 'ping' });
    expect(own).toEqual(['pong']);
  });

  it('tells a child about its input only when its content changed', () => {
    const { root, child } = startTree(configWith([{ name: 'sales' }, { name: 'support' }]));
    const relabels = (name: string) => (child(name)?.getSnapshot() as { context: { relabels: number } }).context.relabels;
    root.send({ type: 'config.changed', config: configWith([{ name: 'sales' }, { name: 'support' }]) });
    expect([relabels('sales'), relabels('support')]).toEqual([0, 0]);
    root.send({ type: 'config.changed', config: configWith([{ name: 'sales' }, { name: 'support', displayName: 'Helpdesk' }]) });
    expect([relabels('sales'), relabels('support')]).toEqual([0, 1]);
  });
});
