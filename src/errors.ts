/**
 * Every error the server reports, in one registry (like Fastify's lib/errors.js): a stable
 * `XUC_ERR_*` code, a message template, the HTTP status for REST, and the wire `Error` text
 * a WebSocket client sees. Nothing throws an ad-hoc string.
 */
export interface ErrorDefinition {
  /** Message template; `{name}` placeholders are filled from the error's params. */
  readonly message: string;
  readonly httpStatus: number;
  /** The machine-readable code clients see in `Error` (wire) and `error` (REST). */
  readonly wire: string;
}

export const errorDefinitions = {
  // Wire input
  XUC_ERR_INVALID_JSON: { message: 'frame is not valid JSON: {detail}', httpStatus: 400, wire: 'InvalidJson' },
  XUC_ERR_NOT_AN_OBJECT: { message: 'frame must be a JSON object', httpStatus: 400, wire: 'InvalidJson' },
  XUC_ERR_UNKNOWN_CLAZ: { message: 'unknown claz "{claz}"', httpStatus: 400, wire: 'UnknownClaz' },
  XUC_ERR_UNKNOWN_COMMAND: { message: 'unknown command "{command}"', httpStatus: 400, wire: 'UnknownCommand' },
  XUC_ERR_INVALID_FIELD: { message: 'invalid field {field}: {detail}', httpStatus: 400, wire: 'InvalidField' },
  XUC_ERR_FRAME_TOO_LARGE: { message: 'frame of {size} bytes exceeds the limit of {limit}', httpStatus: 413, wire: 'FrameTooLarge' },
  XUC_ERR_RATE_LIMITED: { message: 'too many frames: limit is {limit} per second', httpStatus: 429, wire: 'RateLimited' },
  XUC_ERR_UNSUPPORTED: { message: '{what} is not supported', httpStatus: 400, wire: 'Unsupported' },
  // Identity and rights
  XUC_ERR_AUTH_REQUIRED: { message: 'authentication required', httpStatus: 401, wire: 'NotAuthenticated' },
  XUC_ERR_BAD_CREDENTIALS: { message: 'invalid username or password', httpStatus: 401, wire: 'InvalidCredentials' },
  XUC_ERR_INVALID_TOKEN: { message: 'invalid token', httpStatus: 401, wire: 'InvalidToken' },
  XUC_ERR_TOKEN_EXPIRED: { message: 'token expired', httpStatus: 401, wire: 'TokenExpired' },
  XUC_ERR_TOO_MANY_ATTEMPTS: { message: 'too many failed attempts, retry in {retryInSeconds} s', httpStatus: 429, wire: 'TooManyAttempts' },
  XUC_ERR_FORBIDDEN: { message: 'not allowed: {detail}', httpStatus: 403, wire: 'Forbidden' },
  // Unknown ids
  XUC_ERR_UNKNOWN_USER: { message: 'unknown user {user}', httpStatus: 404, wire: 'UserNotFound' },
  XUC_ERR_UNKNOWN_AGENT: { message: 'unknown agent {agent}', httpStatus: 404, wire: 'NotFound' },
  XUC_ERR_UNKNOWN_QUEUE: { message: 'unknown queue {queue}', httpStatus: 404, wire: 'NotFound' },
  XUC_ERR_UNKNOWN_LINE: { message: 'unknown line {line}', httpStatus: 404, wire: 'NotFound' },
  XUC_ERR_UNKNOWN_GROUP: { message: 'unknown agent group {group}', httpStatus: 404, wire: 'NotFound' },
  XUC_ERR_NOT_FOUND: { message: '{what} not found', httpStatus: 404, wire: 'NotFound' },
  // Engine state
  XUC_ERR_NO_LINE: { message: 'user {user} has no phone line', httpStatus: 409, wire: 'NoLine' },
  XUC_ERR_NO_AGENT: { message: 'user {user} is not an agent', httpStatus: 409, wire: 'NoAgent' },
  XUC_ERR_NO_CALL: { message: 'no call to {action} on line {line}', httpStatus: 409, wire: 'NoCall' },
  XUC_ERR_INVALID_STATE: { message: 'cannot {action} while {state}', httpStatus: 409, wire: 'InvalidState' },
  XUC_ERR_PHONE_NUMBER_UNKNOWN: { message: 'phone number {phoneNb} is unknown', httpStatus: 409, wire: 'PhoneNumberUnknown' },
  XUC_ERR_LOGGED_IN_ON_ANOTHER_PHONE: {
    message: 'agent is logged in on {phoneNb}, not {requestedNb}',
    httpStatus: 409, wire: 'LoggedInOnAnotherPhone' },
  XUC_ERR_CONFLICT: { message: '{detail}', httpStatus: 409, wire: 'Conflict' },
  // AMI
  XUC_ERR_AMI_DOWN: { message: 'the Asterisk link is down', httpStatus: 503, wire: 'AsteriskUnavailable' },
  XUC_ERR_AMI_TIMEOUT: { message: 'Asterisk did not answer {action} within {timeoutMs} ms', httpStatus: 504, wire: 'AsteriskTimeout' },
  XUC_ERR_AMI_REFUSED: { message: 'Asterisk refused {action}: {detail}', httpStatus: 502, wire: 'AsteriskRefused' },
  XUC_ERR_COMMAND_TIMEOUT: { message: '{command} was not confirmed by Asterisk within {timeoutMs} ms', httpStatus: 504, wire: 'CommandTimeout' },
  // Persistence
  XUC_ERR_DB_UNAVAILABLE: { message: 'the database is unavailable', httpStatus: 503, wire: 'DatabaseUnavailable' },
  XUC_ERR_NOT_AVAILABLE: { message: '{feature} is not available', httpStatus: 503, wire: 'NotAvailable' },
  XUC_ERR_INVALID_IMPORT: { message: 'invalid import: {detail}', httpStatus: 400, wire: 'InvalidImport' },
  XUC_ERR_CALLBACK_TAKEN: { message: 'callback {uuid} is already taken by agent {agentId}', httpStatus: 409, wire: 'CallbackAlreadyTaken' },
  XUC_ERR_CALLBACK_NOT_TAKEN_BY_YOU: { message: 'callback {uuid} is not taken by agent {agentId}', httpStatus: 403, wire: 'CallbackNotTakenByYou' },
  // Catch-all
  XUC_ERR_INTERNAL: { message: 'internal error', httpStatus: 500, wire: 'UnhandledError' },
} as const satisfies Record<string, ErrorDefinition>;

