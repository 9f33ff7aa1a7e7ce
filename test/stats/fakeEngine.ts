import type { AmiFrame } from '../../src/domain/amiFrame.js';
import type { ConfigStore } from '../../src/domain/configStore.js';
import { type ContactCenterConfig, contactCenterConfigSchema } from '../../src/domain/contactCenterConfig.js';
import type { EngineEvent, EngineEventListener } from '../../src/domain/engineEvents.js';

/** The two things the statistics service takes from the engine, driven by the test. */
export class FakeEngine {
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
