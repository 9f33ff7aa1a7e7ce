import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/actors/engine.js';
import { MemoryConfigStore, readContactCenterConfigFile } from '../../src/auth/memoryConfigStore.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { AgentStatePayload } from '../../src/domain/xucMessages.js';
import { silentLogger } from '../../src/log.js';
import { FakeAmiPort } from './fakeAmiPort.js';

const configPath = new URL('../../../shared/fixtures/ami/config.json', import.meta.url).pathname;
const store = readContactCenterConfigFile(configPath).then((config) => MemoryConfigStore.create(config));
const T0 = 1_800_000_000_000;

const caller = { Channel: 'Local/0601020304@from-extern-00000001;1', Uniqueid: '9.1', Linkedid: '9.1', CallerIDNum: '0601020304', CallerIDName: 'Jean Dupont' };
const memberLeg = { DestChannel: 'Local/1001@agents-00000002;1', DestUniqueid: '9.3', DestLinkedid: '9.1', Queue: 'sales', Interface: 'Local/1001@agents', MemberName: 'Agent/1001' };
const member = { Queue: 'sales', MemberName: 'Agent/1001', Interface: 'Local/1001@agents', StateInterface: 'Agent:1001', Membership: 'dynamic', Penalty: '0', CallsTaken: '0', InCall: '0', Status: '1', Paused: '0', PausedReason: '' };

/**
 * The agents' `since` (from the event times and the spawn time) and their wrap-up timer (XState's
 * `after`, on the actor system's clock) must both follow the engine's injected clock.
 */
describe('agent time follows the injected clock', () => {
  it('since counts from spawn, events and the wrap-up timer, all on the ManualClock', async () => {
    const ami = new FakeAmiPort();
    const clock = new ManualClock(T0);
    const engine = createEngine({ configStore: await store, ami, clock, logger: silentLogger });
    const published: Array<{ at: number; state: AgentStatePayload }> = [];
    engine.subscribe((e) => {
      if (e.kind === 'agentState' && e.agentId === 1) published.push({ at: clock.now(), state: e.state });
    });
    engine.start();
    const at = (ms: number) => {
      clock.set(T0 + ms);
      return clock.now();
    };

    // Spawned at T0: logged out for 42 s.
    at(42_000);
    expect(engine.agentState(1)).toMatchObject({ name: 'AgentLoggedOut', since: 42 });

    ami.emit({ Event: 'AgentLogin', Channel: 'Local/1001@phones-00000000;1', Uniqueid: '1.1', Linkedid: '1.1', Agent: '1001' }, at(50_000));
    ami.emit({ Event: 'QueueMemberAdded', ...member }, at(50_000));
    ami.emit({ Event: 'DeviceStateChange', Device: 'Agent:1001', State: 'NOT_INUSE' }, at(55_000));
    at(58_000);
    expect(engine.agentState(1)).toMatchObject({ name: 'AgentReady', since: 3 });

    ami.emit({ Event: 'AgentCalled', ...caller, ...memberLeg }, at(60_000));
    ami.emit({ Event: 'AgentConnect', ...caller, ...memberLeg, HoldTime: '0', RingTime: '0' }, at(60_400));
    ami.emit({ Event: 'AgentComplete', ...caller, ...memberLeg, HoldTime: '0', TalkTime: '3', Reason: 'caller' }, at(63_400));
    at(66_400);
    expect(engine.agentState(1)).toMatchObject({ name: 'AgentOnWrapup', since: 3 });

    // sales has a 5 s wrap-up: the timer ends it exactly 5 s after the call, on the same clock.
    at(75_000);
    const ready = published.at(-1)!;
    expect(ready.state).toMatchObject({ name: 'AgentReady', since: 0 });
    expect(ready.at).toBe(T0 + 68_400);
    expect(engine.agentState(1)).toMatchObject({ name: 'AgentReady', since: 6 });
    await engine.stop();
  });
});
