import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../src/auth/loginThrottle.js';
import { TokenStore } from '../../src/auth/tokenStore.js';
import { ManualClock } from '../../src/domain/clock.js';

describe('TokenStore', () => {
  it('issues opaque tokens that expire after their TTL; renewing retires the old one', () => {
    const clock = new ManualClock(1_000);
    const tokens = new TokenStore(clock, 60);
    const { token } = tokens.issue({ id: 1, username: 'alice' });
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(tokens.resolve(token)).toMatchObject({ userId: 1, username: 'alice' });
    const renewed = tokens.renew(token);
    expect(() => tokens.resolve(token)).toThrow(expect.objectContaining({ code: 'XUC_ERR_INVALID_TOKEN' }));
    clock.advance(60_000);
    expect(() => tokens.resolve(renewed.token)).toThrow(expect.objectContaining({ code: 'XUC_ERR_TOKEN_EXPIRED' }));
    expect(() => tokens.resolve(undefined)).toThrow(expect.objectContaining({ code: 'XUC_ERR_INVALID_TOKEN' }));
  });
});

describe('LoginThrottle', () => {
  const options = { freeFailures: 2, delayStepMs: 100, maxFailures: 4, windowMs: 60_000 };

  it('lets a few failures through, then delays more and more, then refuses until the window ends', () => {
    const clock = new ManualClock(0);
    const throttle = new LoginThrottle(clock, options);
    const verdicts = [];
    for (let i = 0; i < 5; i++) {
      verdicts.push(throttle.check('10.0.0.1'));
      throttle.recordFailure('10.0.0.1');
    }
    expect(verdicts).toEqual([
      { allowed: true, delayMs: 0 },
      { allowed: true, delayMs: 0 },
      { allowed: true, delayMs: 100 },
      { allowed: true, delayMs: 200 },
      { allowed: false, retryInSeconds: 60 },
    ]);
    expect(throttle.check('10.0.0.2')).toEqual({ allowed: true, delayMs: 0 });
    clock.advance(60_000);
    expect(throttle.check('10.0.0.1')).toEqual({ allowed: true, delayMs: 0 });
  });

  it('a success clears the address\'s failures', () => {
    const throttle = new LoginThrottle(new ManualClock(0), options);
    for (let i = 0; i < 3; i++) throttle.recordFailure('a');
    throttle.recordSuccess('a');
    expect(throttle.check('a')).toEqual({ allowed: true, delayMs: 0 });
  });
});
