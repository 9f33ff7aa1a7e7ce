import type { WebSocket } from 'ws';
import type { OutboundBuffer } from '../../machines/sessionMachine.js';

/**
 * A session's outbound buffer over its socket: counts the messages handed to the socket but not
 * yet written out. Past `limit` the client is not reading; the buffer stops accepting (so memory
 * stays bounded) and reports the overflow once. Nothing goes out before a socket is attached,
 * that is before the client is authenticated.
 */
export class SocketOutbound implements OutboundBuffer {
  private socket: WebSocket | undefined;
  private inFlight = 0;
  private overflowed = false;
  private readonly written = () => {
    this.inFlight -= 1;
  };

  constructor(
    private readonly limit: number,
    private readonly onOverflow: () => void,
  ) {}

  attach(socket: WebSocket): void {
    this.socket = socket;
  }

  get pending(): number {
    return this.inFlight;
  }

  push(json: string): void {
    const socket = this.socket;
    if (!socket || this.overflowed || socket.readyState !== socket.OPEN) return;
    if (this.inFlight >= this.limit) {
      this.overflowed = true;
      this.onOverflow();
      return;
    }
    this.inFlight += 1;
    socket.send(json, this.written);
  }
}
