import { describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { startHarness, loginAs } from '../ws/support/harness.js';

describe('startServer: one HTTP server for REST, the CTI channel and the pages of other areas', () => {
  it('mounts extra routes and extra WebSocket endpoints beside ours; anything else is a JSON 404', async () => {
    const pages = new WebSocketServer({ noServer: true });
    const h = await startHarness({}, {
      extraRoutes: [
        (req, res) => {
          if (req.url !== '/status') return false;
          res.writeHead(200, { 'content-type': 'text/plain' }).end('all good');
          return true;
        },
      ],
      extraUpgrades: [
        (req, socket, head) => {
          if (req.url !== '/inspector/ws') return false;
          pages.handleUpgrade(req, socket, head, (ws) => ws.send('inspector here'));
          return true;
        },
      ],
    });
    try {
      const status = await fetch(`${h.server.url}/status`);
      expect(await status.text()).toBe('all good');
      const missing = await fetch(`${h.server.url}/nothing-here`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: 'NotFound' });
      const inspector = new WebSocket(h.wsUrl('/inspector/ws'));
      const first = await new Promise<string>((resolve, reject) => {
        inspector.once('message', (d) => resolve(String(d)));
        inspector.once('error', reject);
      });
      expect(first).toBe('inspector here');
      inspector.close();
      // The CTI channel still works on the same port.
      const alice = await loginAs(h, 'alice');
      expect(h.server.sessionCount()).toBe(1);
      alice.close();
    } finally {
      pages.close();
      await h.close();
    }
  });
});
