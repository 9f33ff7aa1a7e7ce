import { EngineBus } from '../../../src/actors/engineBus.js';
import type { ConfigStore } from '../../../src/domain/configStore.js';
import type { EngineApi, LinkStatus } from '../../../src/domain/engineApi.js';
import type { EngineEvent, EngineEventListener } from '../../../src/domain/engineEvents.js';
import type {
  AgentStateName,
  AgentStatePayload,
  PhoneEventPayload,
  PhoneEventType,
  QueueCallPayload,
  QueueMemberPayload,
  StatCounter,
} from '../../../src/domain/xucMessages.js';
import { XucError } from '../../../src/errors.js';

/**
 * An in-memory engine that keeps the EngineApi contract: commands are checked against the
 * state, reject with the same XucErrors the real engine uses, and publish the events Asterisk
 * would have caused. The transports' tests run on it until they run on the real engine.
 */
export class EngineDouble implements EngineApi {
  readonly bus = new EngineBus();
  private readonly agents = new Map<number, AgentStatePayload>();
  private members: QueueMemberPayload[];
  private readonly calls = new Map<number, Map<string, PhoneEventPayload>>();
  private readonly counters = new Map<number, StatCounter[]>();
  private readonly waiting = new Map<number, QueueCallPayload[]>();
  private nextCall = 1;
  /** Every command received, in order (name and arguments). */
  readonly commands: Array<{ name: string; args: unknown }> = [];

  constructor(private readonly configStore: ConfigStore) {
    const config = configStore.current();
    for (const a of config.agents) this.agents.set(a.id, state('AgentLoggedOut', a.id, '', []));
    this.members = config.queueMembers.map((m) => ({ agentId: m.agentId, queueId: m.queueId, penalty: m.penalty }));
  }

  // Queries
  agentStates = () => [...this.agents.values()];
  agentState = (agentId: number) => this.agents.get(agentId);
  currentCalls = (lineId: number) => [...(this.calls.get(lineId)?.values() ?? [])];
  queueMembers = () => this.members.filter((m) => m.penalty >= 0);
  queueLiveCounters = (queueId: number) =>
    this.counters.get(queueId) ?? [
      { statName: 'WaitingCalls', value: 0 },
      { statName: 'LongestWaitTime', value: 0 },
      { statName: 'AvailableAgents', value: 0 },
    ];
  queueCalls = (queueId: number) => this.waiting.get(queueId) ?? [];
  linkStatus = (): LinkStatus => ({ state: 'live', since: 0, reconnects: 0, eventsReceived: 0, unknownEvents: 0 });

  subscribe(listener: EngineEventListener): () => void {
    return this.bus.subscribe(listener);
  }
  onAmiFrame(): () => void {
    return () => {};
  }

  /** Publishes an event as the engine would (tests drive queues and calls with it). */
  publish(event: EngineEvent): void {
    if (event.kind === 'agentState') this.agents.set(event.agentId, event.state);
    if (event.kind === 'queueLiveCounters') this.counters.set(event.queueId, event.counters);
    if (event.kind === 'queueCalls') this.waiting.set(event.queueId, event.calls);
    this.bus.publish(event);
  }

  /** An incoming call ringing on a line. */
  ring(lineId: number, from: string, userData: Record<string, string> = {}): string {
    return this.phone(lineId, 'EventRinging', from, `${1_500_000_000 + this.nextCall++}.1`, userData);
  }

