import { XucError } from '../errors.js';
import type { AgentErrorPayload, AgentStateName } from '../domain/xucMessages.js';

/**
 * The login rules of protocol §4.4 as one pure decision, for the engine's command layer:
 * - a number that is no configured line → `PhoneNumberUnknown`;
 * - an agent logged on another line → `LoggedInOnAnotherPhone` (phoneNb, RequestedNb) and it stays there;
 * - already logged on that very line → nothing to do (the same command twice changes nothing);
 * - a line another agent is logged on → that agent is logged out first, then this one logs in.
 */
export interface AgentLoginRequest {
  agentId: number;
  requestedNumber: string;
  /** Whether `requestedNumber` is a configured line. */
  lineExists: boolean;
  /** The agent's current state name and line (`""` when logged out). */
  current: { name: AgentStateName; phoneNb: string };
  /** Agents (other than this one) currently logged on `requestedNumber`. */
  agentsOnLine: readonly number[];
}

export type AgentLoginDecision =
  | { kind: 'refuse'; error: AgentErrorPayload }
  | { kind: 'alreadyLoggedIn' }
  | { kind: 'login'; logOutFirst: readonly number[] };

export function decideAgentLogin(req: AgentLoginRequest): AgentLoginDecision {
  if (!req.lineExists) return { kind: 'refuse', error: { Error: 'PhoneNumberUnknown' } };
  const loggedIn = req.current.name !== 'AgentLoggedOut' && req.current.phoneNb !== '';
  if (loggedIn && req.current.phoneNb === req.requestedNumber) return { kind: 'alreadyLoggedIn' };
  if (loggedIn) {
    return { kind: 'refuse', error: { Error: 'LoggedInOnAnotherPhone', phoneNb: req.current.phoneNb, RequestedNb: req.requestedNumber } };
  }
  return { kind: 'login', logOutFirst: req.agentsOnLine.filter((id) => id !== req.agentId) };
}

/** The typed error of a refused login, for REST answers and command promises. */
export function loginRefusal(error: AgentErrorPayload, requestedNumber: string): XucError {
  return error.Error === 'PhoneNumberUnknown'
    ? new XucError('XUC_ERR_PHONE_NUMBER_UNKNOWN', { phoneNb: requestedNumber })
    : new XucError('XUC_ERR_LOGGED_IN_ON_ANOTHER_PHONE', { phoneNb: error.phoneNb ?? '', requestedNb: requestedNumber });
}
