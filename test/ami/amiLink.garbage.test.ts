import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useLiveLink } from './linkHarness.js';

const linked = useLiveLink('agent-login-pause-logout');

const sentinelArrived = (n: number) =>
  new Promise<void>((resolve) => {
    const off = linked.probe().link.onEvent((f) => {
      if (f.name === 'Sentinel' && f.fields.N === String(n)) off(), resolve();
    });
  });

describe('AMI link: whatever Asterisk sends', () => {
  it('never throws nor drops the link on arbitrary bytes, and parses the next frame', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        // `Response: Follows` switches the library's framer to legacy Command output until
        // `--END COMMAND--`; Asterisk 22 never sends it, and the Ping deadline recovers if it does.
        fc.string({ unit: 'binary', maxLength: 300 }).filter((s) => !/Response:\sFollows/i.test(s)),
        async (garbage) => {
          const i = ++n;
          const arrived = sentinelArrived(i);
          linked.server().send(`${garbage}\r\n\r\nEvent: Sentinel\r\nN: ${i}\r\n\r\n`);
          await arrived;
          expect(linked.probe().link.state()).toBe('live');
        },
      ),
      { numRuns: 200 },
    );
    expect(linked.probe().link.stats()).toMatchObject({ logins: 1, state: 'live' });
  });
});
