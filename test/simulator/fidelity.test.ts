import { describe, expect, it } from 'vitest';
import { replayScenario } from './replayScenario.js';
import { replayWindowed } from './replayWindowed.js';

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

/**
 * load-small is compared up to t=170.9 s (logins of 10 agents, 108 callers with the 30-call burst,
 * five of the six abandons, the pauses of 1007 and 1003, the mid-traffic resync), segment by
 * segment with a 50 ms tolerance around each recorded action (toleranceSegments.ts): the
 * recorder sent its next action on the very event it waited for, so the same millisecond falls
 * on either side of a burst. Hangups name the simulated caller channel of the same role. Races
 * of Asterisk remain, listed exactly so that any other difference fails: the device-state thread
 * reading Local/1001@agents as NOT_INUSE before the member channel exists (twice, both times as
 * agent 1001 is rung), and two AgentComplete sent after both channels were gone (no caller nor
 * member block).
 */
const loadSmallUntilMs = 170_900;
const loadSmallWindowMs = 50;
const agentCompleteHeaders = [
  'Privilege', 'DestChannel', 'DestChannelState', 'DestChannelStateDesc', 'DestCallerIDNum', 'DestCallerIDName',
  'DestConnectedLineNum', 'DestConnectedLineName', 'DestLanguage', 'DestAccountCode', 'DestContext',
  'DestExten', 'DestPriority', 'DestUniqueid', 'DestLinkedid', 'Queue', 'Interface', 'MemberName', 'HoldTime',
  'TalkTime', 'Reason',
].join(',');
const loadSmallRaces = [
  `segment 23 (t 46500–46600, tolerance zone): missing 1× DeviceStateChange Local/N@agents NOT_INUSE`,
  `segment 23 (t 46500–46600, tolerance zone): extra 1× DeviceStateChange Local/N@agents INUSE`,
  `segment 71 (t 68875–68975, tolerance zone): missing 1× AgentComplete Privilege,Queue,Interface,MemberName,HoldTime,TalkTime,Reason`,
  `segment 71 (t 68875–68975, tolerance zone): extra 1× AgentComplete ${agentCompleteHeaders}`,
  `segment 231 (t 134903–135003, tolerance zone): missing 1× DeviceStateChange Local/N@agents NOT_INUSE`,
  `segment 231 (t 134903–135003, tolerance zone): extra 1× DeviceStateChange Local/N@agents INUSE`,
  `segment 325 (t 168088–168209, tolerance zone): missing 1× AgentComplete Privilege,Queue,Interface,MemberName,HoldTime,TalkTime,Reason`,
  `segment 325 (t 168088–168209, tolerance zone): extra 1× AgentComplete ${agentCompleteHeaders}`,
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
  it(`load-small, first ${loadSmallUntilMs / 1000} s (logins, 108 calls, 5 abandons, pauses, resync): same events and header names within ${loadSmallWindowMs} ms of each action, Asterisk's listed races aside`, async () => {
    const { differences } = await replayWindowed('load-small', loadSmallWindowMs, loadSmallUntilMs);
    expect(differences, differences.join('\n')).toEqual(loadSmallRaces);
  }, 60_000);
  it.todo(
    "load-small after t=171 s: Asterisk rang 1008 for sales 0.7 s after its support call, as if sales' 5 s wrap-up did " +
      "not hold it, while at t=155-157 s sales callers were not given agents just off support calls; which wrap-up " +
      "app_queue applies (lastqueue, own queue, member in_call) to a waiting caller's turn is not yet modelled to fit both",
  );
});
