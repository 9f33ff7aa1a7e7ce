import { describe, expect, it } from 'vitest';
import { targetsOf } from '../../src/actors/amiRouter.js';
import { buildNameIndex } from '../../src/actors/nameIndex.js';
import { contactCenterConfigSchema } from '../../src/domain/contactCenterConfig.js';
import type { CallInfo, MemberState } from '../../src/domain/domainEvents.js';

const index = buildNameIndex(
  contactCenterConfigSchema.parse({
    pbx: { agentMemberInterface: 'Local/{number}@agents' },
    lines: [{ id: 1, interface: 'Local/1001@phones', number: '1001' }],
    agents: [{ id: 7, number: '1001' }],
    queues: [{ id: 3, name: 'sales' }],
  }),
);

const call: CallInfo = {
  uniqueId: '1.1', linkedId: '1.1', channel: 'Local/1001@phones-00000000;1', state: 'ringing',
  direction: 'Incoming', otherDN: '1002', otherDName: '', userData: {}, external: false,
};
const member: MemberState = {
  interface: 'Local/1001@agents', memberName: 'Agent/1001', stateInterface: 'Agent:1001', penalty: 0, paused: false,
  pausedReason: '', status: 1, inCall: false, callsTaken: 0, membership: 'dynamic',
};

describe('which actors a domain event concerns', () => {
  it('maps Asterisk names to configured actors, and drops what is not configured', () => {
    expect(targetsOf({ type: 'line.call', lineInterface: 'Local/1001@phones', call, at: 0 }, index)).toEqual(['line:Local/1001@phones']);
    expect(targetsOf({ type: 'line.call', lineInterface: 'Local/9999@phones', call, at: 0 }, index)).toEqual([]);
    expect(targetsOf({ type: 'agent.loggedOut', agentNumber: '1001', at: 0 }, index)).toEqual(['agent:7']);
    expect(targetsOf({ type: 'agent.loggedOut', agentNumber: '4242', at: 0 }, index)).toEqual([]);
    expect(targetsOf({ type: 'queue.callerLeft', queue: 'travels', uniqueId: 'x', count: 0, exit: 'answered', at: 0 }, index)).toEqual([]);
  });

  it('sends queue-call and membership facts to both the agent and the queue', () => {
    const acd = { type: 'agent.acd', agentNumber: '1001', phase: 'connected', queue: 'sales', callerUniqueId: 'c', callerIdNum: '06', callerIdName: 'X', at: 0 } as const;
    expect(targetsOf(acd, index)).toEqual(['agent:7', 'queue:sales']);
    // A member event without agentNumber is still an agent's when its interface is the agent's member interface.
    expect(targetsOf({ type: 'member.updated', queue: 'sales', member, at: 0 }, index)).toEqual(['queue:sales', 'agent:7']);
    expect(targetsOf({ type: 'member.removed', queue: 'sales', member: { ...member, interface: 'SIP/other' }, at: 0 }, index)).toEqual(['queue:sales']);
  });
});
