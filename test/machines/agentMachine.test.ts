import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import type { AgentStatePayload } from '../../src/domain/xucMessages.js';
import { agentMachine, type AgentMachineEvent } from '../../src/machines/agentMachine.js';
import { agentStatePayload } from '../../src/machines/agentView.js';
import { acd, call, directory, member } from './domainEventBuilders.js';

const T0 = 1_795_000_000_000;

/** An agent actor on a manual clock, recording every AgentStateEvent it emits. */
function startAgent(agentNumber = '1001') {
  const clock = new ManualClock(T0);
  const actor = createActor(agentMachine, {
    input: { agentId: Number(agentNumber) - 1000, agentNumber, directory, now: T0 },
    clock,
  });
  const states: AgentStatePayload[] = [];
  actor.on('agentState', (e) => states.push(e.state));
  actor.start();
  // Events are stamped with the clock's time, as the router stamps them with the frame's arrival.
  const send = (event: DistributiveOmit<AgentMachineEvent, 'at'>) => actor.send({ ...event, at: clock.now() } as AgentMachineEvent);
  const names = () => states.map((s) => (s.cause ? `${s.name}(${s.cause})` : s.name));
  const current = () => agentStatePayload(actor.getSnapshot().context, clock.now());
  return { actor, clock, states, send, names, current };
}
type DistributiveOmit<T, K extends keyof any> = T extends unknown ? Omit<T, K> : never;

/** Login, probation over, member of `queues`: the start of most fixtures. */
function readyAgent(agentNumber = '1001', queues: string[] = ['sales']) {
  const a = startAgent(agentNumber);
  a.send({ type: 'agent.loggedIn', agentNumber, lineInterface: `Local/${agentNumber}@phones`, channel: `Local/${agentNumber}@phones-00000000;1` });
  a.clock.advance(5000);
  a.send({ type: 'agent.deviceState', agentNumber, state: 'NOT_INUSE' });
  for (const queue of queues) a.send({ type: 'member.updated', queue, member: member(agentNumber) });
  // Tests read what comes after this common start.
  a.states.length = 0;
  return a;
}

/** queue-call-answered from the agent's side: rung by sales, answers, the caller hangs up after 3 s. */
function answeredSalesCall(a: ReturnType<typeof startAgent>, agentNumber = '1001') {
  a.send(acd(agentNumber, 'called', 0));
  a.clock.advance(400);
  a.send(acd(agentNumber, 'connected', 0));
  a.send({ type: 'agent.call', agentNumber, call: call('agentleg-1', 'established') });
  a.clock.advance(3000);
  a.send(acd(agentNumber, 'completed', 0));
  a.send({ type: 'agent.call', agentNumber, call: call('agentleg-1', 'released') });
}

describe('agent machine: login', () => {
  it('goes AgentLoggedOut → AgentLogin → AgentReady at the end of the login probation, on its line', () => {
    const a = startAgent();
    expect(a.current()).toMatchObject({ name: 'AgentLoggedOut', phoneNb: '', queues: [] });
    a.send({ type: 'agent.loggedIn', agentNumber: '1001', lineInterface: 'Local/1001@phones', channel: 'Local/1001@phones-00000000;1' });
    a.send({ type: 'agent.deviceState', agentNumber: '1001', state: 'UNAVAILABLE' });
    a.clock.advance(5000);
    a.send({ type: 'agent.deviceState', agentNumber: '1001', state: 'NOT_INUSE' });
    expect(a.names()).toEqual(['AgentLogin', 'AgentReady']);
    expect(a.states[1]).toMatchObject({ agentId: 1, phoneNb: '1001', since: 0, cause: '' });
    expect(a.states[1].acd).toBeUndefined();
  });

  it('lists the ids of its queues, and the time spent in a state grows in whole seconds', () => {
    const a = readyAgent('1001', ['support', 'sales']);
    expect(a.current()).toMatchObject({ name: 'AgentReady', queues: [1, 2] });
    a.clock.advance(42_500);
    expect(a.current().since).toBe(42);
    a.send({ type: 'member.removed', queue: 'support', member: member('1001') });
    expect(a.states.at(-1)).toMatchObject({ name: 'AgentReady', queues: [1], since: 42 });
  });
});

