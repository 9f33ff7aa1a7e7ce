import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AmiFrameSplitter } from '../../src/transport/ami/amiFrameSplitter.js';
import { AmiReplayServer } from '../support/amiReplayServer.js';
import { liveInFrames, loadRecording, snapshotOf } from '../support/fixtures.js';

/** A bare TCP client that collects frames, to test the server without the link. */
class RawClient {
  readonly frames: string[] = [];
  banner: string | undefined;
  closed = false;
  private readonly splitter = new AmiFrameSplitter({ expectBanner: true });
  private waiters: Array<() => void> = [];
  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.frames.push(...this.splitter.push(chunk));
      this.banner = this.splitter.banner;
      this.wake();
    });
    socket.on('close', () => ((this.closed = true), this.wake()));
  }
  static async open(port: number): Promise<RawClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    return new RawClient(socket);
  }
  send(lines: string[]): void {
    this.socket.write(lines.join('\r\n') + '\r\n\r\n');
  }
  until(ready: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (ready() ? resolve() : this.waiters.push(check));
      check();
    });
  }
  private wake() {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }
}

const snapshotLines = (id: string) =>
  ['CoreShowChannels', 'QueueStatus', 'QueueSummary', 'Agents', 'Status'].map((a, i) => [`Action: ${a}`, `ActionID: ${id}-${i}`]);

let server: AmiReplayServer | undefined;
let client: RawClient | undefined;
afterEach(async () => {
  client?.socket.destroy();
  await server?.kill();
});

