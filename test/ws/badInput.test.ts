import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, loginAs, type Harness } from './support/harness.js';

describe('bad input gets a clear Error and the connection survives', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ws: { rateLimitBurst: 40, rateLimitPerSecond: 5 } });
  });
  afterAll(() => h.close());

  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['invalid JSON', '{"claz":"web",', { Error: 'InvalidJson' }],
    ['a JSON array', '[1,2]', { Error: 'InvalidJson', message: 'frame must be a JSON object' }],
    ['JSON null', 'null', { Error: 'InvalidJson' }],
    ['a JSON string', '"hello"', { Error: 'InvalidJson' }],
    ['an unknown claz', '{"claz":"teleport"}', { Error: 'UnknownClaz', message: 'unknown claz "teleport"' }],
    ['no claz', '{"command":"dial"}', { Error: 'UnknownClaz' }],
    ['an unknown command', '{"claz":"web","command":"teleport"}', { Error: 'UnknownCommand', command: 'teleport' }],
    ['a command that is not a string', '{"claz":"web","command":42}', { Error: 'InvalidField' }],
    ['a later-only command', '{"claz":"web","command":"getIceConfig"}', { Error: 'Unsupported', command: 'getIceConfig' }],
    ['a missing field', '{"claz":"web","command":"dial"}', { Error: 'InvalidField', command: 'dial' }],
    ['a mistyped field', '{"claz":"web","command":"dnd","state":"yes"}', { Error: 'InvalidField', command: 'dnd' }],
    ['a non-numeric id', '{"claz":"web","command":"pauseAgent","agentid":"abc"}', { Error: 'InvalidField', command: 'pauseAgent' }],
    ['a negative id', '{"claz":"web","command":"setAgentQueue","agentId":-1,"queueId":1}', { Error: 'InvalidField' }],
    ['an unknown getList type', '{"claz":"web","command":"getList","objectType":"spaceship"}', { Error: 'Unsupported', command: 'getList' }],
  ];

  it.each(cases)('%s', async (_name, frame, expected) => {
    const client = await loginAs(h, 'root');
    const error = await client.request(frame, 'Error');
    expect(error.ctiMessage).toMatchObject(expected);
    expect(typeof error.ctiMessage.message).toBe('string');
    // The same connection still answers a well-formed command.
    const queues = await client.request({ claz: 'web', command: 'getList', objectType: 'queue' }, 'QueueList');
    expect(queues.ctiMessage).toHaveLength(2);
    client.close();
  });

  it('names the missing field', async () => {
    const client = await loginAs(h, 'root');
    const error = await client.request({ claz: 'web', command: 'setAgentQueue', agentId: 1 }, 'Error');
    expect(error.ctiMessage.message).toMatch(/invalid field queueId/);
    client.close();
  });

  it('closes with 1009 a frame over ws.maxFrameBytes; the server keeps serving others', async () => {
    const big = await loginAs(h, 'alice');
    big.send(JSON.stringify({ claz: 'web', command: 'dial', destination: 'x'.repeat(70 * 1024) }));
    expect((await big.waitClosed()).code).toBe(1009);
    const other = await loginAs(h, 'bob');
    await other.sync();
    other.close();
  });

  it('closes a flooding client with 1008 after a RateLimited error', async () => {
    const flood = await loginAs(h, 'carol');
    for (let i = 0; i < 100; i++) flood.send({ claz: 'ping' });
    const closed = await flood.waitClosed();
    expect(closed).toEqual({ code: 1008, reason: 'rate limit exceeded' });
    expect(flood.frames.find((f) => f.msgType === 'Error')!.ctiMessage).toMatchObject({ Error: 'RateLimited' });
    const other = await loginAs(h, 'carol');
    await other.sync();
    other.close();
  });

  it('answers a binary frame with InvalidJson', async () => {
    const client = await loginAs(h, 'root');
    const from = client.frames.length;
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    const error = await client.next('Error', () => true, from);
    expect(error.ctiMessage.Error).toBe('InvalidJson');
    client.close();
  });
});
