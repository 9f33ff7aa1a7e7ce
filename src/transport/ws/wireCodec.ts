import { XucError } from '../../errors.js';
import { commandSchemas, isCommandName, unsupportedCommands, type Command } from './wireCommands.js';

/** A decoded client frame: the keep-alive or a validated command. */
export type InboundFrame = { kind: 'ping' } | ({ kind: 'command' } & Command);

/**
 * Turns one text frame into a ping or a validated command, or throws the XucError naming what is
 * wrong (bad JSON, not an object, unknown claz/command, a missing or mistyped field). The thrown
 * error carries the command name, when known, as `params.command`.
 */
export function decodeFrame(text: string): InboundFrame {
  return withoutStackTraces(() => decode(text));
}

/**
 * Bad client input is expected and can come by the thousand: the errors it raises (ours and
 * JSON.parse's) say all in their message, and capturing their stacks costs ~100 µs each.
 */
function withoutStackTraces<T>(fn: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return fn();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function decode(text: string): InboundFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new XucError('XUC_ERR_INVALID_JSON', { detail: (e as Error).message });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new XucError('XUC_ERR_NOT_AN_OBJECT');
  const frame = raw as Record<string, unknown>;
  if (frame.claz === 'ping') return { kind: 'ping' };
  if (frame.claz !== 'web') throw new XucError('XUC_ERR_UNKNOWN_CLAZ', { claz: describe(frame.claz) });
  const command = frame.command;
  if (typeof command !== 'string') {
    throw new XucError('XUC_ERR_INVALID_FIELD', { field: 'command', detail: 'must be a string' });
  }
  if (unsupportedCommands.has(command)) throw new XucError('XUC_ERR_UNSUPPORTED', { what: `command "${command}"`, command });
  if (!isCommandName(command)) throw new XucError('XUC_ERR_UNKNOWN_COMMAND', { command: command.slice(0, 100) });
  const parsed = commandSchemas[command].safeParse(frame);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || '(frame)';
    throw new XucError('XUC_ERR_INVALID_FIELD', { field, detail: issue.message, command });
  }
  return { kind: 'command', command, args: parsed.data } as InboundFrame;
}

const describe = (value: unknown) => (typeof value === 'string' ? value.slice(0, 100) : JSON.stringify(value) ?? 'undefined');

/** One server → client frame: `{msgType, ctiMessage}`, never `null` (the client would crash). */
export function encodeMessage(msgType: string, ctiMessage: unknown): string {
  return JSON.stringify({ msgType, ctiMessage: ctiMessage ?? {} });
}

/** The `Error` frame for an error, naming the command it answers when there is one. */
export function encodeError(error: XucError, command?: string): string {
  const cmd = command ?? (typeof error.params.command === 'string' ? error.params.command : undefined);
  return encodeMessage('Error', error.toWire(cmd));
}
