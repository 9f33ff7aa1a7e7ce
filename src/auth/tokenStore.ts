import { randomBytes } from 'node:crypto';
import type { Clock } from '../domain/clock.js';
import { XucError } from '../errors.js';

/** What a token stands for. */
export interface TokenGrant {
  userId: number;
  username: string;
  expiresAt: number;
}

/**
 * Opaque, expiring bearer tokens (REST 2.0 login, WebSocket token URLs). Tokens are random and
 * kept only in memory: a restart logs every token out, which is what clients already handle.
 */
export class TokenStore {
  private readonly grants = new Map<string, TokenGrant>();

  constructor(
    private readonly clock: Clock,
    readonly ttlSeconds: number = 3600,
  ) {}

  issue(user: { id: number; username: string }): { token: string; grant: TokenGrant } {
    this.sweep();
    const token = randomBytes(24).toString('base64url');
    const grant = { userId: user.id, username: user.username, expiresAt: this.clock.now() + this.ttlSeconds * 1000 };
    this.grants.set(token, grant);
    return { token, grant };
  }

  /** The grant behind a token; throws InvalidToken or TokenExpired. */
  resolve(token: string | undefined | null): TokenGrant {
    const grant = token ? this.grants.get(token) : undefined;
    if (!grant) throw new XucError('XUC_ERR_INVALID_TOKEN');
    if (grant.expiresAt <= this.clock.now()) {
      this.grants.delete(token!);
      throw new XucError('XUC_ERR_TOKEN_EXPIRED');
    }
    return grant;
  }

  /** Replaces a valid token by a fresh one (the web app stores the token `check` returns). */
  renew(token: string): { token: string; grant: TokenGrant } {
    const grant = this.resolve(token);
    this.grants.delete(token);
    return this.issue({ id: grant.userId, username: grant.username });
  }

  // Expired tokens are dropped on each issue so the map never outgrows the live tokens.
  private sweep(): void {
    const now = this.clock.now();
    for (const [token, grant] of this.grants) if (grant.expiresAt <= now) this.grants.delete(token);
  }
}
