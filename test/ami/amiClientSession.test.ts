/**
 * The session reads the socket itself once logged in: what the library had already read with the
 * login response (FullyBooted in the same TCP segment) is delivered exactly once, and bytes are
 * decoded across chunk boundaries.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAmiFrame } from '../../src/transport/ami/amiFrameParser.js';
import { AmiClientSession } from '../../src/transport/ami/amiClientSession.js';
import { until } from './linkHarness.js';

let server: Server | undefined;
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** An AMI server that answers the Login with `afterLogin` in the same write, then hands the socket over. */
async function serve(afterLogin: string): Promise<{ port: number; socket: Promise<Socket> }> {
  let handOver!: (s: Socket) => void;
  const socket = new Promise<Socket>((resolve) => (handOver = resolve));
  server = createServer((s) => {
    sockets.add(s);
    s.write('Asterisk Call Manager/11.0.0\r\n');
    let text = '';
    s.on('data', (chunk) => {
      text += chunk.toString();
      const id = /ActionID: (.*)\r\n/i.exec(text)?.[1];
      if (!text.includes('\r\n\r\n') || !id) return;
      s.removeAllListeners('data');
      s.write(`Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n${afterLogin}`);
      handOver(s);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server!.address() as AddressInfo).port, socket };
}

const open = (port: number) =>
  AmiClientSession.open({ host: '127.0.0.1', port, username: 'xuc', secret: 's' }, { signal: new AbortController().signal });

describe('AmiClientSession', () => {
  it('delivers an event sent in the same segment as the login response exactly once, then the rest in order', async () => {
    const { port, socket } = await serve('Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: 12\r\n\r\nEvent: Pa');
    const session = await open(port);
    const frames: string[] = [];
    session.onFrame((raw) => frames.push(raw));
    const s = await socket;
    // A UTF-8 character cut between two writes, a repeated header and the bare-LF CallStarted line.
    const tail = Buffer.from('rtial\r\nName: café\r\nVariable: a=1\r\nVariable: b=2\r\n\r\nEvent: Agents\r\nCallStarted: 1\nLoggedInTime: 2\r\n\r\n');
    const cut = tail.indexOf(0xa9); // the second byte of é
    s.write(tail.subarray(0, cut));
    await new Promise((resolve) => setTimeout(resolve, 20));
    s.write(tail.subarray(cut));
    await until(() => frames.length >= 3, 'three frames');
    const parsed = frames.map((raw) => parseAmiFrame(raw)!);
    expect(parsed.map((f) => f.name)).toEqual(['FullyBooted', 'Partial', 'Agents']);
    expect(parsed[0]!.fields.Uptime).toBe('12');
    expect(parsed[1]!.fields.Name).toBe('café');
    expect(parsed[1]!.headers.filter(([k]) => k === 'Variable').map(([, v]) => v)).toEqual(['a=1', 'b=2']);
    expect(parsed[2]!.fields).toMatchObject({ CallStarted: '1', LoggedInTime: '2' });
    s.destroy();
    await session.whenClosed;
    expect(frames).toHaveLength(3);
  });
});
