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
import { callbackOpenApiPaths, callbackRouteMethods, createCallbackRoutes } from './callbackRoutes.js';
import { allowOrigin, answerPreflight } from './cors.js';
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
const OPENAPI_PATH = '/xuc/api/openapi.json';
const AUTH_METHODS: Readonly<Record<string, string>> = { '/xuc/api/2.0/auth/login': 'POST', '/xuc/api/2.0/auth/check': 'GET' };

const segmentsOf = (path: string) => path.slice(PREFIX_1_0.length).split('/').filter((s) => s !== '').map(decodeURIComponent);

/** The 1.0 method a path names, when its number of segments fits. */
function restMethodAt(path: string) {
  const segments = segmentsOf(path);
  const method = restMethods.find((m) => m.name === segments[0]);
  return method && segments.length === { user: 3, domain: 2, none: 1 }[method.path] ? method : undefined;
}

/** The HTTP methods a REST path takes, for CORS preflights (empty when it is no route). */
function routeMethods(path: string): string[] {
  const bare = path.replace(/\/+$/, '');
  if (AUTH_METHODS[bare]) return [AUTH_METHODS[bare]];
  if (path === OPENAPI_PATH) return ['GET'];
  if (!path.startsWith(PREFIX_1_0)) return [];
  const callback = callbackRouteMethods(bare);
  if (callback.length) return callback;
  const method = restMethodAt(path);
  return method ? [method.httpMethod] : [];
}

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
    if (!path.startsWith('/xuc/api/')) return false;
    allowOrigin(req, res);
    const methods = routeMethods(path);
    if (req.method === 'OPTIONS' && methods.length > 0) {
      answerPreflight(res, methods, deps.config.rest.apiKeyHeader);
      return true;
    }
    if (await handleAuthRoute(req, res, path.replace(/\/+$/, ''), deps.authenticator)) return true;
    if (path === OPENAPI_PATH && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(openApi);
      return true;
    }
    if (!path.startsWith(PREFIX_1_0)) return false;
    if (await callbackRoutes(req, res, path.replace(/\/+$/, ''))) return true;
    const segments = segmentsOf(path);
    const method = restMethodAt(path);
    try {
      if (!method || req.method !== method.httpMethod) {
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
