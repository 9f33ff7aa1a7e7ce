import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, loginAs, type Harness } from './support/harness.js';

const web = (command: string, args: Record<string, unknown> = {}) => ({ claz: 'web', command, ...args });

describe('lists and subscriptions, filtered by rights', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('getList queue/agent/queuemember/agentgroup show a supervisor only what it supervises', async () => {
    const sam = await loginAs(h, 'sam');
    const queues = await sam.request(web('getList', { objectType: 'queue' }), 'QueueList');
    expect(queues.ctiMessage).toEqual([{ id: 1, name: 'sales', displayName: 'Sales', number: '3001', context: 'default' }]);
    const agents = await sam.request(web('getList', { objectType: 'agent' }), 'AgentList');
    expect(agents.ctiMessage.map((a: any) => a.id)).toEqual([1, 2]);
    expect(agents.ctiMessage[0]).toEqual({ id: 1, userId: 1, firstName: 'Alice', lastName: 'Martin', number: '2001', context: 'default', groupId: 1 });
    const members = await sam.request(web('getList', { objectType: 'queuemember' }), 'QueueMemberList');
    expect(members.ctiMessage).toEqual([{ agentId: 1, queueId: 1, penalty: 0 }, { agentId: 2, queueId: 1, penalty: 0 }]);
    const groups = await sam.request(web('getList', { objectType: 'agentgroup' }), 'AgentGroupList');
    expect(groups.ctiMessage).toEqual([{ id: 1, name: 'sales-team', displayName: 'Sales team' }]);
    sam.close();
  });

  it('an admin sees everything; an agent sees its own agent and its queues', async () => {
    const root = await loginAs(h, 'root');
    expect((await root.request(web('getList', { objectType: 'agent' }), 'AgentList')).ctiMessage).toHaveLength(3);
    expect((await root.request(web('getList', { objectType: 'agentgroup' }), 'AgentGroupList')).ctiMessage).toEqual([
      { id: 1, name: 'sales-team', displayName: 'Sales team' },
      { id: 2, name: 'support-team' },
    ]);
    root.close();
    const carol = await loginAs(h, 'carol');
    expect((await carol.request(web('getList', { objectType: 'queue' }), 'QueueList')).ctiMessage.map((q: any) => q.name)).toEqual(['support']);
    expect((await carol.request(web('getList', { objectType: 'agent' }), 'AgentList')).ctiMessage.map((a: any) => a.id)).toEqual([3]);
    const from = carol.frames.length;
    carol.send(web('getAgentStates'));
    await carol.sync();
    const states = carol.frames.slice(from).filter((f) => f.msgType === 'AgentStateEvent');
    expect(states.map((f) => f.ctiMessage.agentId)).toEqual([3]);
    carol.close();
  });

  it('subscribeToAgentEvents delivers the supervised agents\' changes only', async () => {
    const sam = await loginAs(h, 'sam');
    sam.send(web('subscribeToAgentEvents'));
    await sam.sync();
    const from = sam.frames.length;
    h.engine.publish({ kind: 'agentState', agentId: 3, state: { name: 'AgentReady', agentId: 3, phoneNb: '1004', since: 0, queues: [2], cause: '' } });
    h.engine.publish({ kind: 'agentState', agentId: 2, state: { name: 'AgentReady', agentId: 2, phoneNb: '1002', since: 0, queues: [1], cause: '' } });
    const event = await sam.next('AgentStateEvent', () => true, from);
    expect(event.ctiMessage.agentId).toBe(2);
    expect(sam.frames.slice(from).filter((f) => f.msgType === 'AgentStateEvent').map((f) => f.ctiMessage.agentId)).toEqual([2]);
    sam.close();
  });

  it('subscribeToQueueStats sends every visible queue now, then live changes of those queues only', async () => {
    const sam = await loginAs(h, 'sam');
    const now = await sam.request(web('subscribeToQueueStats'), 'QueueStatistics');
    expect(now.ctiMessage).toMatchObject({ queueId: 1, queueRef: 'sales' });
    expect(now.ctiMessage.counters).toContainEqual({ statName: 'WaitingCalls', value: 0 });
    const from = sam.frames.length;
    h.engine.publish({ kind: 'queueLiveCounters', queueId: 2, counters: [{ statName: 'WaitingCalls', value: 9 }] });
    h.engine.publish({ kind: 'queueLiveCounters', queueId: 1, counters: [{ statName: 'WaitingCalls', value: 2 }] });
    const change = await sam.next('QueueStatistics', () => true, from);
    expect(change.ctiMessage).toEqual({ queueId: 1, counters: [{ statName: 'WaitingCalls', value: 2 }] });
    sam.close();
  });

  it('subscribeToQueueCalls sends the waiting calls now and on change; unSubscribeToQueueCalls stops them', async () => {
    const sam = await loginAs(h, 'sam');
    const now = await sam.request(web('subscribeToQueueCalls', { queueId: '1' }), 'QueueCalls');
    expect(now.ctiMessage).toEqual({ queueId: 1, calls: [] });
    const call = { position: 1, name: 'Jean Dupont', number: '0298765432', queueTime: '2016-09-12T08:15:02.000Z' };
    h.engine.publish({ kind: 'queueCalls', queueId: 1, calls: [call] });
    expect((await sam.next('QueueCalls', (m) => m.calls.length === 1)).ctiMessage).toEqual({ queueId: 1, calls: [call] });
    sam.send(web('unSubscribeToQueueCalls', { queueId: 1 }));
    await sam.sync();
    const from = sam.frames.length;
    h.engine.publish({ kind: 'queueCalls', queueId: 1, calls: [] });
    await sam.sync();
    expect(sam.frames.slice(from).map((f) => f.msgType)).toEqual(['Pong']);
    const forbidden = await sam.request(web('subscribeToQueueCalls', { queueId: 2 }), 'Error');
    expect(forbidden.ctiMessage).toMatchObject({ Error: 'Forbidden', command: 'subscribeToQueueCalls' });
    sam.close();
  });

  it('getAgentDirectory lists visible agents with their state', async () => {
    const sam = await loginAs(h, 'sam');
    const dir = await sam.request(web('getAgentDirectory'), 'AgentDirectory');
    expect(dir.ctiMessage.directory.map((d: any) => d.agent.id)).toEqual([1, 2]);
    expect(dir.ctiMessage.directory[0].agentState).toMatchObject({ agentId: 1 });
    sam.close();
  });
});

