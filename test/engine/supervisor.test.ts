import { describe, expect, it } from 'vitest';
import { assign, createActor, setup } from 'xstate';
import { contactCenterConfigSchema, type ContactCenterConfig } from '../../src/domain/contactCenterConfig.js';
import { createRootMachine } from '../../src/actors/rootMachine.js';
import { childrenPerShard, type ChildSpec } from '../../src/actors/managerMachine.js';

/** A toy child: counts `bump` events and throws on `boom`, so supervision can be observed. */
const counter = setup({
  types: {
    context: {} as { name: string; count: number; label: string },
    events: {} as { type: 'bump' } | { type: 'boom' } | { type: 'relabel'; label: string },
    input: {} as { name: string; label: string },
  },
  actions: {
    explode: () => {
      throw new Error('bad event');
    },
  },
}).createMachine({
  context: ({ input }) => ({ name: input.name, count: 0, label: input.label }),
  initial: 'idle',
  states: {
    idle: { on: { bump: { target: 'busy', actions: assign({ count: ({ context }) => context.count + 1 }) } } },
    busy: { on: { bump: { target: 'idle', actions: assign({ count: ({ context }) => context.count + 1 }) } } },
  },
  on: {
    boom: { actions: 'explode' },
    relabel: { actions: assign({ label: ({ event }) => event.label }) },
  },
});

const spec: ChildSpec<{ name: string; label: string }> = {
  kind: 'queue',
  logic: counter,
  desired: (config) => new Map(config.queues.map((q) => [q.name, { name: q.name, label: q.displayName }])),
  reconfigure: (input) => ({ type: 'relabel', label: input.label }),
};

const configWith = (names: string[]): ContactCenterConfig =>
  contactCenterConfigSchema.parse({
    queues: names.map((name, i) => ({ id: i + 1, name, displayName: name.toUpperCase() })),
  });

function startTree(config: ContactCenterConfig) {
  const failures: string[] = [];
  const root = createActor(createRootMachine({ specs: [spec], onChildFailure: (f) => failures.push(f.systemId) }), {
    input: { config },
  }).start();
  const child = (name: string) => root.system.get(`queue:${name}`);
  return { root, child, failures };
}

describe('supervisor tree', () => {
  it('spawns one child per configured entry, addressable by systemId', () => {
    const { child } = startTree(configWith(['sales', 'support']));
    expect(child('sales')?.getSnapshot().context).toMatchObject({ name: 'sales', count: 0 });
    expect(child('support')?.getSnapshot().context).toMatchObject({ name: 'support' });
    expect(child('travels')).toBeUndefined();
  });

  it('creates, reconfigures and stops children when the configuration changes', () => {
    const { root, child } = startTree(configWith(['sales', 'support']));
    const support = child('support');
    support?.send({ type: 'bump' });
    const next = configWith(['support', 'travels']);
    next.queues[0]!.displayName = 'Helpdesk';
    root.send({ type: 'config.changed', config: next });
    expect(child('sales')).toBeUndefined();
    expect(child('travels')?.getSnapshot().context.count).toBe(0);
    // The child that stays is the same actor, keeps its state and hears about its new input.
    expect(child('support')).toBe(support);
    expect(child('support')?.getSnapshot().context).toMatchObject({ count: 1, label: 'Helpdesk' });
  });

  it('restarts a child that throws from its last good snapshot; its siblings never notice', () => {
    const { child, failures } = startTree(configWith(['sales', 'support']));
    child('sales')?.send({ type: 'bump' });
    child('support')?.send({ type: 'bump' });
    const supportBefore = child('support');
    child('sales')?.send({ type: 'boom' });
    expect(failures).toEqual(['queue:sales']);
    const sales = child('sales');
    expect(sales?.getSnapshot().status).toBe('active');
    expect(sales?.getSnapshot().value).toBe('busy');
    expect(sales?.getSnapshot().context.count).toBe(1);
    // The restarted child keeps working, and the sibling is untouched.
    sales?.send({ type: 'bump' });
    expect(sales?.getSnapshot()).toMatchObject({ value: 'idle', context: { count: 2 } });
    expect(child('support')).toBe(supportBefore);
    expect(child('support')?.getSnapshot()).toMatchObject({ value: 'busy', context: { count: 1 } });
  });

  it('replaces a child whose identity changed, under the same systemId', () => {
    const root = createActor(createRootMachine({ specs: [{ ...spec, identity: (input: { label: string }) => input.label } as ChildSpec] }), {
      input: { config: configWith(['sales']) },
    }).start();
    const before = root.system.get('queue:sales');
    before?.send({ type: 'bump' });
    const next = configWith(['sales']);
    next.queues[0]!.displayName = 'Renamed';
    root.send({ type: 'config.changed', config: next });
    const after = root.system.get('queue:sales');
    expect(after).not.toBe(before);
    expect(after?.getSnapshot()).toMatchObject({ status: 'active', context: { count: 0, label: 'Renamed' } });
    expect(before?.getSnapshot().status).toBe('stopped');
  });

  it('supervises more children than one shard holds: each keeps its state through changes, restarts in place, stops with the tree', () => {
    const names = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `q${from + i}`);
    const many = childrenPerShard * 2 + 5;
    const { root, child, failures } = startTree(configWith(names(0, many)));
    const last = child(`q${many - 1}`);
    last?.send({ type: 'bump' });
    child('q0')?.send({ type: 'bump' });
    // Drop the first shard's children, add as many new ones: the survivors are the same actors.
    root.send({ type: 'config.changed', config: configWith(names(childrenPerShard, many + childrenPerShard)) });
    expect(child('q0')).toBeUndefined();
    expect(child(`q${many - 1}`)).toBe(last);
    expect(last?.getSnapshot().context.count).toBe(1);
    expect(child(`q${many + childrenPerShard - 1}`)?.getSnapshot().context.count).toBe(0);
    last?.send({ type: 'boom' });
    expect(failures).toEqual([`queue:q${many - 1}`]);
    expect(child(`q${many - 1}`)?.getSnapshot()).toMatchObject({ status: 'active', context: { count: 1 } });
    const survivor = child(`q${many}`);
    root.stop();
    expect(survivor?.getSnapshot().status).toBe('stopped');
    expect(child(`q${many}`)).toBeUndefined();
  });

  it('survives a child that throws again after its restart', () => {
    const { child, failures } = startTree(configWith(['sales']));
    child('sales')?.send({ type: 'boom' });
    child('sales')?.send({ type: 'boom' });
    expect(failures).toEqual(['queue:sales', 'queue:sales']);
    child('sales')?.send({ type: 'bump' });
    expect(child('sales')?.getSnapshot().context.count).toBe(1);
  });
});
