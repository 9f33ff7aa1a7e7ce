import { afterEach, describe, expect, it } from 'vitest';
import { parseAmiFrame } from '../../src/transport/ami/amiFrameParser.js';
import { AmiReplayServer } from '../support/amiReplayServer.js';
import { liveInFrames, loadRecording, snapshotOf } from '../support/fixtures.js';
import { linkTo, until, untilState, withoutActionId, type LinkProbe } from './linkHarness.js';

let server: AmiReplayServer | undefined;
let probe: LinkProbe | undefined;
afterEach(async () => {
  await probe?.link.stop();
  await server?.kill();
});

const notFullyBooted = (f: { name: string }) => f.name !== 'FullyBooted';

describe('AMI link: login and resync over TCP', () => {
  it('logs in, resyncs from the five snapshot actions, then delivers the live events in AMI order', async () => {
    const rec = loadRecording('snapshot-during-call');
    server = await AmiReplayServer.start({ recording: rec });
    probe = linkTo(server);
    probe.link.start();
    await untilState(probe.link, 'live');
    const sent = server.actions.map((a) => a.name);
    expect(sent[0].toLowerCase()).toBe('login');
    expect(sent.slice(1)).toEqual(['CoreStatus', 'CoreShowChannels', 'QueueStatus', 'QueueSummary', 'Agents', 'Status']);
    expect(new Set(server.actions.map((a) => a.actionId)).size).toBe(server.actions.length);
    expect(probe.snapshots).toHaveLength(1);
    const expected = snapshotOf(rec, 'initial');
    for (const key of ['coreShowChannels', 'queueStatus', 'queueSummary', 'agents', 'status'] as const) {
      expect(probe.snapshots[0].snapshot[key].map(withoutActionId)).toEqual(expected[key].map(withoutActionId));
    }
    expect(probe.snapshots[0].restart).toBe(false);
    expect(probe.states).toEqual(['connecting', 'authenticating', 'resyncing', 'live']);

    await server.playAll();
    const live = liveInFrames(rec).map((f) => parseAmiFrame(f.frame)!);
    await until(() => probe!.events.filter(notFullyBooted).length === live.length, 'all live events');
    expect(probe.events.filter(notFullyBooted).map(withoutActionId)).toEqual(live.map(withoutActionId));
    const stats = probe.link.stats();
    expect(stats).toMatchObject({ state: 'live', logins: 1, reconnects: 0, garbageFrames: 0, orphanResponses: 0 });
    expect(stats.lastResyncAt).toBeTypeOf('number');
  });

  it('holds events that arrive during the resync until the snapshot handler returns, then delivers them in order', async () => {
    const rec = loadRecording('agent-login-pause-logout');
    server = await AmiReplayServer.start({ recording: rec });
    probe = linkTo(server);
    let release!: () => void;
    const handlerDone = new Promise<void>((resolve) => (release = resolve));
    probe.link.onSnapshot(() => handlerDone);
    probe.link.start();
    await server.playUntil(6_000);
    const expected = liveInFrames(rec).filter((f) => f.t <= 6_000).map((f) => parseAmiFrame(f.frame)!);
    await until(() => probe!.link.stats().eventsReceived >= expected.length, 'events received');
    expect(probe.link.state()).toBe('resyncing');
    expect(probe.events).toEqual([]);
    await expect(probe.link.action({ Action: 'Ping' })).rejects.toMatchObject({ code: 'XUC_ERR_AMI_DOWN' });
    release();
    await untilState(probe.link, 'live');
    expect(probe.events.filter(notFullyBooted).map(withoutActionId)).toEqual(expected.map(withoutActionId));
  });

  it('collects a list action until its Complete event and answers plain actions', async () => {
    server = await AmiReplayServer.start({ recording: 'snapshot-during-call' });
    probe = linkTo(server);
    probe.link.start();
    await untilState(probe.link, 'live');
    const { response, events } = await probe.link.listAction({ Action: 'QueueStatus' });
    expect(response.fields.EventList).toBe('start');
    expect(events.filter((e) => e.name === 'QueueParams').map((e) => e.fields.Queue).sort()).toEqual(['outbound', 'sales', 'support', 'travels']);
    expect(events.some((e) => e.name === 'QueueStatusComplete')).toBe(false);
    const pong = await probe.link.action({ Action: 'Ping' });
    expect(pong.fields.Ping).toBe('Pong');
    const paused = await probe.link.action({ Action: 'QueuePause', Interface: 'Local/1002@agents', Paused: 'true' });
    expect(paused.fields.Message).toBe('Interface paused successfully');
    const sent = server.actions.find((a) => a.name === 'QueuePause')!;
    expect(sent.fields.Interface).toBe('Local/1002@agents');
  });

  it('still resyncs when Asterisk refuses CoreStatus', async () => {
    server = await AmiReplayServer.start({ recording: 'agent-login-pause-logout', coreStatus: 'error' });
    probe = linkTo(server);
    probe.link.start();
    await untilState(probe.link, 'live');
    expect(probe.snapshots[0].snapshot.agents).toHaveLength(10);
  });

  it('goes live and delivers events even when a snapshot handler throws', async () => {
    server = await AmiReplayServer.start({ recording: 'agent-login-pause-logout' });
    probe = linkTo(server);
    probe.link.onSnapshot(() => {
      throw new Error('engine bug');
    });
    probe.link.onSnapshot(async () => Promise.reject(new Error('async engine bug')));
    probe.link.start();
    await untilState(probe.link, 'live');
    server.send('Event: QueueMemberPause\r\nQueue: sales\r\n\r\n');
    await until(() => probe!.events.some((e) => e.name === 'QueueMemberPause'), 'event');
    expect(probe.snapshots).toHaveLength(1);
  });
});
