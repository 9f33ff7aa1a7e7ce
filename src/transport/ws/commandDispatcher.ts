import type { CommandContext, Handler, HandlerTable } from './commandContext.js';
import type { Command, CommandName } from './wireCommands.js';
import { agentCommands } from './agentCommands.js';
import { phoneCommands } from './phoneCommands.js';
import { serviceCommands } from './serviceCommands.js';
import { supervisionCommands } from './supervisionCommands.js';
import { userCommands } from './userCommands.js';

/** Every command of the protocol has exactly one handler: the compiler checks the table is complete. */
const handlers: HandlerTable<CommandName> = {
  ...agentCommands,
  ...phoneCommands,
  ...userCommands,
  ...supervisionCommands,
  ...serviceCommands,
};

/** Runs a validated command; rejects with the XucError to report. */
export async function dispatchCommand(ctx: CommandContext, command: Command): Promise<void> {
  const handler = handlers[command.command] as Handler<CommandName>;
  await handler(ctx, command.args as never);
}
