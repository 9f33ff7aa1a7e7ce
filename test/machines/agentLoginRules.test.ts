import { describe, expect, it } from 'vitest';
import { decideAgentLogin, loginRefusal } from '../../src/machines/agentLoginRules.js';

const loggedOut = { name: 'AgentLoggedOut' as const, phoneNb: '' };

describe('agent login rules', () => {
  it('refuses a number that is no configured line with PhoneNumberUnknown', () => {
    const d = decideAgentLogin({ agentId: 1, requestedNumber: '9999', lineExists: false, current: loggedOut, agentsOnLine: [] });
    expect(d).toEqual({ kind: 'refuse', error: { Error: 'PhoneNumberUnknown' } });
    if (d.kind === 'refuse') expect(loginRefusal(d.error, '9999')).toMatchObject({ code: 'XUC_ERR_PHONE_NUMBER_UNKNOWN', wire: 'PhoneNumberUnknown' });
  });

  it('refuses an agent logged on another line, naming both numbers (the agent stays where it is)', () => {
    const d = decideAgentLogin({ agentId: 1, requestedNumber: '1001', lineExists: true, current: { name: 'AgentReady', phoneNb: '1002' }, agentsOnLine: [] });
    expect(d).toEqual({ kind: 'refuse', error: { Error: 'LoggedInOnAnotherPhone', phoneNb: '1002', RequestedNb: '1001' } });
    if (d.kind === 'refuse') expect(loginRefusal(d.error, '1001').message).toBe('agent is logged in on 1002, not 1001');
  });

  it('does nothing when the agent is already logged on that line (same command twice)', () => {
    const d = decideAgentLogin({ agentId: 1, requestedNumber: '1001', lineExists: true, current: { name: 'AgentOnPause', phoneNb: '1001' }, agentsOnLine: [1] });
    expect(d).toEqual({ kind: 'alreadyLoggedIn' });
  });

  it('logs out the agent already on the requested line first', () => {
    const d = decideAgentLogin({ agentId: 1, requestedNumber: '1001', lineExists: true, current: loggedOut, agentsOnLine: [4] });
    expect(d).toEqual({ kind: 'login', logOutFirst: [4] });
  });

  it('logs in a logged-out agent onto a free line', () => {
    expect(decideAgentLogin({ agentId: 1, requestedNumber: '1001', lineExists: true, current: loggedOut, agentsOnLine: [] })).toEqual({
      kind: 'login',
      logOutFirst: [],
    });
  });
});