describe('AMI replay server', () => {
  it('greets, refuses a wrong secret with Authentication failed and closes', async () => {
    server = await AmiReplayServer.start({ recording: 'agent-login-pause-logout' });
    client = await RawClient.open(server.port);
    client.send(['Action: Login', 'ActionID: a1', 'Username: xuc', 'Secret: wrong']);
    await client.until(() => client!.closed);
    expect(client.banner).toBe('Asterisk Call Manager/11.0.0');
    expect(client.frames).toEqual(['Response: Error\r\nActionID: a1\r\nMessage: Authentication failed']);
  });

  it('logs in, sends FullyBooted, answers the snapshot with the client ActionIDs, Ping and other actions', async () => {
    server = await AmiReplayServer.start({ recording: 'snapshot-during-call', answer: (a) => (a.name === 'Hangup' ? { response: 'Error', message: 'No such channel' } : undefined) });
    client = await RawClient.open(server.port);
    client.send(['Action: Login', 'ActionID: a1', 'Username: xuc', 'Secret: xucpass']);
    for (const lines of snapshotLines('snap')) client.send(lines);
    client.send(['Action: Ping', 'ActionID: p1']);
    client.send(['Action: QueuePause', 'ActionID: q1', 'Interface: Local/1002@agents', 'Paused: true']);
    client.send(['Action: Hangup', 'ActionID: h1', 'Channel: nope']);
    await server.waitForResync();
    await client.until(() => client!.frames.some((f) => f.includes('ActionID: h1')));
    expect(client.frames[0]).toMatch(/^Response: Success\r\nActionID: a1\r\nMessage: Authentication accepted/);
    expect(client.frames[1]).toMatch(/^Event: FullyBooted\r\n/);
    const agents = client.frames.filter((f) => f.startsWith('Event: Agents\r\n'));
    expect(agents).toHaveLength(10);
    expect(agents.every((f) => f.includes('ActionID: snap-3'))).toBe(true);
    expect(client.frames.some((f) => f.includes('snapshot-during-call-'))).toBe(false);
    expect(client.frames).toContain('Event: StatusComplete\r\nActionID: snap-4\r\nEventList: Complete\r\nListItems: 0\r\nItems: 0');
    expect(client.frames.find((f) => f.includes('ActionID: p1'))).toMatch(/Ping: Pong/);
    expect(client.frames.find((f) => f.includes('ActionID: q1'))).toMatch(/Message: Interface paused successfully/);
    expect(client.frames.find((f) => f.includes('ActionID: h1'))).toMatch(/^Response: Error\r\n.*\r\nMessage: No such channel/s);
    expect(server.actions.map((a) => a.name)).toEqual(['Login', 'CoreShowChannels', 'QueueStatus', 'QueueSummary', 'Agents', 'Status', 'Ping', 'QueuePause', 'Hangup']);
  });

  it('plays the live frames in order up to a recording time, then the rest, calling onFrame before each', async () => {
    const rec = loadRecording('agent-login-pause-logout');
    const live = liveInFrames(rec);
    const seen: number[] = [];
    server = await AmiReplayServer.start({ recording: rec, onFrame: (t) => void seen.push(t) });
    client = await RawClient.open(server.port);
    client.send(['Action: Login', 'Username: xuc', 'Secret: xucpass']);
    for (const lines of snapshotLines('s')) client.send(lines);
    const before = () => client!.frames.length;
    await server.waitForResync();
    await client.until(() => client!.frames.some((f) => f.startsWith('Event: StatusComplete')));
    const afterSnapshot = before();
    const firstPart = live.filter((f) => f.t <= 10_000).length;
    expect(await server.playUntil(10_000)).toBe(firstPart);
    expect(server.nextFrameTime).toBeGreaterThan(10_000);
    await server.playAll();
    await client.until(() => client!.frames.length === afterSnapshot + live.length);
    expect(client.frames.slice(afterSnapshot)).toEqual(live.map((f) => f.frame.replace(/\r\n\r\n$/, '')));
    expect(seen).toEqual(live.map((f) => f.t));
  });

  it('cuts the live byte stream at the given offsets without changing the bytes', async () => {
    const live = liveInFrames(loadRecording('internal-call')).slice(0, 40);
    const total = live.reduce((n, f) => n + Buffer.byteLength(f.frame), 0);
    server = await AmiReplayServer.start({ recording: 'internal-call', cutPoints: [1, 7, 100, 101, 2000, total - 2] });
    client = await RawClient.open(server.port);
    const chunks: string[] = [];
    client.send(['Action: Login', 'Username: xuc', 'Secret: xucpass']);
    for (const lines of snapshotLines('s')) client.send(lines);
    await server.waitForResync();
    await client.until(() => client!.frames.some((f) => f.startsWith('Event: StatusComplete')));
    client.socket.on('data', (c: string) => chunks.push(c));
    await server.playUntil(live[live.length - 1].t);
    const all = liveInFrames(loadRecording('internal-call')).filter((f) => f.t <= live[live.length - 1].t);
    await client.until(() => chunks.join('').length >= all.map((f) => f.frame).join('').length);
    expect(chunks.join('')).toBe(all.map((f) => f.frame).join(''));
    expect(chunks[0]).toBe('E');
  });

  it('restarts on the same port with the final snapshot after a kill', async () => {
    server = await AmiReplayServer.start({ recording: 'snapshot-during-call' });
    const port = server.port;
    client = await RawClient.open(port);
    await server.kill();
    await client.until(() => client!.closed);
    await server.restart({ snapshot: 'final', asteriskRestarted: true });
    expect(server.port).toBe(port);
    client = await RawClient.open(port);
    client.send(['Action: Login', 'Username: xuc', 'Secret: xucpass']);
    client.send(['Action: QueueStatus', 'ActionID: qs']);
    client.send(['Action: CoreStatus', 'ActionID: cs']);
    await client.until(() => client!.frames.some((f) => f.includes('ActionID: cs')));
    const support = client.frames.find((f) => f.startsWith('Event: QueueParams') && f.includes('Queue: support'));
    expect(support).toMatch(/Completed: 1/);
    expect(client.frames.find((f) => f.includes('ActionID: cs'))).toMatch(/CoreStartupDate: \d{4}-\d\d-\d\d\r\nCoreStartupTime: \d\d:\d\d:\d\d/);
    expect(server.connections).toBe(2);
  });

  it('answers from a parsed snapshot given by the test', async () => {
    const final = snapshotOf(loadRecording('queue-penalties'), 'final');
    server = await AmiReplayServer.start({ recording: 'agent-login-pause-logout', snapshot: final });
    client = await RawClient.open(server.port);
    client.send(['Action: Login', 'Username: xuc', 'Secret: xucpass']);
    client.send(['Action: QueueStatus', 'ActionID: qs']);
    await client.until(() => client!.frames.some((f) => f.startsWith('Event: QueueStatusComplete')));
    const members = client.frames.filter((f) => f.startsWith('Event: QueueMember\r\n'));
    expect(members).toHaveLength(final.queueStatus.filter((f) => f.name === 'QueueMember').length);
    expect(members.every((f) => f.endsWith('ActionID: qs'))).toBe(true);
    expect(client.frames.at(-1)).toBe(`Event: QueueStatusComplete\r\nActionID: qs\r\nEventList: Complete\r\nListItems: ${final.queueStatus.length}`);
  });

  it('never writes an answer inside a half-written live frame', async () => {
    const live = liveInFrames(loadRecording('internal-call'));
    const first = Buffer.byteLength(live[0].frame);
    server = await AmiReplayServer.start({ recording: 'internal-call', cutPoints: [10, first + 10, first + 20] });
    client = await RawClient.open(server.port);
    client.send(['Action: Login', 'Username: xuc', 'Secret: xucpass']);
    for (const lines of snapshotLines('s')) client.send(lines);
    await server.waitForResync();
    await client.until(() => client!.frames.some((f) => f.startsWith('Event: StatusComplete')));
    const before = client.frames.length;
    // Asks for a Pong as soon as the first piece (10 bytes into a frame) arrives.
    client.socket.once('data', () => client!.send(['Action: Ping', 'ActionID: mid']));
    await server.playUntil(live[3].t);
    await client.until(() => client!.frames.some((f) => f.includes('ActionID: mid')));
    const got = client.frames.slice(before);
    const pong = got.findIndex((f) => f.includes('ActionID: mid'));
    expect(got[pong]).toMatch(/^Response: Success\r\nActionID: mid\r\nPing: Pong/);
    expect(got.filter((_, i) => i !== pong)).toEqual(live.filter((f) => f.t <= live[3].t).map((f) => f.frame.replace(/\r\n\r\n$/, '')).slice(0, got.length - 1));
  });
});
