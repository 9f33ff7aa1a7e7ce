import type { LinkStatus } from '../domain/engineApi.js';
import type { AmiLinkStateName } from '../domain/engineEvents.js';

/**
 * Keeps the AMI link's status as the engine reports it (`/` status page, `linkStatus()`): state,
 * reconnections, resync timing and frame counters. Pure bookkeeping over the link's callbacks.
 */
export class LinkStatusTracker {
  private status: LinkStatus;
  private resyncStartedAt: number | undefined;
  private connectedOnce = false;

  constructor(state: AmiLinkStateName, since: number) {
    this.status = { state, since, reconnects: 0, eventsReceived: 0, unknownEvents: 0 };
  }

  onState(state: AmiLinkStateName, since: number): void {
    if (state === this.status.state) return;
    if (state === 'connecting' && this.connectedOnce) this.status.reconnects++;
    if (state === 'authenticating' || state === 'resyncing' || state === 'live') this.connectedOnce = true;
    if (state === 'resyncing') this.resyncStartedAt = since;
    this.status = { ...this.status, state, since };
  }

  onSnapshotApplied(at: number): void {
    const started = this.resyncStartedAt ?? at;
    this.status = { ...this.status, lastResyncAt: at, lastResyncDurationMs: Math.max(0, at - started) };
  }

  onFrame(unknownEvents: number): void {
    this.status.eventsReceived++;
    this.status.unknownEvents = unknownEvents;
  }

  current(): LinkStatus {
    return { ...this.status };
  }
}
