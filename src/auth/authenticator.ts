import type { Clock } from '../domain/clock.js';
import type { ConfigStore } from '../domain/configStore.js';
import type { User } from '../domain/contactCenterConfig.js';
import { XucError } from '../errors.js';
import { LoginThrottle } from './loginThrottle.js';
import { verifyPassword } from './passwords.js';
import type { TokenStore } from './tokenStore.js';

/**
 * Checks who a client is — by password (scrypt hash of the configured user) or by token — for
 * the WebSocket upgrade and the REST endpoints alike, slowing down repeated failures per address.
 */
export class Authenticator {
  constructor(
    private readonly configStore: ConfigStore,
    readonly tokens: TokenStore,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
  ) {}

  /** The user with that login and password; throws BadCredentials or TooManyAttempts. */
  async byPassword(username: string | undefined, password: string | undefined, address: string): Promise<User> {
    await this.admit(address);
    const user = username ? this.configStore.current().users.find((u) => u.username === username) : undefined;
    // Verify even for an unknown user so timing does not reveal which logins exist.
    const ok = await verifyPassword(password ?? '', user?.password ?? unknownUserHash);
    if (!user || !ok || !password) {
      this.throttle.recordFailure(address);
      throw new XucError('XUC_ERR_BAD_CREDENTIALS');
    }
    this.throttle.recordSuccess(address);
    return user;
  }

  /** The user a valid token stands for; throws InvalidToken, TokenExpired or TooManyAttempts. */
  async byToken(token: string | undefined, address: string): Promise<User> {
    await this.admit(address);
    try {
      const grant = this.tokens.resolve(token);
      const user = this.userById(grant.userId);
      if (!user) throw new XucError('XUC_ERR_INVALID_TOKEN');
      return user;
    } catch (e) {
      this.throttle.recordFailure(address);
      throw e;
    }
  }

  userById(id: number): User | undefined {
    return this.configStore.current().users.find((u) => u.id === id);
  }

  private async admit(address: string): Promise<void> {
    const verdict = this.throttle.check(address);
    if (!verdict.allowed) throw new XucError('XUC_ERR_TOO_MANY_ATTEMPTS', { retryInSeconds: verdict.retryInSeconds });
    if (verdict.delayMs > 0) await new Promise<void>((resolve) => this.clock.setTimeout(resolve, verdict.delayMs));
  }
}

// A valid hash of a random secret, so unknown users cost as much as known ones.
const unknownUserHash =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
