import { XucError } from '../../errors.js';
import { ownLine, type CommandContext, type HandlerTable } from './commandContext.js';
import { userConfigPayload } from './configMessages.js';
import type { UserSettings } from './userSettings.js';

/** Presence, DND and forwards (xuc-websocket.md §3.2), and `getConfig`. */
export const userCommands: HandlerTable<'userStatusUpdate' | 'dnd' | 'naFwd' | 'uncFwd' | 'busyFwd' | 'getConfig'> = {
  async userStatusUpdate(ctx, args) {
    const status = ctx.config.userStatuses.find((s) => s.name === args.status);
    if (!status) throw new XucError('XUC_ERR_NOT_FOUND', { what: `user status "${args.status.slice(0, 100)}"` });
    await ctx.services.userSettings.update(ctx.user.id, { status: status.name });
    ctx.toUser(ctx.user.id, 'UserStatusUpdate', { status: status.name });
    // A pausing status pauses the user's agent with the status as cause; an unpausing one readies it.
    const agentId = ctx.user.agentId;
    const agent = agentId === undefined ? undefined : ctx.engine.agentState(agentId);
    if (agentId === undefined || !agent || agent.name === 'AgentLoggedOut') return;
    const actions = new Set(status.actions.map((a) => a.name));
    if (actions.has('queuepause_all')) await ctx.engine.pauseAgent({ agentId, reason: status.name });
    else if (actions.has('queueunpause_all')) await ctx.engine.unpauseAgent({ agentId });
  },
  dnd: (ctx, args) => updateSettings(ctx, { dndEnabled: args.state }),
  naFwd: (ctx, args) => updateSettings(ctx, { naFwdEnabled: args.state, naFwdDestination: args.destination }),
  uncFwd: (ctx, args) => updateSettings(ctx, { uncFwdEnabled: args.state, uncFwdDestination: args.destination }),
  busyFwd: (ctx, args) => updateSettings(ctx, { busyFwdEnabled: args.state, busyFwdDestination: args.destination }),
  getConfig(ctx, args) {
    if (args.objectType !== 'line') throw new XucError('XUC_ERR_UNSUPPORTED', { what: `getConfig "${args.objectType.slice(0, 100)}"` });
    const line = ownLine(ctx);
    ctx.reply('LineConfig', { id: line.id, name: line.interface, number: line.number, context: line.context });
  },
};

async function updateSettings(ctx: CommandContext, patch: Partial<UserSettings>): Promise<void> {
  const settings = await ctx.services.userSettings.update(ctx.user.id, patch);
  ctx.toUser(ctx.user.id, 'UserConfigUpdate', userConfigPayload(ctx.user, settings));
}
