import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Authenticator } from '../../auth/authenticator.js';
import { canManageQueue, requireRight } from '../../auth/rights.js';
import type { XucConfig } from '../../config.js';
import type { ConfigStore } from '../../domain/configStore.js';
import { XucError, toXucError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { newListSchema, newPeriodSchema, newRequestSchema } from '../../services/callbackSchemas.js';
import { required, type CallbackAdminService, type ResolvedServices } from '../ws/services.js';
import { readJsonBody, readTextBody, sendJson } from './httpIo.js';
import { authenticateRest, type RestCaller } from './restAuth.js';

export interface CallbackRoutesDeps {
  config: XucConfig;
  configStore: ConfigStore;
  services: ResolvedServices;
  authenticator: Authenticator;
  logger: Logger;
}

/** A callback CSV file is a few thousand lines at most; a larger body is refused before parsing. */
const MAX_CSV_BYTES = 5 * 1024 * 1024;

interface RouteCall {
  caller: RestCaller;
  admin: CallbackAdminService;
  params: Record<string, string>;
  body: unknown;
}

type Answer = { status: 200 | 201; json: unknown } | { status: 204 } | { status: 200; csv: string; filename: string };

/** One callback administration route; `path` is in OpenAPI form, `{name}` matches one segment. */
interface CallbackRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  operationId: string;
  summary: string;
  /** Who may call it with a Bearer token (trusted servers may call everything). */
  who: 'supervisor' | 'admin';
  body?: { kind: 'json'; schema: z.ZodType } | { kind: 'csv' };
  run(call: RouteCall, deps: CallbackRoutesDeps): Promise<Answer>;
}

const BASE = '/xuc/api/1.0';

const mayManage = (caller: RestCaller, queueId: number) => caller.kind === 'trusted' || canManageQueue(caller.user, queueId);

const requireQueue = (caller: RestCaller, queueId: number) =>
  requireRight(mayManage(caller, queueId), `the callback lists of queue ${queueId} are not yours to manage`);

/** Checks the caller on the list's queue first: nothing is read or changed for someone else. */
async function listOf(call: RouteCall): Promise<string> {
  const uuid = call.params.listUuid!;
  requireQueue(call.caller, await call.admin.listQueue(uuid));
  return uuid;
}

async function openList(call: RouteCall) {
  const uuid = await listOf(call);
  const list = (await call.admin.listLists()).find((l) => l.uuid === uuid);
  if (!list) throw new XucError('XUC_ERR_NOT_FOUND', { what: `callback list ${uuid}` });
  return list;
}

const json = (body: unknown, status: 200 | 201 = 200): Answer => ({ status, json: body });
const noContent: Answer = { status: 204 };