  // Agent commands
  async agentLogin(cmd: { agentId: number; phoneNumber: string }) {
    this.record('agentLogin', cmd);
    const current = this.agent(cmd.agentId);
    const line = this.configStore.current().lines.find((l) => l.number === cmd.phoneNumber);
    if (!line) throw new XucError('XUC_ERR_PHONE_NUMBER_UNKNOWN', { phoneNb: cmd.phoneNumber });
    if (current.name !== 'AgentLoggedOut' && current.phoneNb !== cmd.phoneNumber) {
      throw new XucError('XUC_ERR_LOGGED_IN_ON_ANOTHER_PHONE', { phoneNb: current.phoneNb, requestedNb: cmd.phoneNumber });
    }
    for (const other of this.agents.values()) {
      if (other.agentId !== cmd.agentId && other.phoneNb === cmd.phoneNumber && other.name !== 'AgentLoggedOut') {
        this.setState(other.agentId, 'AgentLoggedOut', '', '');
      }
    }
    this.setState(cmd.agentId, 'AgentLogin', cmd.phoneNumber, '');
    this.setState(cmd.agentId, 'AgentReady', cmd.phoneNumber, '');
  }
  async agentLogout(cmd: { agentId: number }) {
    this.record('agentLogout', cmd);
    this.loggedIn(cmd.agentId, 'log out');
    this.setState(cmd.agentId, 'AgentLoggedOut', '', '');
  }
  async pauseAgent(cmd: { agentId: number; reason?: string }) {
    this.record('pauseAgent', cmd);
    const a = this.loggedIn(cmd.agentId, 'pause');
    this.setState(cmd.agentId, 'AgentOnPause', a.phoneNb, cmd.reason ?? '');
  }
  async unpauseAgent(cmd: { agentId: number }) {
    this.record('unpauseAgent', cmd);
    const a = this.loggedIn(cmd.agentId, 'unpause');
    this.setState(cmd.agentId, 'AgentReady', a.phoneNb, '');
  }
  async listenAgent(cmd: { agentId: number; listenerLineId: number }) {
    this.record('listenAgent', cmd);
    const a = this.agent(cmd.agentId);
    if (!['AgentOnCall', 'AgentRinging', 'AgentDialing'].includes(a.name)) {
      throw new XucError('XUC_ERR_INVALID_STATE', { action: 'listen', state: a.name });
    }
    const number = this.configStore.current().lines.find((l) => l.id === cmd.listenerLineId)?.number ?? '';
    this.bus.publish({ kind: 'agentListen', agentId: cmd.agentId, listen: { started: true, phoneNumber: number, agentId: cmd.agentId } });
  }
  async monitorPause(cmd: { agentId: number }) {
    this.record('monitorPause', cmd);
    this.monitor(cmd.agentId, 'PAUSED');
  }
  async monitorUnpause(cmd: { agentId: number }) {
    this.record('monitorUnpause', cmd);
    this.monitor(cmd.agentId, 'ACTIVE');
  }
  async setAgentQueue(cmd: { agentId: number; queueId: number; penalty: number }) {
    this.record('setAgentQueue', cmd);
    this.agent(cmd.agentId);
    this.queue(cmd.queueId);
    this.members = [...this.members.filter((m) => !(m.agentId === cmd.agentId && m.queueId === cmd.queueId)), { ...cmd }];
    this.bus.publish({ kind: 'queueMember', member: { ...cmd } });
  }
  async removeAgentFromQueue(cmd: { agentId: number; queueId: number }) {
    this.record('removeAgentFromQueue', cmd);
    this.agent(cmd.agentId);
    this.queue(cmd.queueId);
    if (!this.members.some((m) => m.agentId === cmd.agentId && m.queueId === cmd.queueId && m.penalty >= 0)) {
      throw new XucError('XUC_ERR_CONFLICT', { detail: `agent ${cmd.agentId} is not in queue ${cmd.queueId}` });
    }
    this.members = this.members.filter((m) => !(m.agentId === cmd.agentId && m.queueId === cmd.queueId));
    this.bus.publish({ kind: 'queueMember', member: { ...cmd, penalty: -1 } });
  }