export type XucErrorCode = keyof typeof errorDefinitions;
export type ErrorParams = Record<string, string | number | boolean | null | undefined>;

const fill = (template: string, params: ErrorParams) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => (key in params ? String(params[key]) : `{${key}}`));

/** The one error type the server throws and reports. */
export class XucError extends Error {
  readonly code: XucErrorCode;
  readonly params: ErrorParams;
  readonly httpStatus: number;
  readonly wire: string;

  constructor(code: XucErrorCode, params: ErrorParams = {}, options?: { cause?: unknown }) {
    const def: ErrorDefinition = errorDefinitions[code];
    super(fill(def.message, params), options);
    this.name = 'XucError';
    this.code = code;
    this.params = params;
    this.httpStatus = def.httpStatus;
    this.wire = def.wire;
  }

  /** Body of the WebSocket `Error` message (`ctiMessage`). */
  toWire(command?: string): { Error: string; message: string; code: XucErrorCode; command?: string } {
    return command === undefined
      ? { Error: this.wire, message: this.message, code: this.code }
      : { Error: this.wire, message: this.message, code: this.code, command };
  }

  /** Body of a REST error answer. */
  toRest(): { error: string; message: string; code: XucErrorCode } {
    return { error: this.wire, message: this.message, code: this.code };
  }
}

export const xucError = (code: XucErrorCode, params?: ErrorParams) => new XucError(code, params);

export const isXucError = (e: unknown): e is XucError => e instanceof XucError;

/** Wraps anything thrown into an XucError, keeping the original as cause. */
export function toXucError(e: unknown): XucError {
  return isXucError(e) ? e : new XucError('XUC_ERR_INTERNAL', {}, { cause: e });
}
