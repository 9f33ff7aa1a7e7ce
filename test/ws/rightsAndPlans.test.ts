import { describe, expect, it } from 'vitest';
import { canManageQueue, canSeeAgent, canSeeQueue } from '../../src/auth/rights.js';
import { parseConnectionUrl } from '../../src/transport/ws/connectionUrl.js';
import { planGroupAddition, planGroupMove, planGroupRemoval } from '../../src/transport/ws/groupMoves.js';
import { phoneStatusOf } from '../../src/transport/ws/phoneStatus.js';
import type { PhoneEventPayload } from '../../src/domain/xucMessages.js';
import { testContactCenter as config } from './support/testContactCenter.js';

const user = (name: string) => config.users.find((u) => u.username === name)!;
const view = { config, members: config.queueMembers };

describe('rights', () => {
  it('an agent sees only its own agent and the queues it is in', () => {
    expect([1, 2, 3].filter((a) => canSeeAgent(user('alice'), a, view))).toEqual([1]);
    expect([1, 2].filter((q) => canSeeQueue(user('alice'), q, view))).toEqual([1]);
    expect(canManageQueue(user('alice'), 1)).toBe(false);
  });

  it('a supervisor sees the agents of its groups and of its queues, and manages its queues only', () => {
    const sam = user('sam');
    expect([1, 2, 3].filter((a) => canSeeAgent(sam, a, view))).toEqual([1, 2]);
    // Carol joins a supervised queue: she becomes visible to sam.
    expect(canSeeAgent(sam, 3, { config, members: [{ agentId: 3, queueId: 1, penalty: 0 }] })).toBe(true);
    expect([1, 2].filter((q) => canManageQueue(sam, q))).toEqual([1]);
  });

  it('an admin sees and manages everything', () => {
    expect([1, 2, 3].every((a) => canSeeAgent(user('root'), a, view))).toBe(true);
    expect(canManageQueue(user('root'), 2)).toBe(true);
  });
});

describe('group membership plans', () => {
  const members = [
    { agentId: 1, queueId: 1, penalty: 0 },
    { agentId: 2, queueId: 1, penalty: 1 },
    { agentId: 3, queueId: 1, penalty: 0 },
  ];
  it('moveAgentsInGroup moves only the group\'s agents at the given penalty', () => {
    expect(planGroupMove(config.agents, members, { groupId: 1, fromQueueId: 1, fromPenalty: 0, toQueueId: 2, toPenalty: 3 }, false)).toEqual([
      { op: 'set', agentId: 1, queueId: 2, penalty: 3 },
      { op: 'remove', agentId: 1, queueId: 1 },
    ]);
  });
  it('addAgentsInGroup keeps them in the source', () => {
    expect(planGroupMove(config.agents, members, { groupId: 1, fromQueueId: 1, fromPenalty: 1, toQueueId: 2, toPenalty: 0 }, true)).toEqual([
      { op: 'set', agentId: 2, queueId: 2, penalty: 0 },
    ]);
  });
  it('removal and addition select by group, queue and penalty', () => {
    expect(planGroupRemoval(config.agents, members, { groupId: 1, queueId: 1, penalty: 0 })).toEqual([{ op: 'remove', agentId: 1, queueId: 1 }]);
    expect(planGroupAddition(config.agents, members, { groupId: 2, queueId: 2, penalty: 5 })).toEqual([{ op: 'set', agentId: 3, queueId: 2, penalty: 5 }]);
    expect(planGroupAddition(config.agents, members, { groupId: 1, queueId: 1, penalty: 5 })).toEqual([]);
  });
});

describe('connection URLs', () => {
  it('reads the password form on both paths, the amp; quirk, and "0" as no phone', () => {
    expect(parseConnectionUrl('/ctichannel?username=a&amp;agentNumber=0&amp;password=p%26q')).toEqual({
      kind: 'password', username: 'a', password: 'p&q', phoneNumber: '',
    });
    expect(parseConnectionUrl('/xuc/ctichannel/?username=a&agentNumber=1001&password=p')).toMatchObject({ phoneNumber: '1001' });
    expect(parseConnectionUrl('/xuc/ctichannel/tokenAuthentication?token=T')).toEqual({ kind: 'token', token: 'T' });
    expect(parseConnectionUrl('/xuc/api/2.0/cti?token=T')).toEqual({ kind: 'token', token: 'T' });
    expect(parseConnectionUrl('/other')).toEqual({ kind: 'notFound' });
  });
});

describe('phone status of a line', () => {
  const call = (eventType: PhoneEventPayload['eventType']): PhoneEventPayload => ({
    eventType, DN: '1001', otherDN: '1002', otherDName: '', linkedId: 'l', uniqueId: `u-${eventType}`, userData: {},
  });
  it.each([
    [[], 'AVAILABLE'],
    [[call('EventRinging')], 'RINGING'],
    [[call('EventDialing')], 'CALLING'],
    [[call('EventEstablished')], 'CALLING'],
    [[call('EventEstablished'), call('EventRinging')], 'BUSY_AND_RINGING'],
    [[call('EventOnHold')], 'ONHOLD'],
    [[call('EventReleased')], 'AVAILABLE'],
  ] as const)('%j → %s', (calls, status) => {
    expect(phoneStatusOf(calls)).toBe(status);
  });
});