describe('agent machine: pause (agent-login-pause-logout)', () => {
  it('is on pause with its cause once paused in every queue, ready again at the first unpause', () => {
    const a = readyAgent('1001', ['sales', 'support']);
    a.send({ type: 'member.updated', queue: 'support', member: member('1001', { paused: true, pausedReason: 'lunch' }) });
    expect(a.current().name).toBe('AgentReady');
    a.send({ type: 'member.updated', queue: 'sales', member: member('1001', { paused: true, pausedReason: 'lunch' }) });
    a.clock.advance(3000);
    a.send({ type: 'member.updated', queue: 'support', member: member('1001') });
    a.send({ type: 'member.updated', queue: 'sales', member: member('1001') });
    a.send({ type: 'member.removed', queue: 'sales', member: member('1001') });
    a.send({ type: 'member.removed', queue: 'support', member: member('1001') });
    a.send({ type: 'agent.loggedOut', agentNumber: '1001' });
    // Ready is sent again when the queue list changes: clients show the agent's queues.
    expect(a.names()).toEqual(['AgentOnPause(lunch)', 'AgentReady', 'AgentReady', 'AgentReady', 'AgentLoggedOut']);
    expect(a.states.map((s) => s.queues)).toEqual([[1, 2], [1, 2], [2], [], []]);
    expect(a.states.at(-1)).toMatchObject({ phoneNb: '', queues: [] });
  });

  it('agents of the same queues pause and take calls each on their own', () => {
    const a = readyAgent('1001', ['sales', 'support']);
    const b = readyAgent('1002', ['sales', 'support']);
    for (const queue of ['sales', 'support']) a.send({ type: 'member.updated', queue, member: member('1001', { paused: true, pausedReason: 'lunch' }) });
    b.send({ type: 'agent.call', agentNumber: '1002', call: call('b-leg', 'established') });
    expect(a.current()).toMatchObject({ name: 'AgentOnPause', cause: 'lunch', queues: [1, 2] });
    expect(b.current()).toMatchObject({ name: 'AgentOnCall', cause: '', queues: [1, 2] });
    b.send({ type: 'agent.call', agentNumber: '1002', call: call('b-leg', 'released') });
    expect(b.current().name).toBe('AgentReady');
    expect(a.current().name).toBe('AgentOnPause');
  });

  it('is on pause from the start when added to a queue paused (queue-call-abandoned)', () => {
    const a = readyAgent('1002', []);
    a.send({ type: 'member.updated', queue: 'sales', member: member('1002', { paused: true, pausedReason: 'break' }) });
    expect(a.states.at(-1)).toMatchObject({ name: 'AgentOnPause', cause: 'break', queues: [1] });
  });
});

