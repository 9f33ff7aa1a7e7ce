import { canSeeAgent, requireRight } from '../../auth/rights.js';
import { XucError, isXucError } from '../../errors.js';
import { ownLine, targetAgent, type CommandContext, type HandlerTable } from './commandContext.js';

/**
 * Agent commands (xuc-websocket.md §3.3). Login failures for agent reasons answer `AgentError`
 * (PhoneNumberUnknown, LoggedInOnAnotherPhone), every other failure a plain `Error`.
 */
export const agentCommands: HandlerTable<
  'agentLogin' | 'agentLogout' | 'pauseAgent' | 'unpauseAgent' | 'listenAgent' | 'monitorPause' | 'monitorUnpause' | 'setAgentGroup'
> = {
  async agentLogin(ctx, args) {
    const agentId = targetAgent(ctx, args.agentid);
    const phoneNumber = args.agentphonenumber || ctx.phoneNumber || lineNumber(ctx);
    if (!phoneNumber) throw new XucError('XUC_ERR_INVALID_FIELD', { field: 'agentphonenumber', detail: 'is required' });
    const current = ctx.engine.agentState(agentId);
    // Already logged on that line: the login is a no-op, the client just gets the state again.
    if (current && current.name !== 'AgentLoggedOut' && current.phoneNb === phoneNumber) {
      ctx.reply('AgentStateEvent', current);
      return;
    }
    try {
      await ctx.engine.agentLogin({ agentId, phoneNumber });
    } catch (e) {
      if (!replyAgentError(ctx, e, phoneNumber)) throw e;
    }
  },
  agentLogout: (ctx, args) => ctx.engine.agentLogout({ agentId: targetAgent(ctx, args.agentid) }),
  pauseAgent: (ctx, args) => ctx.engine.pauseAgent({ agentId: targetAgent(ctx, args.agentid), reason: args.reason ?? '' }),
  unpauseAgent: (ctx, args) => ctx.engine.unpauseAgent({ agentId: targetAgent(ctx, args.agentid) }),
  listenAgent(ctx, args) {
    requireRight(ctx.user.rights !== 'agent', 'only supervisors listen to agents');
    const agentId = targetAgent(ctx, args.agentid);
    return ctx.engine.listenAgent({ agentId, listenerLineId: ownLine(ctx).id });
  },
  monitorPause: (ctx, args) => ctx.engine.monitorPause({ agentId: targetAgent(ctx, args.agentid) }),
  monitorUnpause: (ctx, args) => ctx.engine.monitorUnpause({ agentId: targetAgent(ctx, args.agentid) }),
  setAgentGroup(ctx, args) {
    targetAgent(ctx, args.agentId);
    if (!ctx.config.agentGroups.some((g) => g.id === args.groupId)) {
      throw new XucError('XUC_ERR_UNKNOWN_GROUP', { group: args.groupId });
    }
    requireRight(ctx.user.rights === 'admin' || canSeeAgent(ctx.user, args.agentId, ctx.rightsView()) && ctx.user.rights === 'supervisor', 'agents change groups by a supervisor');
    // Agent groups are configuration, which only the persistence area can change.
    throw new XucError('XUC_ERR_NOT_AVAILABLE', { feature: 'changing agent groups' });
  },
};

const lineNumber = (ctx: CommandContext) => ctx.config.lines.find((l) => l.id === ctx.user.lineId)?.number ?? '';

/** Turns the engine's agent-login refusals into `AgentError`; false for any other error. */
function replyAgentError(ctx: CommandContext, e: unknown, requested: string): boolean {
  if (!isXucError(e)) return false;
  if (e.code === 'XUC_ERR_PHONE_NUMBER_UNKNOWN') {
    ctx.reply('AgentError', { Error: 'PhoneNumberUnknown' });
    return true;
  }
  if (e.code === 'XUC_ERR_LOGGED_IN_ON_ANOTHER_PHONE') {
    const phoneNb = String(e.params.phoneNb ?? '');
    ctx.reply('AgentError', { Error: 'LoggedInOnAnotherPhone', phoneNb, RequestedNb: String(e.params.requestedNb ?? requested) });
    return true;
  }
  return false;
}
