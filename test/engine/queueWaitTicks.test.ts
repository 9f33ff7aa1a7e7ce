import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/actors/engine.js';
import { MemoryConfigStore, readContactCenterConfigFile } from '../../src/auth/memoryConfigStore.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { EngineEvent } from '../../src/domain/engineEvents.js';
import { silentLogger } from '../../src/log.js';
import { FakeAmiPort } from './fakeAmiPort.js';

const configPath = new URL('../../../shared/fixtures/ami/config.json', import.meta.url).pathname;
const store = readContactCenterConfigFile(configPath).then((config) => MemoryConfigStore.create(config));
const T0 = 1_800_000_000_000;
const SALES = 1;

/** A ManualClock that tells how many timers are pending: an idle engine must have none. */
class CountingClock extends ManualClock {
  readonly pending = new Set<number>();
  override setTimeout(fn: () => void, ms: number): number {
    const id = super.setTimeout(() => {
      this.pending.delete(id);
      fn();
    }, ms);
    this.pending.add(id);
    return id;
  }
  override clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
    super.clearTimeout(handle);
  }
}

async function setup() {
  const ami = new FakeAmiPort();
  const clock = new CountingClock(T0);
  const engine = createEngine({ configStore: await store, ami, clock, logger: silentLogger });
  const events: EngineEvent[] = [];
  engine.subscribe((e) => events.push(e));
  engine.start();
  return { engine, ami, clock, events };
}

const caller = { Channel: 'Local/0655443322@from-extern-00000001;1', Uniqueid: '9.1', CallerIDNum: '0655443322', CallerIDName: 'Paul Martin', Queue: 'sales' };
const counter = (engine: Awaited<ReturnType<typeof setup>>['engine'], statName: string) =>
  engine.queueLiveCounters(SALES).find((c) => c.statName === statName)?.value;
const published = (events: readonly EngineEvent[], statName: string) =>
  events.flatMap((e) => (e.kind === 'queueLiveCounters' && e.queueId === SALES ? e.counters.filter((c) => c.statName === statName).map((c) => c.value) : []));

describe('queue wait ticks: LongestWaitTime and EWT follow the clock while callers wait', () => {
  it('a caller waiting 7 s shows LongestWaitTime 7 without any AMI event, published every second', async () => {
    const { engine, ami, clock, events } = await setup();
    ami.emit({ Event: 'QueueCallerJoin', ...caller, Position: '1', Count: '1' }, T0);
    clock.advance(7_000);
    expect(counter(engine, 'LongestWaitTime')).toBe(7);
    expect(published(events, 'LongestWaitTime')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // No agent is logged in: EWT follows the wait too.
    expect(published(events, 'EWT').at(-1)).toBe(counter(engine, 'EWT'));
    expect(counter(engine, 'EWT')).toBeGreaterThan(0);
    await engine.stop();
  });

  it('an idle contact center runs no timer; the ticks stop once the last caller leaves', async () => {
    const { engine, ami, clock, events } = await setup();
    clock.advance(60_000);
    expect(clock.pending.size).toBe(0);
    expect(published(events, 'LongestWaitTime')).toEqual([]);
    ami.emit({ Event: 'QueueCallerJoin', ...caller, Position: '1', Count: '1' }, clock.now());
    clock.advance(3_000);
    ami.emit({ Event: 'QueueCallerAbandon', ...caller, Position: '1', OriginalPosition: '1', HoldTime: '3' }, clock.now());
    ami.emit({ Event: 'QueueCallerLeave', ...caller, Position: '1', Count: '0' }, clock.now());
    clock.advance(1_000);
    expect(clock.pending.size).toBe(0);
    expect(counter(engine, 'LongestWaitTime')).toBe(0);
    clock.advance(10_000);
    expect(published(events, 'LongestWaitTime')).toEqual([1, 2, 3, 0]);
    await engine.stop();
  });
});
