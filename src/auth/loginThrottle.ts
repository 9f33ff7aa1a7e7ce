import type { Clock } from '../domain/clock.js';

export interface LoginThrottleOptions {
  /** Failures allowed at full speed. */
  freeFailures: number;
  /** Added delay per failure beyond the free ones. */
  delayStepMs: number;
  /** Failures after which the address is refused (429) until the window passes. */
  maxFailures: number;
  /** How long failures are remembered. */
  windowMs: number;
}

export const defaultLoginThrottleOptions: LoginThrottleOptions = {
  freeFailures: 3,
  delayStepMs: 250,
  maxFailures: 10,
  windowMs: 5 * 60_000,
};

export type ThrottleVerdict = { allowed: true; delayMs: number } | { allowed: false; retryInSeconds: number };

/**
 * Slows down password guessing per source address: a few failures are free, then each attempt
 * is delayed a little more, then the address is refused for the rest of the window.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; firstAt: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly options: LoginThrottleOptions = defaultLoginThrottleOptions,
  ) {}

  check(address: string): ThrottleVerdict {
    const entry = this.current(address);
    if (!entry) return { allowed: true, delayMs: 0 };
    if (entry.count >= this.options.maxFailures) {
      const retryMs = entry.firstAt + this.options.windowMs - this.clock.now();
      return { allowed: false, retryInSeconds: Math.max(1, Math.ceil(retryMs / 1000)) };
    }
    return { allowed: true, delayMs: Math.max(0, entry.count - this.options.freeFailures + 1) * this.options.delayStepMs };
  }

  recordFailure(address: string): void {
    const entry = this.current(address);
    if (entry) entry.count += 1;
    else this.failures.set(address, { count: 1, firstAt: this.clock.now() });
    // Bounded memory under a distributed attack: forget the oldest address first.
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  recordSuccess(address: string): void {
    this.failures.delete(address);
  }

  private current(address: string) {
    const entry = this.failures.get(address);
    if (entry && entry.firstAt + this.options.windowMs <= this.clock.now()) {
      this.failures.delete(address);
      return undefined;
    }
    return entry;
  }
}
