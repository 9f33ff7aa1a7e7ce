import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for every REST route: XiVO web apps, the sample page and plugins are served from another
 * origin than xuc and call it from the browser (xuc-rest.md §4). Callers authenticate with a header
 * (Bearer token or API key), never a cookie, so any origin may call and no credentials mode is needed.
 */

/** Headers for every answer to a REST route, so the browser lets the page read it (errors included). */
export function allowOrigin(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
  res.setHeader('vary', 'Origin');
  // The tickets export names its file there.
  res.setHeader('access-control-expose-headers', 'content-disposition');
}

/** Answers a preflight for a route that takes `methods`, with the headers REST reads. */
export function answerPreflight(res: ServerResponse, methods: readonly string[], apiKeyHeader: string): void {
  res.writeHead(204, {
    'access-control-allow-methods': [...new Set([...methods, 'OPTIONS'])].join(', '),
    'access-control-allow-headers': ['authorization', 'content-type', apiKeyHeader.toLowerCase()].join(', '),
    'access-control-max-age': '600',
  });
  res.end();
}
