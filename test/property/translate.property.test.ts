import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AmiFrame } from '../../src/domain/amiFrame.js';
import type { DomainEvent } from '../../src/domain/domainEvents.js';
import { createRouterView, translate, translateSnapshot, type RouterView } from '../../src/actors/router/index.js';
import { fixtureRouterOptions, liveFrames } from '../router/replaySupport.js';
import { ev } from '../router/frameBuilder.js';

/**
 * Properties of the router's pure translation: it never throws nor fails on any input, noise never
 * changes what real traffic means, and a view handed over between frames (even as JSON) continues
 * exactly like the original: translating a sequence is the concatenation of translating its parts.
 */
const options = fixtureRouterOptions();

const knownNames = [
  'Newchannel', 'Newstate', 'NewCallerid', 'NewConnectedLine', 'Newexten', 'VarSet', 'DialBegin', 'DialState', 'DialEnd',
  'LocalBridge', 'BridgeCreate', 'BridgeEnter', 'BridgeLeave', 'BridgeDestroy', 'BridgeMerge', 'Hold', 'Unhold',
  'MusicOnHoldStart', 'MusicOnHoldStop', 'Hangup', 'HangupRequest', 'SoftHangupRequest', 'OriginateResponse',
  'DeviceStateChange', 'AgentLogin', 'AgentLogoff', 'AgentCalled', 'AgentConnect', 'AgentComplete', 'AgentRingNoAnswer',
  'QueueCallerJoin', 'QueueCallerLeave', 'QueueCallerAbandon', 'QueueMemberAdded', 'QueueMemberRemoved',
  'QueueMemberStatus', 'QueueMemberPause', 'QueueMemberPenalty', 'BlindTransfer', 'AttendedTransfer', 'DTMFEnd', 'CEL',
  'FullyBooted', 'Rename',
];
const headerNames = [
  'Channel', 'Uniqueid', 'Linkedid', 'ChannelState', 'CallerIDNum', 'CallerIDName', 'ConnectedLineNum', 'DestChannel',
  'DestUniqueid', 'DestLinkedid', 'DestChannelState', 'LocalOneChannel', 'LocalOneUniqueid', 'LocalTwoChannel',
  'LocalTwoUniqueid', 'BridgeUniqueid', 'BridgeType', 'FromBridgeUniqueid', 'ToBridgeUniqueid', 'DialStatus', 'Variable',
  'Value', 'Application', 'AppData', 'Agent', 'Device', 'State', 'Queue', 'Interface', 'MemberName', 'StateInterface',
  'Penalty', 'Paused', 'PausedReason', 'Status', 'InCall', 'CallsTaken', 'Position', 'Count', 'HoldTime', 'ActionID', 'Newname',
];
// Few values, so that random frames keep hitting the same channels, bridges and queues.
const values = fc.oneof(
  fc.constantFrom(
    'Local/1001@phones-00000001;1', 'Local/1001@phones-00000001;2', 'Local/1002@phones-00000002;1',
    'Local/1001@agents-00000003;1', 'Local/1001@agents-00000003;2', 'SIP/trunk-00000004', '1.1', '1.2', '1.3', 'br1', 'br2',
    'agent_hold', 'basic', 'ANSWER', 'BUSY', 'QUEUESTATUS', '__USR_X', 'XIVO_SRCNUM', 'TIMEOUT', 'JOINEMPTY', 'Queue',
    'sales,,,,8', '1001', 'Agent:1001', 'Agent/1001', 'Local/1001@agents', 'sales', 'support', '0', '1', '5', '6', '',
    '<unknown>', '__proto__', 'constructor', 'toString',
  ),
  fc.string({ maxLength: 12 }),
);
const frameArb: fc.Arbitrary<AmiFrame> = fc
  .record({
    name: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...knownNames) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }),
    fields: fc.dictionary(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...headerNames) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), values, { maxKeys: 12 }),
    kind: fc.constantFrom('event', 'event', 'event', 'response'),
  })
  .map(({ name, fields, kind }) => {
    const frame = ev(name, fields);
    return { ...frame, kind } as AmiFrame;
  });
const garbageArb = fc.anything().map((x) => x as unknown as AmiFrame);