describe('agent machine: calls and wrap-up', () => {
  it('queue-call-answered: AgentReady → AgentRinging → AgentOnCall (acd) → AgentOnWrapup → AgentReady 5 s later', () => {
    const a = readyAgent();
    answeredSalesCall(a);
    expect(a.names()).toEqual(['AgentRinging', 'AgentOnCall', 'AgentOnWrapup']);
    expect(a.states.find((s) => s.name === 'AgentOnCall')).toMatchObject({ acd: true, direction: 'Incoming', callType: 'External' });
    a.clock.advance(4999);
    expect(a.current().name).toBe('AgentOnWrapup');
    a.clock.advance(1);
    expect(a.states.at(-1)).toMatchObject({ name: 'AgentReady', since: 0, queues: [1] });
    expect(a.actor.getSnapshot().context.calls).toEqual({});
  });

  it('has no wrap-up after a call of a queue without wrap-up time (queue-penalties, support)', () => {
    const a = readyAgent('1006', ['support']);
    a.send(acd('1006', 'called', 0, 'support'));
    a.send(acd('1006', 'connected', 0, 'support'));
    a.clock.advance(5000);
    a.send(acd('1006', 'completed', 0, 'support'));
    expect(a.names()).toEqual(['AgentRinging', 'AgentOnCall', 'AgentReady']);
  });

  it('queue-penalties: a completed that does not name its caller still ends the current ACD leg of its queue', () => {
    const a = readyAgent('1007', ['support']);
    a.send(acd('1007', 'called', 0, 'support', '1795881199.8'));
    a.send(acd('1007', 'connected', 0, 'support', '1795881199.8'));
    a.clock.advance(3000);
    a.send(acd('1007', 'completed', 0, 'sales', ''));
    expect(a.current().name).toBe('AgentOnCall');
    a.send(acd('1007', 'completed', 0, 'support', ''));
    expect(a.names()).toEqual(['AgentRinging', 'AgentOnCall', 'AgentReady']);
  });

  it('agent-logoff-during-wrapup: stays AgentLoggedOut when the wrap-up timer would have ended', () => {
    const a = readyAgent();
    answeredSalesCall(a);
    a.clock.advance(2000);
    a.send({ type: 'agent.loggedOut', agentNumber: '1001' });
    a.send({ type: 'member.updated', queue: 'sales', member: member('1001', { status: 5, callsTaken: 1 }) });
    a.clock.advance(6000);
    expect(a.names()).toEqual(['AgentRinging', 'AgentOnCall', 'AgentOnWrapup', 'AgentLoggedOut']);
    expect(a.current()).toMatchObject({ name: 'AgentLoggedOut', phoneNb: '', queues: [1] });
  });

  it('pause-during-call: the pause shows only after the call and its wrap-up, then unpause makes it ready', () => {
    const a = readyAgent('1002');
    a.send(acd('1002', 'called', 0));
    a.send(acd('1002', 'connected', 0));
    a.clock.advance(2000);
    a.send({ type: 'member.updated', queue: 'sales', member: member('1002', { paused: true, pausedReason: 'break', inCall: true, status: 2 }) });
    expect(a.current().name).toBe('AgentOnCall');
    a.clock.advance(2000);
    a.send(acd('1002', 'completed', 0));
    a.send({ type: 'member.updated', queue: 'sales', member: member('1002', { paused: true, pausedReason: 'break' }) });
    expect(a.current().name).toBe('AgentOnWrapup');
    a.clock.advance(8000);
    expect(a.current()).toMatchObject({ name: 'AgentOnPause', cause: 'break', since: 3 });
    a.send({ type: 'member.updated', queue: 'sales', member: member('1002') });
    expect(a.names()).toEqual(['AgentRinging', 'AgentOnCall', 'AgentOnWrapup', 'AgentOnPause(break)', 'AgentReady']);
  });

  it('unpause during wrap-up (agent.endWrapup) ends it at once, and the timer does nothing later', () => {
    const a = readyAgent();
    answeredSalesCall(a);
    a.clock.advance(1000);
    a.send({ type: 'agent.endWrapup' });
    a.clock.advance(10_000);
    expect(a.names()).toEqual(['AgentRinging', 'AgentOnCall', 'AgentOnWrapup', 'AgentReady']);
  });

  it('a pause during wrap-up goes on pause at once', () => {
    const a = readyAgent();
    answeredSalesCall(a);
    a.send({ type: 'member.updated', queue: 'sales', member: member('1001', { paused: true, pausedReason: 'lunch' }) });
    expect(a.current()).toMatchObject({ name: 'AgentOnPause', cause: 'lunch' });
    a.clock.advance(10_000);
    expect(a.current()).toMatchObject({ name: 'AgentOnPause', cause: 'lunch' });
  });

  it('a status event during wrap-up (QueueMemberStatus after the hang-up) does not end it', () => {
    const a = readyAgent();
    answeredSalesCall(a);
    a.send({ type: 'member.updated', queue: 'sales', member: member('1001', { callsTaken: 1 }) });
    expect(a.current().name).toBe('AgentOnWrapup');
  });

  it('an outgoing internal call is AgentDialing then AgentOnCall (not acd, Outgoing, Internal), with no wrap-up', () => {
    const a = readyAgent();
    const out = { direction: 'Outgoing' as const, external: false, otherDN: '1002' };
    a.send({ type: 'agent.call', agentNumber: '1001', call: call('u1', 'dialing', out) });
    a.send({ type: 'agent.call', agentNumber: '1001', call: call('u1', 'established', out) });
    a.send({ type: 'agent.call', agentNumber: '1001', call: call('u1', 'released', out) });
    expect(a.names()).toEqual(['AgentDialing', 'AgentOnCall', 'AgentReady']);
    expect(a.states[1]).toMatchObject({ acd: false, direction: 'Outgoing', callType: 'Internal', monitorState: 'DISABLED' });
  });

  it('a direct call while on pause returns to the pause with its cause', () => {
    const a = readyAgent();
    a.send({ type: 'member.updated', queue: 'sales', member: member('1001', { paused: true, pausedReason: 'lunch' }) });
    a.send({ type: 'agent.call', agentNumber: '1001', call: call('u1', 'ringing') });
    a.send({ type: 'agent.call', agentNumber: '1001', call: call('u1', 'established') });
    a.send({ type: 'agent.call', agentNumber: '1001', call: call('u1', 'released') });
    expect(a.names()).toEqual(['AgentOnPause(lunch)', 'AgentRinging', 'AgentOnCall', 'AgentOnPause(lunch)']);
    expect(a.states[3].since).toBe(0);
  });

  it('a queue call not answered (ring no answer) goes back to ready without wrap-up', () => {
    const a = readyAgent();
    a.send(acd('1001', 'called', 0));
    a.clock.advance(5000);
    a.send(acd('1001', 'ringNoAnswer', 0));
    expect(a.names()).toEqual(['AgentRinging', 'AgentReady']);
  });

  it('sends nothing for an event that changes nothing a client sees', () => {
    const a = readyAgent();
    const before = a.states.length;
    a.send({ type: 'member.updated', queue: 'sales', member: member('1001', { callsTaken: 3 }) });
    a.send({ type: 'agent.deviceState', agentNumber: '1001', state: 'NOT_INUSE' });
    a.send({ type: 'agent.call', agentNumber: '1001', call: call('never-seen', 'released') });
    expect(a.states.length).toBe(before);
  });
});

