import type { AmiFrame } from '../../domain/amiFrame.js';
import type { Clock } from '../../domain/clock.js';
import { XucError } from '../../errors.js';

/** What an action resolves with: its response and, for event-list actions, the list items. */
export interface ActionResult {
  readonly response: AmiFrame;
  /** List items in arrival order, without the closing `…Complete` event. */
  readonly events: AmiFrame[];
}

/** What became of a frame that carries an ActionID. */
export type Correlation = 'matched' | 'late' | 'orphan';

interface Pending {
  readonly action: string;
  readonly list: boolean;
  readonly timeoutMs: number;
  timer: unknown;
  response: AmiFrame | undefined;
  readonly events: AmiFrame[];
  readonly resolve: (result: ActionResult) => void;
  readonly reject: (error: XucError) => void;
}

/** How many expired ActionIDs are remembered to tell a late answer from a stranger's. */
const EXPIRED_MEMORY = 1_000;

/**
 * Matches AMI answers to the actions we sent, by ActionID, with a deadline per action on the injected
 * clock. A list action's deadline restarts with every list item, so a long but flowing list is not cut.
 */
export class ActionCorrelator {
  private readonly pending = new Map<string, Pending>();
  private readonly expired = new Set<string>();
  private sequence = 0;

  constructor(private readonly clock: Clock, private readonly prefix = 'xuc') {}

  /** A fresh ActionID, unique for this link's lifetime. */
  nextActionId(): string {
    return `${this.prefix}-${++this.sequence}`;
  }

  /** Starts waiting for the answer to `action` sent with `actionId`. */
  track(actionId: string, action: string, options: { list: boolean; timeoutMs: number }): Promise<ActionResult> {
    return new Promise<ActionResult>((resolve, reject) => {
      const entry: Pending = { action, list: options.list, timeoutMs: options.timeoutMs, timer: undefined, response: undefined, events: [], resolve, reject };
      this.pending.set(actionId, entry);
      this.arm(actionId, entry);
    });
  }

  /** True while a list action with this ActionID is collecting its items. */
  isCollecting(actionId: string): boolean {
    return this.pending.get(actionId)?.list === true;
  }

  /** A `Response:` frame: settles its action, or is reported late/orphan for the caller to log. */
  onResponse(frame: AmiFrame): Correlation {
    const id = frame.fields.ActionID;
    const entry = id === undefined ? undefined : this.pending.get(id);
    if (id === undefined || entry === undefined) return this.unmatched(id);
    if (frame.name !== 'Success' && frame.name !== 'Goodbye' && frame.name !== 'Follows') {
      this.settle(id, entry);
      entry.reject(new XucError('XUC_ERR_AMI_REFUSED', { action: entry.action, detail: frame.fields.Message ?? frame.name }));
      return 'matched';
    }
    if (!entry.list) {
      this.settle(id, entry);
      entry.resolve({ response: frame, events: [] });
      return 'matched';
    }
    entry.response = frame;
    this.arm(id, entry);
    return 'matched';
  }

  /** An event carrying an ActionID: a list item or the end of a list we asked for, or not ours. */
  onListEvent(frame: AmiFrame): Correlation {
    const id = frame.fields.ActionID;
    const entry = id === undefined ? undefined : this.pending.get(id);
    if (id === undefined || entry === undefined || !entry.list) return this.unmatched(id);
    if (/^complete$/i.test(frame.fields.EventList ?? '') || (entry.response !== undefined && frame.name.endsWith('Complete'))) {
      this.settle(id, entry);
      entry.resolve({ response: entry.response ?? frame, events: entry.events });
      return 'matched';
    }
    entry.events.push(frame);
    this.arm(id, entry);
    return 'matched';
  }

  /** Rejects one pending action (it could not be written). */
  cancel(actionId: string, error: XucError): void {
    const entry = this.pending.get(actionId);
    if (entry === undefined) return;
    this.settle(actionId, entry);
    entry.reject(error);
  }

  /** Rejects every pending action (the link went down). */
  failAll(error: () => XucError): void {
    for (const [id, entry] of [...this.pending]) {
      this.settle(id, entry);
      entry.reject(error());
    }
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  private arm(id: string, entry: Pending): void {
    if (entry.timer !== undefined) this.clock.clearTimeout(entry.timer);
    entry.timer = this.clock.setTimeout(() => {
      if (this.pending.get(id) !== entry) return;
      this.settle(id, entry);
      this.remember(id);
      entry.reject(new XucError('XUC_ERR_AMI_TIMEOUT', { action: entry.action, timeoutMs: entry.timeoutMs }));
    }, entry.timeoutMs);
  }

  private settle(id: string, entry: Pending): void {
    if (entry.timer !== undefined) this.clock.clearTimeout(entry.timer);
    this.pending.delete(id);
  }

  private remember(id: string): void {
    this.expired.add(id);
    if (this.expired.size > EXPIRED_MEMORY) this.expired.delete(this.expired.values().next().value as string);
  }

  private unmatched(id: string | undefined): Correlation {
    return id !== undefined && this.expired.has(id) ? 'late' : 'orphan';
  }
}
