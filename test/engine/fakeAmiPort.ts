import type { AmiAction, AmiFrame, AmiSnapshot } from '../../src/domain/amiFrame.js';
import type { AmiPort } from '../../src/domain/amiPort.js';
import type { AmiLinkStateName } from '../../src/domain/engineEvents.js';
import { XucError } from '../../src/errors.js';

/**
 * An in-memory AmiPort for engine unit tests: records actions, answers them as told, and lets the
 * test push frames and snapshots. Acceptance tests use the real AmiLink over TCP instead.
 */
export class FakeAmiPort implements AmiPort {
  readonly actions: AmiAction[] = [];
  answer: (action: AmiAction) => 'Success' | 'Error' = () => 'Success';
  private linkState: AmiLinkStateName = 'live';
  private readonly events = new Set<(frame: AmiFrame, at: number) => void>();
  private readonly snapshots = new Set<(s: AmiSnapshot, info: { restart: boolean }) => void | Promise<void>>();
  private readonly states = new Set<(s: AmiLinkStateName, since: number) => void>();

  start(): void {}
  async stop(): Promise<void> {
    this.setState('stopped', 0);
  }
  state(): AmiLinkStateName {
    return this.linkState;
  }
  async action(action: AmiAction): Promise<AmiFrame> {
    if (this.linkState !== 'live') throw new XucError('XUC_ERR_AMI_DOWN');
    this.actions.push(action);
    const response = this.answer(action);
    if (response === 'Error') throw new XucError('XUC_ERR_AMI_REFUSED', { action: action.Action, detail: 'refused' });
    return { kind: 'response', name: 'Success', fields: { Response: 'Success' }, headers: [['Response', 'Success']] };
  }
  async listAction(action: AmiAction): Promise<{ response: AmiFrame; events: AmiFrame[] }> {
    return { response: await this.action(action), events: [] };
  }
  onEvent(listener: (frame: AmiFrame, at: number) => void): () => void {
    this.events.add(listener);
    return () => this.events.delete(listener);
  }
  onSnapshot(handler: (s: AmiSnapshot, info: { restart: boolean }) => void | Promise<void>): () => void {
    this.snapshots.add(handler);
    return () => this.snapshots.delete(handler);
  }
  onStateChange(listener: (s: AmiLinkStateName, since: number) => void): () => void {
    this.states.add(listener);
    return () => this.states.delete(listener);
  }

  /** Delivers a live event built from `Header: value` pairs. */
  emit(headers: Record<string, string>, at = 0): void {
    const list = Object.entries(headers) as Array<[string, string]>;
    const frame: AmiFrame = { kind: 'event', name: headers.Event ?? '', fields: headers, headers: list };
    for (const l of this.events) l(frame, at);
  }
  /** Delivers a parsed live frame. */
  emitFrame(frame: AmiFrame, at = 0): void {
    for (const l of this.events) l(frame, at);
  }
  async snapshot(snapshot: AmiSnapshot, restart = false): Promise<void> {
    for (const h of this.snapshots) await h(snapshot, { restart });
  }
  setState(state: AmiLinkStateName, since: number): void {
    this.linkState = state;
    for (const l of this.states) l(state, since);
  }
}