  // Phone commands
  async dial(cmd: { lineId: number; destination: string; variables?: Record<string, string> }) {
    this.record('dial', cmd);
    this.line(cmd.lineId);
    this.phone(cmd.lineId, 'EventDialing', cmd.destination, `${1_500_000_000 + this.nextCall++}.1`, cmd.variables ?? {});
  }
  async dialFromNumber(cmd: { from: string; destination: string }) {
    this.record('dialFromNumber', cmd);
  }
  async dialFromQueue(cmd: { queueId: number; destination: string }) {
    this.record('dialFromQueue', cmd);
    this.queue(cmd.queueId);
  }
  async answer(cmd: { lineId: number; uniqueId?: string }) {
    this.record('answer', cmd);
    const call = this.call(cmd.lineId, 'answer', cmd.uniqueId, 'EventRinging');
    this.phone(cmd.lineId, 'EventEstablished', call.otherDN, call.uniqueId, call.userData);
  }
  async hangup(cmd: { lineId: number; uniqueId?: string }) {
    this.record('hangup', cmd);
    const call = this.call(cmd.lineId, 'hang up', cmd.uniqueId);
    this.phone(cmd.lineId, 'EventReleased', call.otherDN, call.uniqueId, call.userData);
  }
  async hold(cmd: { lineId: number; uniqueId?: string }) {
    this.record('hold', cmd);
    const call = this.call(cmd.lineId, 'hold', cmd.uniqueId);
    const next: PhoneEventType = call.eventType === 'EventOnHold' ? 'EventEstablished' : 'EventOnHold';
    this.phone(cmd.lineId, next, call.otherDN, call.uniqueId, call.userData);
  }
  async directTransfer(cmd: { lineId: number; destination: string }) {
    this.record('directTransfer', cmd);
    this.call(cmd.lineId, 'transfer');
  }
  async attendedTransfer(cmd: { lineId: number; destination: string }) {
    this.record('attendedTransfer', cmd);
    this.call(cmd.lineId, 'transfer');
  }
  async completeTransfer(cmd: { lineId: number }) {
    this.record('completeTransfer', cmd);
    this.call(cmd.lineId, 'complete a transfer');
  }
  async cancelTransfer(cmd: { lineId: number }) {
    this.record('cancelTransfer', cmd);
    this.call(cmd.lineId, 'cancel a transfer');
  }
  async conference(cmd: { lineId: number }) {
    this.record('conference', cmd);
    this.call(cmd.lineId, 'start a conference');
  }
  async setData(cmd: { lineId: number; variables: Record<string, string> }) {
    this.record('setData', cmd);
    this.call(cmd.lineId, 'attach data');
  }
  async sendDtmf(cmd: { lineId: number; key: string }) {
    this.record('sendDtmf', cmd);
    this.call(cmd.lineId, 'send DTMF');
  }

  private record(name: string, args: unknown) {
    this.commands.push({ name, args });
  }
  private agent(agentId: number): AgentStatePayload {
    const a = this.agents.get(agentId);
    if (!a) throw new XucError('XUC_ERR_UNKNOWN_AGENT', { agent: agentId });
    return a;
  }
  private loggedIn(agentId: number, action: string): AgentStatePayload {
    const a = this.agent(agentId);
    if (a.name === 'AgentLoggedOut') throw new XucError('XUC_ERR_INVALID_STATE', { action, state: a.name });
    return a;
  }
  private queue(queueId: number) {
    if (!this.configStore.current().queues.some((q) => q.id === queueId)) throw new XucError('XUC_ERR_UNKNOWN_QUEUE', { queue: queueId });
  }
  private line(lineId: number) {
    const line = this.configStore.current().lines.find((l) => l.id === lineId);
    if (!line) throw new XucError('XUC_ERR_UNKNOWN_LINE', { line: lineId });
    return line;
  }
  private call(lineId: number, action: string, uniqueId?: string, type?: PhoneEventType): PhoneEventPayload {
    const call = this.currentCalls(lineId).find((c) => (uniqueId ? c.uniqueId === uniqueId : !type || c.eventType === type));
    if (!call) throw new XucError('XUC_ERR_NO_CALL', { action, line: lineId });
    return call;
  }
  private monitor(agentId: number, monitorState: 'ACTIVE' | 'PAUSED') {
    const a = this.agent(agentId);
    if (a.name !== 'AgentOnCall') throw new XucError('XUC_ERR_INVALID_STATE', { action: 'pause recording', state: a.name });
    this.publish({ kind: 'agentState', agentId, state: { ...a, monitorState } });
  }
  private setState(agentId: number, name: AgentStateName, phoneNb: string, cause: string) {
    const queues = this.members.filter((m) => m.agentId === agentId && m.penalty >= 0).map((m) => m.queueId);
    this.publish({ kind: 'agentState', agentId, state: state(name, agentId, phoneNb, queues, cause) });
  }
  private phone(lineId: number, eventType: PhoneEventType, otherDN: string, uniqueId: string, userData: Record<string, string>): string {
    const line = this.line(lineId);
    const event: PhoneEventPayload = { eventType, DN: line.number, otherDN, otherDName: '', linkedId: uniqueId, uniqueId, userData };
    const calls = this.calls.get(lineId) ?? new Map<string, PhoneEventPayload>();
    if (eventType === 'EventReleased') calls.delete(uniqueId);
    else calls.set(uniqueId, event);
    this.calls.set(lineId, calls);
    this.bus.publish({ kind: 'phoneEvent', lineId, event });
    return uniqueId;
  }
}

const state = (name: AgentStateName, agentId: number, phoneNb: string, queues: number[], cause = ''): AgentStatePayload => ({
  name,
  agentId,
  phoneNb,
  since: 0,
  queues,
  cause,
});
