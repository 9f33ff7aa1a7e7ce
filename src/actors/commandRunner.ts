import type { AmiAction } from '../domain/amiFrame.js';
import type { AmiPort } from '../domain/amiPort.js';
import type { Clock } from '../domain/clock.js';
import { XucError, toXucError } from '../errors.js';
import type { Logger } from '../log.js';

/** One command as the runner executes it. */
export interface CommandPlan {
  /** Name for errors and logs (`pauseAgent`). */
  command: string;
  /** Identity of the request: the same key while one is in flight shares its outcome. */
  key: string;
  /** True once Asterisk's events show the command took effect (read from the actors' state). */
  done: () => boolean;
  /** The AMI actions, sent in order; each must be accepted before the next is sent. */
  actions: readonly AmiAction[];
  /**
   * `state` (default): resolve when `done()` becomes true. `response`: resolve when Asterisk
   * accepted the actions, for effects no actor state shows (spying, recording, DTMF).
   */
  confirmBy?: 'state' | 'response';
  /** Overrides the default confirmation deadline (a login waits for a human to answer the phone). */
  timeoutMs?: number;
}

export interface CommandRunnerDeps {
  ami: AmiPort;
  clock: Clock;
  logger: Logger;
  /** How long Asterisk's events may take to confirm a command. */
  confirmTimeoutMs: number;
}

/**
 * Turns commands into AMI actions and waits for the state change that confirms them. A command
 * whose effect is already there sends nothing; the same command while one is in flight shares
 * the first one's outcome, so repeating a command never repeats its AMI effect.
 */
export class CommandRunner {
  private readonly inflight = new Map<string, Promise<void>>();
  /** Pending confirmations: re-check, or fail. */
  private readonly waiters = new Map<() => void, (error: XucError) => void>();

  constructor(private readonly deps: CommandRunnerDeps) {}

  /** Re-checks every pending confirmation; the engine calls it after each change it processed. */
  recheck(): void {
    if (this.waiters.size === 0) return;
    for (const check of [...this.waiters.keys()]) check();
  }

  /** The link went down: no confirmation can come any more, so every pending command fails now. */
  failPending(error: XucError): void {
    for (const fail of [...this.waiters.values()]) fail(error);
  }

  run(plan: CommandPlan): Promise<void> {
    if (plan.done()) return Promise.resolve();
    const pending = this.inflight.get(plan.key);
    if (pending) return pending;
    const outcome = this.execute(plan).finally(() => this.inflight.delete(plan.key));
    this.inflight.set(plan.key, outcome);
    return outcome;
  }

  private async execute(plan: CommandPlan): Promise<void> {
    const confirmation = plan.confirmBy === 'response' ? undefined : this.waitFor(plan);
    try {
      for (const action of plan.actions) await this.deps.ami.action(action);
    } catch (error) {
      confirmation?.cancel();
      const xe = toXucError(error);
      this.deps.logger.info({ command: plan.command, code: xe.code }, 'command refused');
      throw xe;
    }
    if (confirmation) await confirmation.promise;
  }

  private waitFor(plan: CommandPlan): { promise: Promise<void>; cancel: () => void } {
    let settle!: (error?: XucError) => void;
    const promise = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    // A cancelled wait is never awaited; keep its rejection from surfacing as unhandled.
    promise.catch(() => {});
    const { clock } = this.deps;
    const confirmTimeoutMs = plan.timeoutMs ?? this.deps.confirmTimeoutMs;
    const finish = (error?: XucError) => {
      this.waiters.delete(check);
      clock.clearTimeout(timer);
      settle(error);
    };
    const check = () => {
      if (plan.done()) finish();
    };
    const timer = clock.setTimeout(
      () => finish(new XucError('XUC_ERR_COMMAND_TIMEOUT', { command: plan.command, timeoutMs: confirmTimeoutMs })),
      confirmTimeoutMs,
    );
    this.waiters.set(check, (error) => finish(error));
    return { promise, cancel: () => finish() };
  }
}
