import { z } from 'zod';
import { loginBodySchema } from './authRoutes.js';
import type { RestMethod } from './restMethods.js';

/** The path of a REST 1.0 method in OpenAPI form. */
export function methodPath(method: RestMethod): string {
  const tail = method.path === 'user' ? '/{domain}/{username}/' : method.path === 'domain' ? '/{domain}/' : '/';
  return `/xuc/api/1.0/${method.name}${tail}`;
}

const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } },
  required: ['error', 'message'],
};
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorSchema } } });
const tokenAnswer = {
  description: 'a token',
  content: { 'application/json': { schema: { type: 'object', properties: { login: { type: 'string' }, token: { type: 'string' }, TTL: { type: 'integer' } } } } },
};

/**
 * The OpenAPI 3.1 document of the REST API, generated from the method table it describes and the
 * paths of the resource routes (callback administration).
 */
export function buildOpenApi(methods: readonly RestMethod[], routePaths: Record<string, unknown> = {}): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const method of methods) {
    const parameters = [
      ...(method.path !== 'none' ? [{ name: 'domain', in: 'path', required: true, schema: { type: 'string' } }] : []),
      ...(method.path === 'user' ? [{ name: 'username', in: 'path', required: true, schema: { type: 'string' } }] : []),
    ];
    paths[methodPath(method)] = {
      [method.httpMethod.toLowerCase()]: {
        operationId: method.name,
        summary: method.summary,
        parameters,
        ...(method.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(method.body, { io: 'input', unrepresentable: 'any' }) } } } }
          : {}),
        security: [{ apiKey: [] }, { bearer: [] }],
        responses: {
          200: { description: 'done' },
          400: errorResponse('InvalidJson: bad JSON or a missing/mistyped field'),
          401: errorResponse('NotAuthenticated'),
          403: errorResponse('Forbidden'),
          404: errorResponse('UserNotFound / NotFound'),
          409: errorResponse('state conflict (no line, no call, agent errors)'),
          503: errorResponse('NotAvailable / AsteriskUnavailable'),
        },
      },
    };
  }
  paths['/xuc/api/2.0/auth/login'] = {
    post: {
      operationId: 'authLogin',
      summary: 'Exchanges a login and password for a token',
      requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(loginBodySchema, { io: 'input' }) } } },
      responses: { 200: tokenAnswer, 400: errorResponse('InvalidJson'), 401: errorResponse('InvalidCredentials'), 429: errorResponse('TooManyAttempts') },
    },
  };
  paths['/xuc/api/2.0/auth/check'] = {
    get: {
      operationId: 'authCheck',
      summary: 'Checks a token and returns a renewed one',
      security: [{ bearer: [] }],
      responses: { 200: tokenAnswer, 401: errorResponse('InvalidToken / TokenExpired') },
    },
  };
  Object.assign(paths, routePaths);
  return {
    openapi: '3.1.0',
    info: { title: 'xuc-ts REST API', version: '1.0' },
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    paths,
  };
}
