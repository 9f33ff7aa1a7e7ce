import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ConfigStore } from '../../../domain/configStore.js';
import type { Logger } from '../../../log.js';
import type { InspectionHub } from './inspectionHub.js';

export const INSPECTOR_STREAM_PATH = '/inspector/stream';

/** Resolves a bearer token to a user id, throwing when it is invalid or expired. */
export type TokenResolver = (token: string | null) => { userId: number };

const refuse = (socket: Duplex, status: string, reason: string) =>
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);

/**
 * The inspector's live feed: a WebSocket at /inspector/stream?token=… for admins only, checked
 * in the upgrade so nothing is sent before. Each message is one InspectorUpdate as JSON.
 */
export function createInspectorUpgrade(deps: {
  hub: InspectionHub;
  configStore: ConfigStore;
  resolveToken: () => TokenResolver;
  logger: Logger;
}) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  return (req: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== INSPECTOR_STREAM_PATH) return false;
    let userId: number;
    try {
      userId = deps.resolveToken()(url.searchParams.get('token')).userId;
    } catch (error) {
      refuse(socket, '401 Unauthorized', (error as Error).message);
      return true;
    }
    const user = deps.configStore.current().users.find((u) => u.id === userId);
    if (!user || user.rights !== 'admin') {
      refuse(socket, '403 Forbidden', 'the inspector needs the admin right');
      return true;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      deps.logger.info({ user: user.username }, 'inspector watching');
      const stop = deps.hub.watch((update) => {
        // A watcher that cannot keep up is dropped rather than buffered without bound.
        if (ws.bufferedAmount > 8 * 1024 * 1024) ws.close(1008, 'inspector client too slow');
        else ws.send(JSON.stringify(update));
      });
      ws.on('close', stop);
      ws.on('error', stop);
    });
    return true;
  };
}
