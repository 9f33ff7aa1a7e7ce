import { describe, expect, it } from 'vitest';
import { replayScenario } from './replayScenario.js';

/**
 * Fidelity of the simulator against the real Asterisk 22 recordings: each scenario's client
 * actions are replayed at their recorded times on a ManualClock, and every burst of frames
 * (an action and what Asterisk sent until the next one) must have the same events and
 * responses with the same header names in the same order. Ids, times and counters aside.
 * Within a burst, frames are compared as a multiset: two runs of the same Asterisk order them
 * differently (its threads race); along each channel, though, the life-cycle events (Newchannel,
 * Newstate, Dial*, Bridge*, Queue caller and agent events, Hold, MOH, Hangup) must come in the
 * recorded order, event by event. DeviceStateChange is compared by device kind and state, as a
 * set. CEL records (an optional switch of the simulator) are compared in a second pass, by
 * EventName and header names, so a CEL difference is reported apart from the AMI grammar.
 */
const exact = [
  'agent-login-pause-logout',
  'queue-call-answered',
  'queue-call-abandoned',
  'queue-joinempty',
  'internal-call',
  'originate-click2dial',
  'membership-changes',
  'snapshot-during-call',
  'queue-penalties',
  'agent-logoff-during-wrapup',
  'pause-during-call',
  'blind-transfer',
  'attended-transfer',
];

describe('simulator fidelity against the recordings', () => {
  for (const name of exact) {
    it(`${name}: same events and header names burst by burst, same order along each channel`, async () => {
      const { differences } = await replayScenario(name);
      expect(differences, differences.join('\n')).toEqual([]);
    });
    it(`${name}: same CEL records, burst by burst`, async () => {
      const { differences } = await replayScenario(name, 'cel');
      expect(differences, differences.join('\n')).toEqual([]);
    });
  }
  it.todo(
    'load-small: ten agents log in 3.7 s apart and callers are hung up by channel name at random ' +
      'moments, so milliseconds of timing move events across bursts and then the hung-up channels are ' +
      'not the ones the simulator created; exact replay needs the agent Asterisk picked for each of 150 calls',
  );
});
