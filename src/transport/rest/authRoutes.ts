import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Authenticator } from '../../auth/authenticator.js';
import { XucError } from '../../errors.js';
import { parseBody, readJsonBody, sendError, sendJson } from './httpIo.js';

export const loginBodySchema = z.object({
  login: z.string().min(1),
  password: z.string().min(1),
  softwareType: z.string().optional(),
  applicationType: z.string().optional(),
});

const clientAddress = (req: IncomingMessage) => (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');

/**
 * REST 2.0 authentication (xuc-rest.md §4): `POST /xuc/api/2.0/auth/login` issues an opaque
 * expiring token, `GET /xuc/api/2.0/auth/check` renews it (CORS is the REST API's, see cors.ts).
 * True when the request was one of these.
 */
export async function handleAuthRoute(req: IncomingMessage, res: ServerResponse, path: string, auth: Authenticator): Promise<boolean> {
  if (path !== '/xuc/api/2.0/auth/login' && path !== '/xuc/api/2.0/auth/check') return false;
  try {
    if (path === '/xuc/api/2.0/auth/login') {
      if (req.method !== 'POST') throw new XucError('XUC_ERR_NOT_FOUND', { what: `${req.method} ${path}` });
      const body = parseBody(loginBodySchema, await readJsonBody(req));
      const user = await auth.byPassword(body.login, body.password, clientAddress(req));
      const { token } = auth.tokens.issue(user);
      sendJson(res, 200, { login: user.username, token, TTL: auth.tokens.ttlSeconds });
    } else {
      if (req.method !== 'GET') throw new XucError('XUC_ERR_NOT_FOUND', { what: `${req.method} ${path}` });
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer) throw new XucError('XUC_ERR_INVALID_TOKEN');
      const user = await auth.byToken(bearer, clientAddress(req));
      const { token } = auth.tokens.renew(bearer);
      sendJson(res, 200, { login: user.username, token, TTL: auth.tokens.ttlSeconds });
    }
  } catch (e) {
    sendError(res, e instanceof XucError ? e : new XucError('XUC_ERR_INTERNAL', {}, { cause: e }));
  }
  return true;
}
