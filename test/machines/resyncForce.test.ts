import { describe, expect, it } from 'vitest';
import type { ResyncSnapshot } from '../../src/domain/domainEvents.js';
import { agentForceFor, lineForceFor, queueForceFor, resyncForces } from '../../src/machines/resyncForce.js';
import { call, caller, member } from './domainEventBuilders.js';

const snapshot: ResyncSnapshot = {
  lines: {
    'Local/1001@phones': [call('LOGIN', 'established', { channel: 'Local/1001@phones-00000000;1' }), call('U7', 'established')],
  },
  agents: {
    '1001': { loggedIn: true, lineInterface: 'Local/1001@phones', channel: 'Local/1001@phones-00000000;1', onCall: true },
    '1002': { loggedIn: false, onCall: false },
  },
  queues: {
    sales: { members: [member('1001', { inCall: true, status: 2 }), member('1002', { paused: true, pausedReason: 'break', status: 5 })], callers: [caller('C1', 1, 5)] },
  },
};

describe('resync snapshot cut into force events', () => {
  const forces = resyncForces(snapshot, 42);

  it('gives each agent its login, its memberships and the calls of its line without its login channel', () => {
    expect(agentForceFor(forces, '1001')).toEqual({
      type: 'agent.force',
      at: 42,
      loggedIn: true,
      lineInterface: 'Local/1001@phones',
      memberships: [{ queue: 'sales', paused: false, pausedReason: '', inCall: true }],
      calls: [snapshot.lines['Local/1001@phones'][1]],
      onCall: true,
    });
    expect(agentForceFor(forces, '1002')).toMatchObject({ loggedIn: false, calls: [], memberships: [{ queue: 'sales', paused: true, pausedReason: 'break', inCall: false }] });
  });

  it('forces actors the snapshot does not mention to empty: logged out, no calls, no members', () => {
    expect(agentForceFor(forces, '1009')).toEqual({ type: 'agent.force', at: 42, loggedIn: false, memberships: [], calls: [], onCall: false });
    expect(lineForceFor(forces, 'Local/1009@phones')).toEqual({ type: 'line.force', at: 42, calls: [] });
    expect(queueForceFor(forces, 'travels')).toEqual({ type: 'queue.force', at: 42, members: [], callers: [] });
  });

  it('gives each queue its members and callers', () => {
    expect(queueForceFor(forces, 'sales')).toMatchObject({ members: snapshot.queues.sales.members, callers: snapshot.queues.sales.callers });
  });
});
