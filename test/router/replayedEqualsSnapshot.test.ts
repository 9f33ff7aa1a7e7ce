import { describe, expect, it } from 'vitest';
import type { ResyncSnapshot } from '../../src/domain/domainEvents.js';
import { translate, translateSnapshot, viewToSnapshot } from '../../src/actors/router/index.js';
import { isHoldingBridge } from '../../src/actors/router/partyResolution.js';
import { loadRecording, recordingNames, snapshotOf } from '../support/fixtures.js';
import { fixtureRouterOptions, liveFrames, replay } from './replaySupport.js';
import { midSnapshots } from './midSnapshots.js';

/** Login time differs by design (AgentLogin's arrival vs. app_agent_pool's LoggedInTime); the rest must agree. */
const comparable = (s: ResyncSnapshot, withCalls: boolean) => ({
  lines: withCalls ? s.lines : Object.fromEntries(Object.entries(s.lines).map(([k, v]) => [k, v.length])),
  agents: Object.fromEntries(Object.entries(s.agents).map(([k, { loggedInAt: _t, ...a }]) => [k, a])),
  members: Object.fromEntries(Object.entries(s.queues).filter(([, q]) => q.members.length > 0).map(([k, q]) => [k, q.members])),
  callers: Object.fromEntries(
    Object.entries(s.queues)
      .filter(([, q]) => q.callers.length > 0)
      .map(([k, q]) => [k, q.callers.map(({ joinedAt: _j, ...c }) => c)]),
  ),
});

describe.each(recordingNames())('%s: after the last event', (name) => {
  const rec = loadRecording(name);
  const { view } = replay(name);
  const final = snapshotOf(rec, 'final');

  it('keeps no channel, call or queue caller that Asterisk no longer has', () => {
    const alive = new Set(final.coreShowChannels.map((f) => f.fields.Channel));
    expect(Object.keys(view.channels).filter((c) => !alive.has(c))).toEqual([]);
    expect(Object.values(view.calls).filter((c) => !alive.has(c.call.channel))).toEqual([]);
    expect(Object.values(view.queues).flatMap((q) => Object.keys(q.callers))).toEqual([]);
    expect(Object.values(view.bridges).filter((b) => b.channels.length === 0 && !isHoldingBridge(b.type))).toEqual([]);
    expect(Object.keys(view.byUniqueId)).toHaveLength(Object.keys(view.channels).length);
    expect(view.counters.failed).toBe(0);
  });

  it("amounts to what a fresh resync from Asterisk's final snapshot says (lines, agents, queue members)", () => {
    const fresh = translateSnapshot(fixtureRouterOptions(), final, rec.startEpochMs).event.snapshot;
    expect(comparable(viewToSnapshot(view), true)).toEqual(comparable(fresh, true));
  });
});

describe.each(['snapshot-during-call', 'load-small'])('%s: at the resync taken mid-scenario', (name) => {
  it('the replayed view and a fresh snapshot agree, calls in progress included', () => {
    const rec = loadRecording(name);
    const [mid] = midSnapshots(name);
    expect(mid).toBeDefined();
    const { view } = translateSnapshot(fixtureRouterOptions(), snapshotOf(rec, 'initial'), rec.startEpochMs);
    for (const { frame, at } of liveFrames(name).slice(0, mid!.liveFramesBefore)) translate(view, frame, at);
    const fresh = translateSnapshot(fixtureRouterOptions(), mid!.snapshot, rec.startEpochMs).event.snapshot;
    expect(comparable(viewToSnapshot(view), true)).toEqual(comparable(fresh, true));
  });
});

describe('snapshot-during-call: the mid-call snapshot alone', () => {
  const rec = loadRecording('snapshot-during-call');
  const [mid] = midSnapshots('snapshot-during-call');
  const { view, event } = translateSnapshot(fixtureRouterOptions(), mid!.snapshot, 1_000);

  it("shows agent 1002 on a support call with the caller's number, through its member leg", () => {
    expect(event.snapshot.lines['Local/1002@phones']).toEqual([
      expect.objectContaining({
        state: 'established',
        otherDN: '0698765432',
        otherDName: 'Sophie Blanc',
        queueName: 'support',
        channel: 'Local/1002@agents-00000002;2',
        external: true,
      }),
    ]);
    expect(event.snapshot.agents['1002']).toMatchObject({ loggedIn: true, onCall: true, lineInterface: 'Local/1002@phones' });
  });

  it('reads LoggedInTime despite the bare-LF CallStarted header, and InCall per queue', () => {
    expect(event.snapshot.agents['1002']!.loggedInAt).toBe(1795880374_000);
    const inCall = Object.fromEntries(Object.entries(event.snapshot.queues).map(([q, s]) => [q, s.members.map((m) => m.inCall)]));
    expect(inCall).toMatchObject({ support: [true], sales: [false] });
  });

  it('links channels through CoreShowChannel BridgeId and, when only Status has them, BridgeID', () => {
    const onlyStatus = translateSnapshot(fixtureRouterOptions(), { ...mid!.snapshot, coreShowChannels: [] }, 1_000);
    expect(onlyStatus.event.snapshot.lines['Local/1002@phones']).toMatchObject([{ state: 'established', otherDN: '0698765432' }]);
    expect(Object.keys(view.bridges).sort()).toEqual(Object.keys(onlyStatus.view.bridges).sort());
    void rec;
  });
});
