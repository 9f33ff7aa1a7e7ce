import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Authenticator } from '../../auth/authenticator.js';
import type { XucConfig } from '../../config.js';
import type { User } from '../../domain/contactCenterConfig.js';
import { XucError } from '../../errors.js';

/** Who is calling the REST API: a trusted server (API key or allowed address) or a user's token. */
export type RestCaller = { kind: 'trusted' } | { kind: 'user'; user: User };

/**
 * REST 1.0 had no authentication; ours requires one of: the configured API key header, a source
 * address from `rest.allowedAddresses`, or `Authorization: Bearer <2.0 token>`. Anything else is
 * refused (401) before any work.
 */
export async function authenticateRest(req: IncomingMessage, config: XucConfig, auth: Authenticator): Promise<RestCaller> {
  const address = normaliseAddress(req.socket.remoteAddress ?? '');
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer) return { kind: 'user', user: await auth.byToken(bearer, address) };
  const key = req.headers[config.rest.apiKeyHeader.toLowerCase()];
  if (config.rest.apiKey && typeof key === 'string' && sameSecret(key, config.rest.apiKey)) return { kind: 'trusted' };
  if (config.rest.allowedAddresses.map(normaliseAddress).includes(address)) return { kind: 'trusted' };
  throw new XucError('XUC_ERR_AUTH_REQUIRED');
}

// IPv4 clients of a dual-stack server show as ::ffff:1.2.3.4.
const normaliseAddress = (address: string) => address.replace(/^::ffff:/, '');

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