describe('translate: bad input', () => {
  it('never throws nor fails on random known events with random or missing headers, or on garbage', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 6, arbitrary: frameArb }, { weight: 1, arbitrary: garbageArb }), { maxLength: 60 }), (frames) => {
        const view = createRouterView(options);
        frames.forEach((frame, i) => {
          const out = translate(view, frame, i);
          expect(Array.isArray(out)).toBe(true);
        });
        expect(view.counters.failed).toBe(0);
        expect(view.counters.frames).toBe(frames.length);
        // Still plain data after any input.
        expect(JSON.parse(JSON.stringify(view))).toEqual(structuredClone(view));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves no channel and no call behind once every channel it knows has hung up', () => {
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 60 }), (frames) => {
        const view = createRouterView(options);
        frames.forEach((frame, i) => translate(view, frame, i));
        for (const channel of Object.values(view.channels)) {
          translate(view, ev('Hangup', { Channel: channel.name, Uniqueid: channel.uniqueId }), 1_000);
        }
        expect(view.channels).toEqual({});
        expect(view.calls).toEqual({});
        expect(view.byUniqueId).toEqual({});
      }),
      { numRuns: 300 },
    );
  });
});

const recordings = ['internal-call', 'queue-call-answered', 'attended-transfer'] as const;
const traffic = Object.fromEntries(recordings.map((name) => [name, liveFrames(name)])) as Record<(typeof recordings)[number], ReturnType<typeof liveFrames>>;

function translateAll(view: RouterView, frames: ReadonlyArray<{ frame: AmiFrame; at: number }>): DomainEvent[] {
  const out: DomainEvent[] = [];
  for (const { frame, at } of frames) out.push(...translate(view, frame, at));
  return out;
}

/** Frames that carry nothing for the contact center: list events, unknown events, CEL, internal variables. */
const noiseArb: fc.Arbitrary<AmiFrame> = fc.oneof(
  fc.constantFrom('CoreShowChannel', 'QueueMember', 'Newchannel', 'Hangup', 'QueueCallerJoin').map((name) =>
    ev(name, { Channel: 'Local/1001@phones-00000000;1', Uniqueid: '1', Queue: 'sales', ActionID: 'resync-7' }),
  ),
  fc.string({ minLength: 1, maxLength: 10 }).filter((n) => !knownNames.includes(n)).map((name) => ev(`X-${name}`)),
  fc.constant(ev('CEL', { EventName: 'CHAN_START', Channel: 'Local/1001@phones-00000000;1' })),
  fc.constant(ev('VarSet', { Channel: 'Local/1001@phones-00000000;1', Uniqueid: '1', Variable: 'DIALSTATUS', Value: 'ANSWER' })),
  garbageArb,
);

describe('translate: order and composition', () => {
  const expectedOf: Partial<Record<(typeof recordings)[number], DomainEvent[]>> = {};
  it('noise anywhere in real traffic changes nothing, and every event keeps its frame time in AMI order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...recordings),
        fc.array(fc.tuple(fc.nat(), noiseArb), { maxLength: 30 }),
        (name, noise) => {
          const clean = traffic[name];
          const noisy = clean.slice();
          for (const [pos, frame] of noise) {
            const i = pos % (noisy.length + 1);
            noisy.splice(i, 0, { frame, at: noisy[Math.max(0, i - 1)]?.at ?? 0 });
          }
          const expected = (expectedOf[name] ??= translateAll(createRouterView(options), clean));
          expect(translateAll(createRouterView(options), noisy)).toEqual(expected);
          const ats = expected.map((e) => e.at);
          expect(ats).toEqual(ats.slice().sort((a, b) => a - b));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('translating a sequence is the concatenation of translating its parts, even through a JSON copy of the view', () => {
    fc.assert(
      fc.property(fc.constantFrom(...recordings), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (name, cuts) => {
        const frames = traffic[name];
        const whole = (expectedOf[name] ??= translateAll(createRouterView(options), frames));
        const points = [...new Set(cuts.map((c) => c % (frames.length + 1)))].sort((a, b) => a - b);
        let view = createRouterView(options);
        const parts: DomainEvent[] = [];
        let from = 0;
        for (const to of [...points, frames.length]) {
          parts.push(...translateAll(view, frames.slice(from, to)));
          view = JSON.parse(JSON.stringify(view)) as RouterView;
          from = to;
        }
        expect(parts).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('a resync snapshot of random garbage never throws and gives an empty-but-valid state', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(frameArb, garbageArb), { maxLength: 20 }), (items) => {
        const snapshot = { coreShowChannels: items, queueStatus: items, queueSummary: items, agents: items, status: items };
        const { event } = translateSnapshot(options, snapshot, 0);
        expect(Object.keys(event.snapshot.lines)).toHaveLength(options.lines.length);
        expect(JSON.parse(JSON.stringify(event.snapshot))).toEqual(event.snapshot);
      }),
      { numRuns: 200 },
    );
  });
});
