import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loginAs, startHarness, tokenUrl } from './support/harness.js';

/** Opens a raw WebSocket upgrade that never answers anything afterwards (not even a close frame). */
function deafClient(url: string): Promise<{ received: () => string; ended: Promise<void> }> {
  const { port, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let data = '';
    const ended = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      if (data.startsWith('HTTP/1.1 101')) resolve({ received: () => data, ended });
      else if (data.includes('\r\n\r\n')) reject(new Error(data.split('\r\n')[0]));
    });
    socket.write(
      `GET ${pathname}${search} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}

describe('RunningServer.close', () => {
  it('closes every CTI client with 1001 "server shutting down" by default, after their close handshake', async () => {
    const h = await startHarness();
    const clients = [await loginAs(h, 'alice'), await loginAs(h, 'sam')];
    expect([...h.server.sessionActors()]).toHaveLength(2);
    await h.server.close();
    for (const client of clients) expect(await client.waitClosed()).toEqual({ code: 1001, reason: 'server shutting down' });
    await expect(fetch(`${h.server.url}/status`)).rejects.toThrow();
  });

  it('uses the code and reason it is given', async () => {
    const h = await startHarness();
    const client = await loginAs(h, 'bob');
    await h.server.close({ code: 4000, reason: 'maintenance' });
    expect(await client.waitClosed()).toEqual({ code: 4000, reason: 'maintenance' });
  });

  it('does not wait past the grace period for a client that never answers the close', async () => {
    const h = await startHarness();
    const polite = await loginAs(h, 'alice');
    const deaf = await deafClient(tokenUrl(h, 'carol'));
    const started = Date.now();
    await h.server.close({ graceMs: 300 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((await polite.waitClosed()).code).toBe(1001);
    await deaf.ended;
    // The deaf client was sent the close frame (0x88) with 1001 before its socket was cut.
    expect(deaf.received()).toContain('server shutting down');
  });
});

describe('transport counters', () => {
  it('counts the errors answered to commands, by code', async () => {
    const h = await startHarness();
    try {
      const client = await loginAs(h, 'alice');
      client.send('{not json');
      await client.next('Error', (m) => m.code === 'XUC_ERR_INVALID_JSON');
      await client.request({ claz: 'web', command: 'noSuchCommand' }, 'Error', (m) => m.code === 'XUC_ERR_UNKNOWN_COMMAND');
      await client.request({ claz: 'web', command: 'noSuchCommand' }, 'Error', (m) => m.code === 'XUC_ERR_UNKNOWN_COMMAND');
      expect(h.server.transportCounters().commandErrors()).toEqual({ XUC_ERR_INVALID_JSON: 1, XUC_ERR_UNKNOWN_COMMAND: 2 });
      expect(h.server.transportCounters().droppedSlowClients()).toBe(0);
      client.close();
    } finally {
      await h.close();
    }
  });
});
