import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRouterView, type AgentView, type RouterView } from '../../src/actors/router/index.js';
import { agentOnLine, setAgentState } from '../../src/actors/router/agentsOnLines.js';

/** What the index must always answer: the first agent of `view.agents` logged on the line. */
const scan = (view: RouterView, line: string) =>
  Object.entries(view.agents).find(([, s]) => s.loggedIn && s.lineInterface === line)?.[0];

const lines = ['Local/1001@phones', 'Local/1002@phones', 'SIP/abc'];
const view = () => createRouterView({ lines: lines.map((l, i) => ({ interface: l, number: String(1001 + i) })), agentMemberInterface: 'Agent/{number}' });

describe('agent logged on a line', () => {
  it('follows logins, moves and logoffs', () => {
    const v = view();
    expect(agentOnLine(v, 'SIP/abc')).toBeUndefined();
    setAgentState(v, '2001', { loggedIn: true, lineInterface: 'SIP/abc', channel: 'SIP/abc-1' });
    expect(agentOnLine(v, 'SIP/abc')).toBe('2001');
    setAgentState(v, '2001', { loggedIn: true, lineInterface: 'Local/1001@phones', channel: 'Local/1001@phones-1;1' });
    expect(agentOnLine(v, 'SIP/abc')).toBeUndefined();
    expect(agentOnLine(v, 'Local/1001@phones')).toBe('2001');
    setAgentState(v, '2001', { loggedIn: false, deviceState: 'UNAVAILABLE' });
    expect(agentOnLine(v, 'Local/1001@phones')).toBeUndefined();
  });

  it('with two agents on one line, names the one a scan of the agents finds first', () => {
    const v = view();
    setAgentState(v, 'b', { loggedIn: true, lineInterface: 'SIP/abc' });
    setAgentState(v, '2002', { loggedIn: true, lineInterface: 'SIP/abc' });
    expect(agentOnLine(v, 'SIP/abc')).toBe('2002');
  });

  it('answers for a copy of the view (structured clone or JSON) as for the original', () => {
    const v = view();
    setAgentState(v, '2001', { loggedIn: true, lineInterface: 'SIP/abc' });
    expect(agentOnLine(v, 'SIP/abc')).toBe('2001');
    const copies = [structuredClone(v), JSON.parse(JSON.stringify(v)) as RouterView];
    for (const copy of copies) {
      expect(agentOnLine(copy, 'SIP/abc')).toBe('2001');
      setAgentState(copy, '2001', { loggedIn: false });
      expect(agentOnLine(copy, 'SIP/abc')).toBeUndefined();
    }
    expect(agentOnLine(v, 'SIP/abc')).toBe('2001');
  });

  it('always agrees with a scan of every agent, whatever the sequence of states', () => {
    const state: fc.Arbitrary<AgentView> = fc.record(
      { loggedIn: fc.boolean(), lineInterface: fc.constantFrom(...lines, undefined) },
      { requiredKeys: ['loggedIn'] },
    ) as fc.Arbitrary<AgentView>;
    const step = fc.tuple(fc.constantFrom('2001', '2002', '2003', '10', '9', 'x'), state, fc.boolean());
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const v = view();
        for (const [agent, s, ask] of steps) {
          setAgentState(v, agent, s);
          if (ask) for (const line of lines) expect(agentOnLine(v, line)).toBe(scan(v, line));
        }
        for (const line of lines) expect(agentOnLine(v, line)).toBe(scan(v, line));
      }),
    );
  });
});