/** The callback administration API (docs/rest.md, docs/callbacks.md). */
const routes: CallbackRoute[] = [
  {
    method: 'GET', path: '/callback_lists', operationId: 'listCallbackLists', who: 'supervisor',
    summary: 'The callback lists the caller manages, each with its open requests',
    run: async (call) => json((await call.admin.listLists()).filter((l) => mayManage(call.caller, l.queueId))),
  },
  {
    method: 'POST', path: '/callback_lists', operationId: 'createCallbackList', who: 'supervisor',
    summary: 'Creates a callback list on a queue', body: { kind: 'json', schema: newListSchema },
    async run(call, deps) {
      const queueId = typeof call.body === 'object' && call.body !== null ? (call.body as { queueId?: unknown }).queueId : undefined;
      // A queueId that is not a number is refused by the service's validation (400).
      if (typeof queueId === 'number') {
        requireQueue(call.caller, queueId);
        if (!deps.configStore.current().queues.some((q) => q.id === queueId)) throw new XucError('XUC_ERR_UNKNOWN_QUEUE', { queue: queueId });
      }
      return json(await call.admin.createList(call.body), 201);
    },
  },
  {
    method: 'GET', path: '/callback_lists/{listUuid}', operationId: 'getCallbackList', who: 'supervisor',
    summary: 'One callback list with its open requests',
    run: async (call) => json(await openList(call)),
  },
  {
    method: 'DELETE', path: '/callback_lists/{listUuid}', operationId: 'deleteCallbackList', who: 'supervisor',
    summary: 'Deletes a callback list with its requests and tickets',
    async run(call) {
      await call.admin.deleteList(await listOf(call));
      return noContent;
    },
  },
  {
    method: 'GET', path: '/callback_lists/{listUuid}/callback_requests', operationId: 'listCallbackRequests', who: 'supervisor',
    summary: 'The open requests of a list',
    run: async (call) => json((await openList(call)).callbacks),
  },
  {
    method: 'POST', path: '/callback_lists/{listUuid}/callback_requests', operationId: 'createCallbackRequest', who: 'supervisor',
    summary: 'Adds a request (due date: the next day, period: the default, when absent)', body: { kind: 'json', schema: newRequestSchema },
    run: async (call) => json(await call.admin.createRequest(await listOf(call), call.body), 201),
  },
  {
    method: 'DELETE', path: '/callback_lists/{listUuid}/callback_requests/{requestUuid}', operationId: 'deleteCallbackRequest', who: 'supervisor',
    summary: 'Deletes a request of the list',
    async run(call) {
      const listUuid = await listOf(call);
      const request = await call.admin.getRequest(call.params.requestUuid!);
      if (request.listUuid !== listUuid) throw new XucError('XUC_ERR_NOT_FOUND', { what: `callback request ${request.uuid} in list ${listUuid}` });
      await call.admin.deleteRequest(request.uuid);
      return noContent;
    },
  },
  {
    method: 'POST', path: '/callback_lists/{listUuid}/import', operationId: 'importCallbackRequests', who: 'supervisor',
    summary: 'Imports a `|`-separated CSV file of requests, all or nothing', body: { kind: 'csv' },
    run: async (call) => json(await call.admin.importCsv(await listOf(call), call.body as string)),
  },
  {
    method: 'GET', path: '/callback_lists/{listUuid}/tickets', operationId: 'exportCallbackTickets', who: 'supervisor',
    summary: 'The tickets of a list as a `|`-separated CSV file',
    async run(call) {
      const uuid = await listOf(call);
      return { status: 200, csv: await call.admin.exportTickets(uuid), filename: `callback-tickets-${uuid}.csv` };
    },
  },
  {
    method: 'GET', path: '/callback_periods', operationId: 'listCallbackPeriods', who: 'supervisor',
    summary: 'The preferred callback periods',
    run: async (call) => json(await call.admin.listPeriods()),
  },
  {
    method: 'POST', path: '/callback_periods', operationId: 'createCallbackPeriod', who: 'admin',
    summary: 'Creates a period (a new default replaces the previous one)', body: { kind: 'json', schema: newPeriodSchema },
    run: async (call) => json(await call.admin.createPeriod(call.body), 201),
  },
  {
    method: 'DELETE', path: '/callback_periods/{periodUuid}', operationId: 'deleteCallbackPeriod', who: 'admin',
    summary: 'Deletes a period no request uses (409 otherwise)',
    async run(call) {
      await call.admin.deletePeriod(call.params.periodUuid!);
      return noContent;
    },
  },
];

const compiled = routes.map((route) => ({ route, segments: route.path.split('/').filter(Boolean) }));

function match(method: string, path: string): { route: CallbackRoute; params: Record<string, string> } | 'wrongMethod' | undefined {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let pathMatched = false;
  for (const { route, segments } of compiled) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = segments.every((s, i) => (s.startsWith('{') ? ((params[s.slice(1, -1)] = parts[i]!), true) : s === parts[i]));
    if (!ok) continue;
    if (route.method === method) return { route, params };
    pathMatched = true;
  }
  return pathMatched ? 'wrongMethod' : undefined;
}

/** The methods a callback route path takes (empty when it is none), for CORS preflights. */
export function callbackRouteMethods(path: string): string[] {
  if (!path.startsWith(`${BASE}/callback_`)) return [];
  return ['GET', 'POST', 'DELETE'].filter((m) => typeof match(m, path.slice(BASE.length)) === 'object');
}

