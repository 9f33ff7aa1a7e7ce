import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { XucError } from '../../errors.js';

/** Bodies larger than this are refused before parsing (REST bodies are a few fields). */
const MAX_BODY_BYTES = 64 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** `{"error": <wire code>, "message": …}` with the error's HTTP status. */
export function sendError(res: ServerResponse, error: XucError, headers: Record<string, string> = {}): void {
  sendJson(res, error.httpStatus, error.toRest(), headers);
}

/** Reads a body as UTF-8 text, refusing more than `limit` bytes (FrameTooLarge). */
export async function readTextBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new XucError('XUC_ERR_FRAME_TOO_LARGE', { size, limit });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a JSON body; an empty body is `{}`. Throws InvalidJson / FrameTooLarge. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = (await readTextBody(req, MAX_BODY_BYTES)).trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new XucError('XUC_ERR_INVALID_JSON', { detail: (e as Error).message });
  }
}

/** Validates a body; REST reports every body problem as `InvalidJson` (xuc-rest.md §1). */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || '(body)';
  throw new XucError('XUC_ERR_INVALID_JSON', { detail: `${field}: ${issue.message}` });
}