describe('membership changes and rights on commands', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('setAgentQueue and removeAgentFromQueue broadcast QueueMember (penalty -1 on removal)', async () => {
    const sam = await loginAs(h, 'sam');
    await sam.request(web('getList', { objectType: 'queuemember' }), 'QueueMemberList');
    const set = await sam.request(web('setAgentQueue', { agentId: 2, queueId: 1, penalty: '3' }), 'QueueMember');
    expect(set.ctiMessage).toEqual({ agentId: 2, queueId: 1, penalty: 3 });
    const removed = await sam.request(web('removeAgentFromQueue', { agentId: 2, queueId: 1 }), 'QueueMember', (m) => m.penalty < 0);
    expect(removed.ctiMessage).toEqual({ agentId: 2, queueId: 1, penalty: -1 });
    sam.close();
  });

  it('refuses with Forbidden what is outside the caller\'s rights, and changes nothing', async () => {
    const sam = await loginAs(h, 'sam');
    const alice = await loginAs(h, 'alice');
    const before = h.engine.commands.length;
    const cases: Array<[typeof sam, Record<string, unknown>]> = [
      [sam, web('setAgentQueue', { agentId: 3, queueId: 1, penalty: 0 })],
      [sam, web('setAgentQueue', { agentId: 2, queueId: 2, penalty: 0 })],
      [sam, web('pauseAgent', { agentid: 3 })],
      [sam, web('moveAgentsInGroup', { groupId: 2, fromQueueId: 2, fromPenalty: 0, toQueueId: 1, toPenalty: 0 })],
      [alice, web('pauseAgent', { agentid: 2 })],
      [alice, web('agentLogout', { agentid: 2 })],
      [alice, web('setAgentQueue', { agentId: 1, queueId: 1, penalty: 1 })],
      [alice, web('listenAgent', { agentid: 1 })],
      [alice, web('getList', { objectType: 'basequeuemember' })],
    ];
    for (const [client, frame] of cases) {
      const error = await client.request(frame, 'Error');
      expect(error.ctiMessage, JSON.stringify(frame)).toMatchObject({ Error: 'Forbidden', command: frame.command });
    }
    expect(h.engine.commands.length).toBe(before);
    sam.close();
    alice.close();
  });

  it('unknown agent, queue and group ids answer NotFound naming them', async () => {
    const root = await loginAs(h, 'root');
    const agent = await root.request(web('pauseAgent', { agentid: 99 }), 'Error');
    expect(agent.ctiMessage).toMatchObject({ Error: 'NotFound', message: 'unknown agent 99' });
    const queue = await root.request(web('setAgentQueue', { agentId: 1, queueId: 42, penalty: 0 }), 'Error');
    expect(queue.ctiMessage).toMatchObject({ Error: 'NotFound', message: 'unknown queue 42' });
    const group = await root.request(web('addAgentsNotInQueueFromGroupTo', { groupId: 7, queueId: 1, penalty: 0 }), 'Error');
    expect(group.ctiMessage).toMatchObject({ Error: 'NotFound', message: 'unknown agent group 7' });
    root.close();
  });

  it('group moves: moveAgentsInGroup moves, addAgentsNotInQueueFromGroupTo adds, removeAgentGroupFromQueueGroup removes', async () => {
    const root = await loginAs(h, 'root');
    await root.request(web('getList', { objectType: 'queuemember' }), 'QueueMemberList');
    const from = root.frames.length;
    root.send(web('moveAgentsInGroup', { groupId: 1, fromQueueId: 1, fromPenalty: 0, toQueueId: 2, toPenalty: 1 }));
    await root.sync();
    expect(root.frames.slice(from).filter((f) => f.msgType === 'QueueMember').map((f) => f.ctiMessage)).toEqual([
      { agentId: 1, queueId: 2, penalty: 1 },
      { agentId: 1, queueId: 1, penalty: -1 },
    ]);
    root.send(web('addAgentsNotInQueueFromGroupTo', { groupId: 1, queueId: 1, penalty: 4 }));
    root.send(web('removeAgentGroupFromQueueGroup', { groupId: 1, queueId: 2, penalty: 1 }));
    await root.sync();
    expect(h.engine.queueMembers()).toEqual(
      expect.arrayContaining([{ agentId: 1, queueId: 1, penalty: 4 }, { agentId: 2, queueId: 1, penalty: 4 }]),
    );
    expect(h.engine.queueMembers().filter((m) => m.queueId === 2).map((m) => m.agentId)).toEqual([3]);
    root.close();
  });
});
