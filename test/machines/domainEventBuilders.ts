import type { CallInfo, MemberState, QueueCaller } from '../../src/domain/domainEvents.js';
import { nameDirectoryFrom } from '../../src/machines/nameDirectory.js';

/**
 * Domain events shaped like the fixtures' recordings (shared/fixtures/ami): agents 1001..1010 on
 * lines `Local/<n>@phones`, members `Local/<n>@agents` / `Agent/<n>`, queues sales (wrap-up 5 s)
 * and support (none), ids as in fixtures/ami/config.json.
 */
export const directory = nameDirectoryFrom({
  queues: [
    { id: 1, name: 'sales', wrapUpTime: 5 },
    { id: 2, name: 'support', wrapUpTime: 0 },
    { id: 3, name: 'travels', wrapUpTime: 0 },
  ],
  lines: Array.from({ length: 10 }, (_, i) => ({ interface: `Local/${1001 + i}@phones`, number: String(1001 + i) })),
  agents: Array.from({ length: 10 }, (_, i) => ({ id: i + 1, number: String(1001 + i) })),
});

export const queueIds = { sales: 1, support: 2, travels: 3 } as const;

export function member(agentNumber: string, overrides: Partial<MemberState> = {}): MemberState {
  return {
    interface: `Local/${agentNumber}@agents`,
    memberName: `Agent/${agentNumber}`,
    stateInterface: `Agent:${agentNumber}`,
    agentNumber,
    penalty: 0,
    paused: false,
    pausedReason: '',
    status: 1,
    inCall: false,
    callsTaken: 0,
    membership: 'dynamic',
    ...overrides,
  };
}

export function call(uniqueId: string, state: CallInfo['state'], overrides: Partial<CallInfo> = {}): CallInfo {
  return {
    uniqueId,
    linkedId: uniqueId,
    channel: `Local/1001@phones-0000000${uniqueId.slice(-1)};1`,
    state,
    direction: 'Incoming',
    otherDN: '0601020304',
    otherDName: 'Jean Dupont',
    userData: {},
    external: true,
    ...overrides,
  };
}

export function caller(uniqueId: string, position: number, joinedAt: number, overrides: Partial<QueueCaller> = {}): QueueCaller {
  return {
    uniqueId,
    channel: `Local/0601020304@from-extern-0000000${position};1`,
    callerIdNum: '0601020304',
    callerIdName: 'Jean Dupont',
    position,
    joinedAt,
    ...overrides,
  };
}

/** An `agent.acd` event of app_queue for agent `agentNumber`. */
export function acd(
  agentNumber: string,
  phase: 'called' | 'connected' | 'completed' | 'ringNoAnswer',
  at: number,
  queue = 'sales',
  callerUniqueId = 'caller-1',
) {
  return {
    type: 'agent.acd' as const,
    agentNumber,
    phase,
    queue,
    callerUniqueId,
    callerIdNum: '0601020304',
    callerIdName: 'Jean Dupont',
    at,
  };
}
