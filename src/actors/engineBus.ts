import type { EngineEvent, EngineEventListener } from '../domain/engineEvents.js';

/**
 * The in-process bus the transports subscribe to. Publishing is synchronous and in order;
 * a listener that throws is isolated so one faulty subscriber never stops the others.
 */
export class EngineBus {
  private readonly listeners = new Set<EngineEventListener>();

  constructor(private readonly onListenerError: (error: unknown, event: EngineEvent) => void = () => {}) {}

  subscribe(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
