import type { Agent, ContactCenterConfig, Line, Queue } from '../domain/contactCenterConfig.js';

/**
 * Asterisk names ↔ configuration entries. AMI speaks of `Local/1001@phones`, `1001` and `sales`;
 * clients speak of line 1, agent 1 and queue 1. Built once per configuration.
 */
export interface NameIndex {
  readonly config: ContactCenterConfig;
  lineByInterface(iface: string): Line | undefined;
  lineById(id: number): Line | undefined;
  lineByNumber(number: string): Line | undefined;
  agentByNumber(number: string): Agent | undefined;
  agentById(id: number): Agent | undefined;
  queueByName(name: string): Queue | undefined;
  queueById(id: number): Queue | undefined;
  /** The queue member interface of an agent (`pbx.agentMemberInterface` with `{number}` filled). */
  memberInterface(agent: Agent): string;
  /** The agent a queue member interface or member name stands for (`Local/1001@agents`, `Agent/1001`). */
  agentByMember(iface: string): Agent | undefined;
}

/** Case-insensitive technology/peer match: Asterisk reports `Local/1001@phones` as dialled. */
const norm = (s: string) => s.toLowerCase();

export function buildNameIndex(config: ContactCenterConfig): NameIndex {
  const byKey = <T, K>(list: readonly T[], key: (t: T) => K) => new Map(list.map((t) => [key(t), t] as const));
  const linesByIface = byKey(config.lines, (l) => norm(l.interface));
  const linesById = byKey(config.lines, (l) => l.id);
  const linesByNumber = byKey(config.lines, (l) => l.number);
  const agentsByNumber = byKey(config.agents, (a) => a.number);
  const agentsById = byKey(config.agents, (a) => a.id);
  const queuesByName = byKey(config.queues, (q) => q.name);
  const queuesById = byKey(config.queues, (q) => q.id);
  const template = config.pbx.agentMemberInterface;
  const memberInterface = (agent: Agent) => template.replaceAll('{number}', agent.number);
  const agentsByMember = new Map<string, Agent>();
  for (const agent of config.agents) {
    agentsByMember.set(norm(memberInterface(agent)), agent);
    agentsByMember.set(norm(`Agent/${agent.number}`), agent);
    agentsByMember.set(norm(`Agent:${agent.number}`), agent);
  }
  return {
    config,
    lineByInterface: (iface) => linesByIface.get(norm(iface)),
    lineById: (id) => linesById.get(id),
    lineByNumber: (number) => linesByNumber.get(number),
    agentByNumber: (number) => agentsByNumber.get(number),
    agentById: (id) => agentsById.get(id),
    queueByName: (name) => queuesByName.get(name),
    queueById: (id) => queuesById.get(id),
    memberInterface,
    agentByMember: (iface) => agentsByMember.get(norm(iface)),
  };
}

/** systemIds of the actors, one place so router, engine and commands agree. */
export const agentActorId = (agentId: number) => `agent:${agentId}`;
export const lineActorId = (iface: string) => `line:${iface}`;
export const queueActorId = (queueName: string) => `queue:${queueName}`;
