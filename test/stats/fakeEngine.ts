import type { AmiFrame } from '../../src/domain/amiFrame.js';
import type { ConfigStore } from '../../src/domain/configStore.js';
import { type ContactCenterConfig, contactCenterConfigSchema } from '../../src/domain/contactCenterConfig.js';
import type { LinkStatus } from '../../src/domain/engineApi.js';
import type { EngineEvent, EngineEventListener } from '../../src/domain/engineEvents.js';
import type { AgentStatePayload } from '../../src/domain/xucMessages.js';

/** What the statistics service takes from the engine, driven by the test. */
export class FakeEngine {
  /** The engine's current agent states (read at start and after each synchronisation). */
  agents: AgentStatePayload[] = [];
  link: LinkStatus['state'] = 'live';
  private readonly frameListeners = new Set<(frame: AmiFrame, receivedAt: number) => void>();
  private readonly eventListeners = new Set<EngineEventListener>();

  onAmiFrame(listener: (frame: AmiFrame, receivedAt: number) => void): () => void {
    this.frameListeners.add(listener);
    return () => void this.frameListeners.delete(listener);
  }

  subscribe(listener: EngineEventListener): () => void {
    this.eventListeners.add(listener);
    return () => void this.eventListeners.delete(listener);
  }

  agentStates = (): AgentStatePayload[] => this.agents;

  linkStatus = (): LinkStatus => ({ state: this.link, since: 0, reconnects: 0, eventsReceived: 0, unknownEvents: 0 });

  frame(frame: AmiFrame, receivedAt: number): void {
    for (const l of this.frameListeners) l(frame, receivedAt);
  }

  publish(event: EngineEvent): void {
    for (const l of this.eventListeners) l(event);
  }
}

export const fixedConfigStore = (raw: unknown): ConfigStore => {
  const config: ContactCenterConfig = contactCenterConfigSchema.parse(raw);
  return { current: () => config, onChange: () => () => undefined };
};

/** An AMI event frame built from its fields, as the AMI link would deliver it. */
export function amiEvent(name: string, fields: Record<string, string>): AmiFrame {
  const all = { Event: name, ...fields };
  return { kind: 'event', name, fields: all, headers: Object.entries(all) };
}
