import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallbackService, MembershipService, ServiceListener, StatsService } from '../../src/transport/ws/services.js';
import { startHarness, loginAs, type Harness } from './support/harness.js';

const web = (command: string, args: Record<string, unknown> = {}) => ({ claz: 'web', command, ...args });

describe('features owned by persistence and statistics, before they exist', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const commands: Array<[string, Record<string, unknown>]> = [
    ['getCallbackLists', {}],
    ['findCallbackRequest', { id: 1, request: { filters: [], offset: 0, limit: 10 } }],
    ['getCallbackPreferredPeriods', {}],
    ['takeCallback', { uuid: 'u' }],
    ['releaseCallback', { uuid: 'u' }],
    ['startCallback', { uuid: 'u', number: '0123' }],
    ['listenCallbackMessage', { voiceMessageRef: 'v' }],
    ['updateCallbackTicket', { uuid: 't', status: 'Answered' }],
    ['getUserDefaultMembership', { userId: 1 }],
    ['setUserDefaultMembership', { userId: 1, membership: [{ queueId: 1, penalty: 0 }] }],
    ['setUsersDefaultMembership', { userIds: [1], membership: [] }],
    ['applyUsersDefaultMembership', { userIds: [1] }],
    ['getList', { objectType: 'basequeuemember' }],
    ['getUserCallHistory', { size: 5 }],
    ['getAgentCallHistory', { size: 5 }],
    ['getQueueCallHistory', { queue: 'sales', size: 5 }],
    ['findCustomerCallHistory', { id: 1, request: { filters: [], size: 10 } }],
    ['getUserCallHistoryByDays', { days: 7 }],
    ['directoryLookUp', { term: 'pie' }],
    ['getFavorites', {}],
    ['addFavorite', { contactId: '1', source: 'internal' }],
    ['removeFavorite', { contactId: '1', source: 'internal' }],
    ['subscribeToAgentStats', {}],
    ['getQueueStatistics', { queueId: 1, window: 3600, xqos: 30 }],
  ];

  it.each(commands)('%s answers Error NotAvailable, never silence', async (command, args) => {
    const root = await loginAs(h, 'root');
    const error = await root.request(web(command, args), 'Error');
    expect(error.ctiMessage).toMatchObject({ Error: 'NotAvailable', command });
    expect(error.ctiMessage.message).toMatch(/is not available/);
    root.close();
  });
});

describe('with services plugged in', () => {
  let h: Harness;
  const listeners = new Set<ServiceListener>();
  const stored = new Map<number, Array<{ queueId: number; penalty: number }>>();
  const membership: MembershipService = {
    get: async (userId) => stored.get(userId) ?? [],
    all: async () => [...stored].map(([userId, m]) => ({ userId, membership: m })),
    set: async (userId, m) => void stored.set(userId, m),
    apply: async () => {},
  };
  const callbacks: Partial<CallbackService> = {
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    take: async (caller, uuid) => listeners.forEach((l) => l({ msgType: 'CallbackTaken', ctiMessage: { uuid, agentId: caller.agentId }, scope: { queueId: 1 } })),
  };
  const stats: StatsService = {
    queueCounters: () => [{ statName: 'TotalNumberCallsEntered', value: 12 }],
    queueWindow: () => [{ statName: 'TotalNumberCallsAnswered', value: 3 }],
    agentStatistics: (id) => ({ id, statistics: [{ name: 'InbCalls', value: 4 }] }),
    subscribe: () => () => {},
  };
  beforeAll(async () => {
    h = await startHarness({}, { services: { membership, callbacks: callbacks as CallbackService, stats } });
  });
  afterAll(() => h.close());

  it('default membership round-trips through the service', async () => {
    const sam = await loginAs(h, 'sam');
    await sam.request(web('setUserDefaultMembership', { userId: 1, membership: [{ queueId: '1', penalty: 2 }] }), 'UserQueueDefaultMembership');
    const got = await sam.request(web('getUserDefaultMembership', { userId: 1 }), 'UserQueueDefaultMembership');
    expect(got.ctiMessage).toEqual({ userId: 1, membership: [{ queueId: 1, penalty: 2 }] });
    sam.close();
  });

  it('a service broadcast reaches the sessions that may see its queue only', async () => {
    const alice = await loginAs(h, 'alice');
    const sam = await loginAs(h, 'sam');
    const carol = await loginAs(h, 'carol');
    alice.send(web('takeCallback', { uuid: 'cb-1' }));
    expect((await sam.next('CallbackTaken')).ctiMessage).toEqual({ uuid: 'cb-1', agentId: 1 });
    await alice.next('CallbackTaken');
    await carol.sync();
    expect(carol.frames.some((f) => f.msgType === 'CallbackTaken')).toBe(false);
    [alice, sam, carol].forEach((c) => c.close());
  });

  it('queue statistics carry the live counters and the daily ones; agent statistics come from the service', async () => {
    const sam = await loginAs(h, 'sam');
    const queue = await sam.request(web('subscribeToQueueStats'), 'QueueStatistics');
    expect(queue.ctiMessage.counters).toContainEqual({ statName: 'TotalNumberCallsEntered', value: 12 });
    expect(queue.ctiMessage.counters).toContainEqual({ statName: 'WaitingCalls', value: 0 });
    const agents = await sam.request(web('subscribeToAgentStats'), 'AgentStatistics');
    expect(agents.ctiMessage).toEqual({ id: 1, statistics: [{ name: 'InbCalls', value: 4 }] });
    const window = await sam.request(web('getQueueStatistics', { queueId: 1, window: 3600, xqos: 30 }), 'QueueStatistics');
    expect(window.ctiMessage.counters).toEqual([{ statName: 'TotalNumberCallsAnswered', value: 3 }]);
    sam.close();
  });
});