describe('agent machine: force from a resync snapshot', () => {
  it('from logged out to on an ACD call, then the call ends into the wrap-up of its queue', () => {
    const a = startAgent();
    a.send({
      type: 'agent.force',
      loggedIn: true,
      lineInterface: 'Local/1001@phones',
      memberships: [{ queue: 'sales', paused: false, pausedReason: '', inCall: true }],
      calls: [],
      onCall: true,
    });
    expect(a.states.at(-1)).toMatchObject({ name: 'AgentOnCall', acd: true, phoneNb: '1001', queues: [1] });
    a.send(acd('1001', 'completed', 0));
    expect(a.current().name).toBe('AgentOnWrapup');
  });

  it('a call the snapshot reports but does not show ends when the agent device goes idle', () => {
    const a = startAgent();
    a.send({ type: 'agent.force', loggedIn: true, lineInterface: 'Local/1001@phones', memberships: [], calls: [], onCall: true });
    expect(a.current()).toMatchObject({ name: 'AgentOnCall', acd: false });
    a.send({ type: 'agent.deviceState', agentNumber: '1001', state: 'NOT_INUSE' });
    expect(a.current().name).toBe('AgentReady');
    expect(a.actor.getSnapshot().context.calls).toEqual({});
  });

  it('from a call to logged out, forgetting the call', () => {
    const a = readyAgent();
    a.send({ type: 'agent.call', agentNumber: '1001', call: call('u1', 'established') });
    a.send({ type: 'agent.force', loggedIn: false, memberships: [], calls: [], onCall: false });
    expect(a.states.at(-1)).toMatchObject({ name: 'AgentLoggedOut', phoneNb: '', queues: [] });
    expect(a.actor.getSnapshot().context.calls).toEqual({});
  });

  it('keeps timing a wrap-up the snapshot cannot see', () => {
    const a = readyAgent();
    answeredSalesCall(a);
    a.clock.advance(1000);
    const count = a.states.length;
    a.send({
      type: 'agent.force',
      loggedIn: true,
      lineInterface: 'Local/1001@phones',
      memberships: [{ queue: 'sales', paused: false, pausedReason: '', inCall: false }],
      calls: [],
      onCall: false,
    });
    expect(a.states.length).toBe(count);
    a.clock.advance(4000);
    expect(a.states.at(-1)).toMatchObject({ name: 'AgentReady' });
  });

  it('ends the login probation at once when the snapshot says logged in', () => {
    const a = startAgent();
    a.send({ type: 'agent.loggedIn', agentNumber: '1001', lineInterface: 'Local/1001@phones', channel: 'c' });
    a.send({ type: 'agent.force', loggedIn: true, lineInterface: 'Local/1001@phones', memberships: [], calls: [], onCall: false });
    expect(a.names()).toEqual(['AgentLogin', 'AgentReady']);
  });
});