function requireRole(caller: RestCaller, who: CallbackRoute['who']): void {
  if (caller.kind === 'trusted' || caller.user.rights === 'admin') return;
  requireRight(who === 'supervisor' && caller.user.rights === 'supervisor', who === 'admin' ? 'callback periods are managed by admins' : 'callback administration is for supervisors');
}

/** The line-numbered problems of a refused import, one per entry, besides the message. */
const importErrors = (error: XucError) => String(error.params.detail ?? '').split(/; (?=line \d+: )/);

/**
 * REST for callback administration: lists, periods, requests, CSV import and ticket export, under
 * `/xuc/api/1.0/callback_lists` and `/xuc/api/1.0/callback_periods`. Authenticated like the rest of
 * REST; a token's user must be an admin, or a supervisor of the list's queue. True when handled.
 */
export function createCallbackRoutes(deps: CallbackRoutesDeps) {
  return async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (!path.startsWith(`${BASE}/callback_`)) return false;
    const found = match(req.method ?? 'GET', path.slice(BASE.length));
    if (!found) return false;
    try {
      if (found === 'wrongMethod') throw new XucError('XUC_ERR_NOT_FOUND', { what: `${req.method} ${path}` });
      const { route, params } = found;
      const caller = await authenticateRest(req, deps.config, deps.authenticator);
      requireRole(caller, route.who);
      const admin = required(deps.services.callbackAdmin, 'callback administration');
      const body = route.body?.kind === 'csv' ? await readTextBody(req, MAX_CSV_BYTES) : route.body ? await readJsonBody(req) : undefined;
      const answer = await route.run({ caller, admin, params, body }, deps);
      if (answer.status === 204) {
        res.writeHead(204).end();
      } else if ('csv' in answer) {
        res.writeHead(200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${answer.filename}"`,
          'content-length': Buffer.byteLength(answer.csv),
        });
        res.end(answer.csv);
      } else {
        sendJson(res, answer.status, answer.json);
      }
    } catch (e) {
      const error = toXucError(e);
      if (error.code === 'XUC_ERR_INTERNAL') deps.logger.error({ err: e, path }, 'callback REST route failed');
      const extra = error.code === 'XUC_ERR_INVALID_IMPORT' ? { errors: importErrors(error) } : {};
      sendJson(res, error.httpStatus, { ...error.toRest(), ...extra });
    }
    return true;
  };
}

const uuidParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
const errorBody = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

/** The routes' OpenAPI paths (merged into the REST API's document). */
export function callbackOpenApiPaths(): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => uuidParam(m[1]!));
    const requestBody =
      route.body?.kind === 'json'
        ? { required: true, content: { 'application/json': { schema: z.toJSONSchema(route.body.schema, { io: 'input', unrepresentable: 'any' }) } } }
        : route.body?.kind === 'csv'
          ? { required: true, content: { 'text/csv': { schema: { type: 'string' } } } }
          : undefined;
    const success =
      route.method === 'DELETE'
        ? { 204: { description: 'deleted' } }
        : route.operationId === 'exportCallbackTickets'
          ? { 200: { description: 'the tickets', content: { 'text/csv': { schema: { type: 'string' } } } } }
          : { [route.method === 'POST' && route.operationId !== 'importCallbackRequests' ? 201 : 200]: { description: 'done', content: { 'application/json': {} } } };
    (paths[`${BASE}${route.path}`] ??= {})[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: ['callbacks'],
      parameters: params,
      ...(requestBody ? { requestBody } : {}),
      security: [{ apiKey: [] }, { bearer: [] }],
      responses: {
        ...success,
        400: { description: 'InvalidJson / InvalidField / InvalidImport (with `errors`, one per bad line)', ...errorBody },
        401: { description: 'NotAuthenticated / InvalidToken', ...errorBody },
        403: { description: route.who === 'admin' ? 'Forbidden: not an admin' : 'Forbidden: not an admin nor a supervisor of the queue', ...errorBody },
        404: { description: 'NotFound', ...errorBody },
        409: { description: 'Conflict', ...errorBody },
        503: { description: 'DatabaseUnavailable / NotAvailable', ...errorBody },
      },
    };
  }
  return paths;
}
