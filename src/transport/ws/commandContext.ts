import type { ContactCenterConfig, Line, Queue, User } from '../../domain/contactCenterConfig.js';
import type { EngineApi } from '../../domain/engineApi.js';
import type { Logger } from '../../log.js';
import { canSeeAgent, requireRight, type RightsView } from '../../auth/rights.js';
import type { SubscriptionChange } from '../../machines/sessionMachine.js';
import { XucError } from '../../errors.js';
import type { CommandArgs, CommandName } from './wireCommands.js';
import type { ResolvedServices } from './services.js';

/** What a command handler may use: the caller, the engine, the services, and ways to answer. */
export interface CommandContext {
  user: User;
  /** The phone number given at connection, '' for none. */
  phoneNumber: string;
  engine: EngineApi;
  config: ContactCenterConfig;
  services: ResolvedServices;
  logger: Logger;
  reply(msgType: string, payload: unknown): void;
  subscribe(change: SubscriptionChange): void;
  /** Sends to every open session of a user (their own config and presence). */
  toUser(userId: number, msgType: string, payload: unknown): void;
  rightsView(): RightsView;
}

export type Handler<C extends CommandName> = (ctx: CommandContext, args: CommandArgs<C>) => Promise<void> | void;
export type HandlerTable<K extends CommandName> = { [C in K]: Handler<C> };

/** The agent a command acts on: the given one, or the caller's own; checked against rights. */
export function targetAgent(ctx: CommandContext, given: number | undefined): number {
  const agentId = given ?? ctx.user.agentId;
  if (agentId === undefined) throw new XucError('XUC_ERR_NO_AGENT', { user: ctx.user.username });
  if (!ctx.config.agents.some((a) => a.id === agentId)) throw new XucError('XUC_ERR_UNKNOWN_AGENT', { agent: agentId });
  requireRight(canSeeAgent(ctx.user, agentId, ctx.rightsView()), `agent ${agentId} is not yours to act on`);
  return agentId;
}

/** The caller's own line: phone commands only ever act on it. */
export function ownLine(ctx: CommandContext): Line {
  const line = ctx.config.lines.find((l) => l.id === ctx.user.lineId);
  if (!line) throw new XucError('XUC_ERR_NO_LINE', { user: ctx.user.username });
  return line;
}

export function existingQueue(config: ContactCenterConfig, queueId: number): Queue {
  const queue = config.queues.find((q) => q.id === queueId);
  if (!queue) throw new XucError('XUC_ERR_UNKNOWN_QUEUE', { queue: queueId });
  return queue;
}

/** Attached data travels as `USR_<key>` (xuc-websocket.md §3.4); the prefix is added when missing. */
export function attachedData(variables: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!variables) return undefined;
  return Object.fromEntries(Object.entries(variables).map(([k, v]) => [k.startsWith('USR_') ? k : `USR_${k}`, v]));
}
