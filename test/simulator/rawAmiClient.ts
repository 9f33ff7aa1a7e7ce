import { connect, type Socket } from 'node:net';

/** One received AMI frame: header pairs in order (lines split on CRLF or bare LF). */
export type RawFrame = Array<[string, string]>;

export const frameValue = (f: RawFrame, name: string): string | undefined => f.find(([k]) => k === name)?.[1];

/** A bare-socket AMI client for tests: it sees exactly what goes over the wire. */
export class RawAmiClient {
  readonly frames: RawFrame[] = [];
  banner = '';
  /** Everything received, byte for byte (after the banner). */
  rawText = '';
  private buffer = '';
  private waiters: Array<{ test: (f: RawFrame) => boolean; resolve: (f: RawFrame) => void; reject: (e: Error) => void }> = [];
  private constructor(private readonly socket: Socket) {}

  static open(port: number, host = '127.0.0.1'): Promise<RawAmiClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host);
      const client = new RawAmiClient(socket);
      socket.setEncoding('utf8');
      socket.once('error', reject);
      socket.on('data', (chunk: string) => client.receive(chunk));
      socket.on('close', () => client.failWaiters(new Error('socket closed')));
      const poll = setInterval(() => {
        if (client.banner) clearInterval(poll), resolve(client);
      }, 2);
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    this.rawText += chunk;
    if (!this.banner) {
      const nl = this.buffer.indexOf('\r\n');
      if (nl < 0) return;
      this.banner = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 2);
    }
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) break;
      const text = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 4);
      const frame: RawFrame = text.split(/\r?\n/).map((line) => {
        const i = line.indexOf(': ');
        return i < 0 ? [line.replace(/:$/, ''), ''] : [line.slice(0, i), line.slice(i + 2)];
      });
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.test(frame) ? (w.resolve(frame), false) : true));
    }
  }

  private failWaiters(e: Error): void {
    for (const w of this.waiters) w.reject(e);
    this.waiters = [];
  }

  /** Resolves with the first frame from now on that passes `test`. */
  waitFor(test: (f: RawFrame) => boolean): Promise<RawFrame> {
    return new Promise((resolve, reject) => this.waiters.push({ test, resolve, reject }));
  }

  sendRaw(text: string): void {
    this.socket.write(text);
  }

  /** Sends an action and resolves with its response (matched by ActionID). */
  async action(headers: Array<[string, string]>): Promise<RawFrame> {
    const id = headers.find(([k]) => k === 'ActionID')?.[1];
    const response = this.waitFor((f) => f[0][0] === 'Response' && frameValue(f, 'ActionID') === id);
    this.sendRaw(headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n');
    return response;
  }

  /** Sends a list action and resolves with the list events once `…Complete` arrived. */
  async list(headers: Array<[string, string]>): Promise<{ response: RawFrame; events: RawFrame[] }> {
    const id = headers.find(([k]) => k === 'ActionID')?.[1];
    const start = this.frames.length;
    const complete = this.waitFor((f) => frameValue(f, 'EventList') === 'Complete' && frameValue(f, 'ActionID') === id);
    const response = await this.action(headers);
    await complete;
    const events = this.frames.slice(start).filter((f) => f[0][0] === 'Event' && frameValue(f, 'ActionID') === id && frameValue(f, 'EventList') !== 'Complete');
    return { response, events };
  }

  close(): void {
    this.socket.destroy();
  }
}
