import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { ExtraRoute } from '../server.js';
import { inspectorPageHtml } from './inspector/inspectorPage.js';
import { buildStatusReport, type StatusSources } from './statusReport.js';
import { statusPageHtml } from './statusPage.js';

const send = (res: ServerResponse, status: number, contentType: string, body: string) => {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
};

/** `/` (overview), `/status` (JSON, 503 while degraded), `/metrics` (Prometheus), `/inspector`. */
export function createPageRoutes(status: StatusSources, metrics: Registry): ExtraRoute {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = (req.url ?? '/').split('?')[0];
    switch (path) {
      case '/':
        send(res, 200, 'text/html; charset=utf-8', statusPageHtml);
        return true;
      case '/status': {
        const report = buildStatusReport(status);
        send(res, report.status === 'ok' ? 200 : 503, 'application/json', JSON.stringify(report));
        return true;
      }
      case '/metrics':
        send(res, 200, metrics.contentType, await metrics.metrics());
        return true;
      case '/inspector':
        send(res, 200, 'text/html; charset=utf-8', inspectorPageHtml);
        return true;
      default:
        return false;
    }
  };
}
