import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { OutboundBuffer } from '../../machines/sessionMachine.js';
import { textFrame } from './textFrame.js';
import type { TurnFlush, TurnWriter } from './turnFlush.js';

/**
 * A session's outbound buffer over its socket: counts the messages handed to the socket but not
 * yet written out. Past `limit` the client is not reading; the buffer stops accepting (so memory
 * stays bounded) and reports the overflow once. Nothing goes out before a socket is attached,
 * that is before the client is authenticated.
 *
 * The messages of one event-loop turn (a burst of AMI frames) are written to the TCP connection
 * together at the turn's end, each still its own WebSocket frame: one write per client per turn
 * instead of one per message. Frames go to the connection under the `ws` socket, which sends
 * nothing else but control frames (whole frames too) and the close frame, before which `flush`
 * is called.
 */
export class SocketOutbound implements OutboundBuffer, TurnWriter {
  private socket: WebSocket | undefined;
  private tcp: Duplex | undefined;
  private batch: Buffer[] = [];
  private inFlight = 0;
  private overflowed = false;

  constructor(
    private readonly limit: number,
    private readonly onOverflow: () => void,
    private readonly turns: TurnFlush,
  ) {}

  /** `tcp` is the connection under `socket`, where the frames are written. */
  attach(socket: WebSocket, tcp: Duplex): void {
    this.socket = socket;
    this.tcp = tcp;
  }

  get pending(): number {
    return this.inFlight;
  }

  push(message: string | Buffer): void {
    const socket = this.socket;
    if (!socket || this.overflowed || socket.readyState !== socket.OPEN) return;
    if (this.inFlight >= this.limit) {
      this.overflowed = true;
      this.onOverflow();
      return;
    }
    this.inFlight += 1;
    if (this.batch.push(typeof message === 'string' ? textFrame(message) : message) === 1) this.turns.atEndOfTurn(this);
  }

  endTurn(): void {
    this.flush();
  }

  /** Writes what waits now (before the close frame, so the client reads it first). */
  flush(): void {
    const batch = this.batch;
    if (batch.length === 0) return;
    this.batch = [];
    const socket = this.socket!;
    // A closing socket has sent its close frame: nothing may follow it.
    if (socket.readyState !== socket.OPEN || this.tcp!.destroyed) return;
    const count = batch.length;
    this.tcp!.write(count === 1 ? batch[0]! : Buffer.concat(batch), () => {
      this.inFlight -= count;
    });
  }
}
