import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandSchemas } from '../../src/transport/ws/wireCommands.js';
import { startHarness, loginAs, type Harness } from './support/harness.js';

const commandNames = Object.keys(commandSchemas);

/** Frames a confused or hostile client might send: garbage text, JSON of any shape, near-miss commands. */
const frameArb = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc
    .record({
      claz: fc.oneof(fc.constant('web'), fc.constant('ping'), fc.string({ maxLength: 8 })),
      command: fc.oneof(fc.constantFrom(...commandNames), fc.string({ maxLength: 12 }), fc.integer()),
      agentid: fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.constant(null)),
      agentId: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.string({ maxLength: 4 })),
      queueId: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant('1')),
      destination: fc.string({ maxLength: 12 }),
      objectType: fc.constantFrom('queue', 'agent', 'queuemember', 'agentgroup', 'meetme', 'x'),
      state: fc.oneof(fc.boolean(), fc.string({ maxLength: 3 })),
      variables: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
    }, { requiredKeys: [] })
    .map((o) => JSON.stringify(o)),
);

describe('fuzzing the WebSocket channel', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ws: { rateLimitBurst: 20_000, rateLimitPerSecond: 20_000, outboundBufferMessages: 50_000 } });
  });
  afterAll(() => h.close());

  it('after 10,000 arbitrary frames a well-formed command is still answered correctly', async () => {
    const client = await loginAs(h, 'root');
    const frames = fc.sample(frameArb, { numRuns: 10_000, seed: 20161 });
    for (const frame of frames) client.send(frame);
    // Every frame gets at most its answer, then the server is still there and correct.
    // Frames are served in order: the answer comes after the 10,000 others (patience for a loaded machine).
    const queues = await client.request({ claz: 'web', command: 'getList', objectType: 'queue' }, 'QueueList', undefined, 60_000);
    expect(queues.ctiMessage.map((q: any) => q.id)).toEqual([1, 2]);
    expect(client.closed).toBeUndefined();
    for (const raw of client.raw) expect(() => JSON.parse(raw)).not.toThrow();
    expect(client.raw.every((r) => r !== 'null')).toBe(true);
    client.close();
  }, 90_000);

  it('decoding never throws anything but an XucError (property)', async () => {
    const { decodeFrame } = await import('../../src/transport/ws/wireCodec.js');
    const { XucError } = await import('../../src/errors.js');
    fc.assert(
      fc.property(frameArb, (frame) => {
        try {
          decodeFrame(frame);
        } catch (e) {
          expect(e).toBeInstanceOf(XucError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
