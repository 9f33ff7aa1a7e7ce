import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../../auth/authenticator.js';
import type { XucConfig } from '../../config.js';
import type { Clock } from '../../domain/clock.js';
import type { ConfigStore } from '../../domain/configStore.js';
import type { EngineApi } from '../../domain/engineApi.js';
import { XucError, toXucError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { ResolvedServices } from '../ws/services.js';
import { handleAuthRoute } from './authRoutes.js';
import { callbackOpenApiPaths, createCallbackRoutes } from './callbackRoutes.js';
import { EventPoster } from './eventPoster.js';
import { parseBody, readJsonBody, sendError, sendJson } from './httpIo.js';
import { buildOpenApi } from './openApi.js';
import { authenticateRest } from './restAuth.js';
import { RestEventFeed } from './restEventFeed.js';
import { restMethods, type RestCall } from './restMethods.js';

export interface RestApiDeps {
  config: XucConfig;
  engine: EngineApi;
  configStore: ConfigStore;
  services: ResolvedServices;
  authenticator: Authenticator;
  clock: Clock;
  logger: Logger;
  notifyUser?: (userId: number, msgType: string, payload: unknown) => void;
}

const PREFIX_1_0 = '/xuc/api/1.0/';

/**
 * The REST API: 2.0 authentication, the 1.0 methods (authenticated before any work, trailing
 * slash optional), the OpenAPI document, and the event posting to `rest.eventUrl`.
 */
export function createRestApi(deps: RestApiDeps) {
  const poster = deps.config.rest.eventUrl
    ? new EventPoster({ url: deps.config.rest.eventUrl, clock: deps.clock, logger: deps.logger })
    : undefined;
  const feed = new RestEventFeed(deps.engine, deps.configStore, poster);
  const methodDeps = { ...deps, feed, notifyUser: deps.notifyUser ?? (() => {}) };
  const openApi = JSON.stringify(buildOpenApi(restMethods, callbackOpenApiPaths()));
  const callbackRoutes = createCallbackRoutes(deps);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (await handleAuthRoute(req, res, path.replace(/\/+$/, ''), deps.authenticator)) return true;
    if (path === '/xuc/api/openapi.json' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(openApi);
      return true;
    }
    if (!path.startsWith(PREFIX_1_0)) return false;
    if (await callbackRoutes(req, res, path.replace(/\/+$/, ''))) return true;
    const segments = path.slice(PREFIX_1_0.length).split('/').filter((s) => s !== '').map(decodeURIComponent);
    const method = restMethods.find((m) => m.name === segments[0]);
    const expected = method ? { user: 3, domain: 2, none: 1 }[method.path] : 0;
    try {
      if (!method || segments.length !== expected || req.method !== method.httpMethod) {
        throw new XucError('XUC_ERR_NOT_FOUND', { what: `${req.method} ${path}` });
      }
      const caller = await authenticateRest(req, deps.config, deps.authenticator);
      const user = segments.length === 3 ? resolveUser(segments[2]!, caller) : undefined;
      const body = method.body ? parseBody(method.body, await readJsonBody(req)) : await readJsonBody(req).then(() => ({}));
      const call: RestCall = {
        caller,
        domain: segments[1] ?? '',
        user,
        body,
        query: url.searchParams,
        address: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
      };
      const answer = await method.run(methodDeps, call);
      sendJson(res, 200, answer ?? {});
    } catch (e) {
      const error = toXucError(e);
      if (error.code === 'XUC_ERR_INTERNAL') deps.logger.error({ err: e, path }, 'REST method failed');
      sendError(res, error);
    }
    return true;
  }

  function resolveUser(username: string, caller: RestCall['caller']) {
    const user = deps.configStore.current().users.find((u) => u.username === username);
    if (!user) throw new XucError('XUC_ERR_UNKNOWN_USER', { user: username.slice(0, 100) });
    if (caller.kind === 'user' && caller.user.id !== user.id && caller.user.rights !== 'admin') {
      throw new XucError('XUC_ERR_FORBIDDEN', { detail: `acting for ${username}` });
    }
    return user;
  }

  return {
    handle,
    stop() {
      feed.stop();
      poster?.stop();
    },
  };
}
