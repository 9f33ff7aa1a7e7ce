import { describe, expect, it } from 'vitest';
import { assign, setup, type InspectionEvent } from 'xstate';
import { agentKind } from '../../src/actors/agentKind.js';
import { createEngine } from '../../src/actors/engine.js';
import type { EngineKind } from '../../src/actors/engineKind.js';
import { MemoryConfigStore, readContactCenterConfigFile } from '../../src/auth/memoryConfigStore.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { EngineEvent } from '../../src/domain/engineEvents.js';
import { silentLogger, type Logger } from '../../src/log.js';
import { FakeAmiPort } from './fakeAmiPort.js';

const configPath = new URL('../../../shared/fixtures/ami/config.json', import.meta.url).pathname;
const baseConfig = readContactCenterConfigFile(configPath);
// One store per test would hash 12 passwords each time (scrypt): tests that change it make their own.
const sharedStore = baseConfig.then((c) => MemoryConfigStore.create(c));

/** A line kind whose machine throws on a call from a given number: a bug in one actor. */
const fragileLines: EngineKind = {
  kind: 'line',
  spec: () => ({
    kind: 'line',
    logic: setup({
      types: { context: {} as { calls: number }, events: {} as { type: string; call?: { otherDN: string } } },
      actions: {
        count: assign({ calls: ({ context }) => context.calls + 1 }),
        explode: () => {
          throw new Error('poison call');
        },
      },
      guards: { isPoison: ({ event }) => event.call?.otherDN === 'poison' },
    }).createMachine({
      context: { calls: 0 },
      on: { 'line.call': [{ guard: 'isPoison', actions: 'explode' }, { actions: 'count' }] },
    }),
    desired: (config) => new Map(config.lines.map((l) => [l.interface, {}])),
  }),
  published: () => [],
};

const recordingLogger = () => {
  const errors: Array<{ systemId?: string; msg: string }> = [];
  const logger = {
    ...silentLogger,
    error: (obj: { systemId?: string }, msg: string) => errors.push({ systemId: obj.systemId, msg }),
    warn: () => {},
    info: () => {},
  } as unknown as Logger;
  return { logger, errors };
};

describe('engine supervision', () => {
  it('streams XState inspection events of every actor to the inspect option', async () => {
    const seen = new Set<string>();
    const inspect = (e: InspectionEvent) => {
      const id = (e.actorRef as { systemId?: string }).systemId;
      if (e.type === '@xstate.snapshot' && id) seen.add(id);
    };
    const engine = createEngine({ configStore: await sharedStore, ami: new FakeAmiPort(), clock: new ManualClock(0), logger: silentLogger, inspect });
    engine.start();
    for (const id of ['root', 'agents', 'lines', 'queues', 'agent:1', 'line:Local/1001@phones', 'queue:sales']) {
      expect([...seen]).toContain(id);
    }
    await engine.stop();
  });

  it('runs extra managers under the same root, reachable by systemId', async () => {
    const extra = setup({ types: { context: {} as { pings: number }, events: {} as { type: 'ping' } } }).createMachine({
      context: { pings: 0 },
      on: { ping: { actions: assign({ pings: ({ context }) => context.pings + 1 }) } },
    });
    const engine = createEngine({
      configStore: await sharedStore, ami: new FakeAmiPort(), clock: new ManualClock(0), logger: silentLogger, managers: { callbacks: extra },
    });
    engine.root.system.get('callbacks')!.send({ type: 'ping' });
    expect(engine.root.system.get('callbacks')!.getSnapshot().context).toEqual({ pings: 1 });
    await engine.stop();
  });

  it('restarts an actor that throws, logs it, and the engine and the other actors go on', async () => {
    const { logger, errors } = recordingLogger();
    const ami = new FakeAmiPort();
    const engine = createEngine({ configStore: await sharedStore, ami, clock: new ManualClock(0), logger }, [agentKind, fragileLines]);
    engine.start();
    const system = engine.root.system;
    const line1 = () => system.get('line:Local/1001@phones')!;
    line1().send({ type: 'line.call', call: { otherDN: '1002' } });
    const before = line1();
    line1().send({ type: 'line.call', call: { otherDN: 'poison' } });
    expect(errors).toEqual([{ systemId: 'line:Local/1001@phones', msg: 'actor failed; restarted from its last snapshot' }]);
    expect(line1()).not.toBe(before);
    expect(line1().getSnapshot()).toMatchObject({ status: 'active', context: { calls: 1 } });
    line1().send({ type: 'line.call', call: { otherDN: '1003' } });
    expect(line1().getSnapshot().context.calls).toBe(2);
    expect(system.get('line:Local/1002@phones')!.getSnapshot().status).toBe('active');
    expect(engine.agentStates()).toHaveLength(10);
    await engine.stop();
  });

  it('creates and stops actors when the configuration changes, and tells the transports', async () => {
    const config = await baseConfig;
    const store = await MemoryConfigStore.create(config);
    const events: EngineEvent[] = [];
    const engine = createEngine({ configStore: store, ami: new FakeAmiPort(), clock: new ManualClock(0), logger: silentLogger });
    engine.subscribe((e) => events.push(e));
    engine.start();
    await store.replace({
      ...config,
      users: config.users.filter((u) => u.agentId !== 10),
      agents: [...config.agents.filter((a) => a.id !== 10), { id: 11, number: '1011', firstName: 'Kim', lastName: 'Lee', context: 'default' }],
    });
    expect(engine.agentState(10)).toBeUndefined();
    expect(engine.root.system.get('agent:10')).toBeUndefined();
    expect(engine.agentState(11)).toMatchObject({ name: 'AgentLoggedOut', agentId: 11 });
    expect(engine.root.system.get('agent:11')).toBeDefined();
    expect(events.filter((e) => e.kind === 'configChanged').map((e) => (e as { what: string }).what)).toEqual(['users', 'agents']);
    await engine.stop();
  });
});
