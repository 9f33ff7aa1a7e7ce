import type { z } from 'zod';
import { XucError } from '../errors.js';

/** Parses input or throws XUC_ERR_INVALID_FIELD naming the first bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [what, ...(issue?.path ?? []).map(String)].join('.');
  throw new XucError('XUC_ERR_INVALID_FIELD', { field, detail: issue?.message ?? 'invalid' });
}
