import { describe, expect, it } from 'vitest';
import { startHarness, loginAs } from './support/harness.js';

const readyEvent = (agentId: number, since: number) => ({
  kind: 'agentState' as const,
  agentId,
  state: { name: 'AgentReady' as const, agentId, phoneNb: '1004', since, queues: [2], cause: '' },
});

describe('configuration changes while connected', () => {
  it('new rights apply without reconnecting, and a removed user is disconnected with 4003', async () => {
    const h = await startHarness();
    try {
      const sam = await loginAs(h, 'sam');
      sam.send({ claz: 'web', command: 'subscribeToAgentEvents' });
      await sam.sync();
      h.engine.publish(readyEvent(3, 1));
      await sam.sync();
      expect(sam.frames.some((f) => f.msgType === 'AgentStateEvent')).toBe(false);

      const config = h.store.current();
      await h.store.replace({
        ...config,
        users: config.users.map((u) => (u.username === 'sam' ? { ...u, supervises: { groups: [1, 2], queues: [1] } } : u)),
      });
      h.engine.publish(readyEvent(3, 2));
      expect((await sam.next('AgentStateEvent')).ctiMessage).toMatchObject({ agentId: 3, since: 2 });

      await h.store.replace({ ...h.store.current(), users: h.store.current().users.filter((u) => u.username !== 'sam') });
      expect(await sam.waitClosed()).toEqual({ code: 4003, reason: 'user removed from the configuration' });
    } finally {
      await h.close();
    }
  });
});
