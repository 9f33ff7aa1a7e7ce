import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Command, CommandArgs } from '../../src/transport/ws/wireCommands.js';

/** Compile-time checks of the command union: field casing as on the wire. */
describe('wire command types', () => {
  it('agent commands use agentid, membership commands agentId', () => {
    expectTypeOf<CommandArgs<'pauseAgent'>>().toEqualTypeOf<{ agentid?: number; reason?: string }>();
    expectTypeOf<CommandArgs<'setAgentQueue'>>().toEqualTypeOf<{ agentId: number; queueId: number; penalty: number }>();
    const ok: Command = { command: 'dial', args: { destination: '1001' } };
    // @ts-expect-error agentLogin has no agentId (camel case) field
    const wrong: Command = { command: 'agentLogin', args: { agentId: 1 } };
    // @ts-expect-error there is no command "teleport"
    const unknown: Command = { command: 'teleport', args: {} };
    expect([ok, wrong, unknown]).toHaveLength(3);
  });
});
