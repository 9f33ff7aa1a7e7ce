import type { Agent, Line, Queue } from '../../domain/contactCenterConfig.js';
import { XucError } from '../../errors.js';
import type { NameIndex } from '../nameIndex.js';

/**
 * Checks of command arguments shared by the command groups: configured ids, and values that will
 * become AMI header values (a CR or LF there would let a client inject AMI headers).
 */
export function requireAgent(index: NameIndex, agentId: number): Agent {
  const agent = Number.isInteger(agentId) ? index.agentById(agentId) : undefined;
  if (!agent) throw new XucError('XUC_ERR_UNKNOWN_AGENT', { agent: String(agentId) });
  return agent;
}

export function requireLine(index: NameIndex, lineId: number): Line {
  const line = Number.isInteger(lineId) ? index.lineById(lineId) : undefined;
  if (!line) throw new XucError('XUC_ERR_UNKNOWN_LINE', { line: String(lineId) });
  return line;
}

export function requireQueue(index: NameIndex, queueId: number): Queue {
  const queue = Number.isInteger(queueId) ? index.queueById(queueId) : undefined;
  if (!queue) throw new XucError('XUC_ERR_UNKNOWN_QUEUE', { queue: String(queueId) });
  return queue;
}

/** A value safe to put in one AMI header: a string without CR, LF or NUL. */
export function headerValue(field: string, value: unknown, options: { allowEmpty?: boolean; max?: number } = {}): string {
  if (typeof value !== 'string') throw new XucError('XUC_ERR_INVALID_FIELD', { field, detail: 'must be a string' });
  if (/[\r\n\0]/.test(value)) throw new XucError('XUC_ERR_INVALID_FIELD', { field, detail: 'must not contain line breaks' });
  if (!options.allowEmpty && value.trim() === '') throw new XucError('XUC_ERR_INVALID_FIELD', { field, detail: 'must not be empty' });
  if (value.length > (options.max ?? 256)) throw new XucError('XUC_ERR_INVALID_FIELD', { field, detail: 'is too long' });
  return value;
}

/** A dial destination: digits and the characters phones dial (`*`, `#`, `+`), or a SIP-style name. */
export function destination(field: string, value: unknown): string {
  const v = headerValue(field, value, { max: 80 });
  if (!/^[\w*#+.@-]+$/.test(v)) throw new XucError('XUC_ERR_INVALID_FIELD', { field, detail: `"${v}" is not a number to dial` });
  return v;
}

/** Attached data as `Variable:` headers, `USR_` prefixed as clients expect (`k` → `USR_k`). */
export function userVariables(variables: Record<string, string> | undefined): string[] {
  if (variables === undefined) return [];
  if (typeof variables !== 'object' || variables === null) {
    throw new XucError('XUC_ERR_INVALID_FIELD', { field: 'variables', detail: 'must be an object' });
  }
  return Object.entries(variables).map(([key, value]) => {
    if (!/^\w+$/.test(key)) throw new XucError('XUC_ERR_INVALID_FIELD', { field: 'variables', detail: `bad name "${key}"` });
    // `_k`/`__k` ask Asterisk to pass the variable on to the called channels: the prefix stays in front.
    const [, inherit = '', bare = ''] = /^(_{0,2})(.*)$/.exec(key)!;
    const name = inherit + (bare.startsWith('USR_') ? bare : `USR_${bare}`);
    return `${name}=${headerValue(`variables.${key}`, String(value), { allowEmpty: true })}`;
  });
}

/** `"Alice Martin" <1001>`: the caller id Asterisk shows for a configured line's user. */
export function callerIdOf(index: NameIndex, line: Line): string {
  const user = index.config.users.find((u) => u.lineId === line.id);
  const name = user ? `${user.firstName} ${user.lastName}`.trim() : '';
  return name ? `"${name.replace(/"/g, '')}" <${line.number}>` : `<${line.number}>`;
}
