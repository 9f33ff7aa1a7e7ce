import { canSeeQueue, canSeeUser, requireRight } from '../../auth/rights.js';
import { XucError } from '../../errors.js';
import type { CommandContext, HandlerTable } from './commandContext.js';
import { required } from './services.js';

/**
 * Commands served by the persistence area's services (default membership, history, directory,
 * callbacks). Without the service they answer `NotAvailable`, never silence.
 */
export const serviceCommands: HandlerTable<
  | 'getUserDefaultMembership' | 'setUserDefaultMembership' | 'setUsersDefaultMembership' | 'applyUsersDefaultMembership'
  | 'getUserCallHistory' | 'getAgentCallHistory' | 'getQueueCallHistory' | 'findCustomerCallHistory' | 'getUserCallHistoryByDays'
  | 'directoryLookUp' | 'getFavorites' | 'addFavorite' | 'removeFavorite'
  | 'getCallbackLists' | 'findCallbackRequest' | 'getCallbackPreferredPeriods' | 'takeCallback' | 'releaseCallback'
  | 'startCallback' | 'listenCallbackMessage' | 'updateCallbackTicket'
> = {
  async getUserDefaultMembership(ctx, args) {
    const service = membership(ctx);
    checkUsers(ctx, [args.userId]);
    ctx.reply('UserQueueDefaultMembership', { userId: args.userId, membership: await service.get(args.userId) });
  },
  async setUserDefaultMembership(ctx, args) {
    const service = membership(ctx);
    checkUsers(ctx, [args.userId]);
    await service.set(args.userId, args.membership);
    ctx.reply('UserQueueDefaultMembership', { userId: args.userId, membership: args.membership });
  },
  async setUsersDefaultMembership(ctx, args) {
    const service = membership(ctx);
    checkUsers(ctx, args.userIds);
    for (const userId of args.userIds) {
      await service.set(userId, args.membership);
      ctx.reply('UserQueueDefaultMembership', { userId, membership: args.membership });
    }
  },
  async applyUsersDefaultMembership(ctx, args) {
    const service = membership(ctx);
    checkUsers(ctx, args.userIds);
    await service.apply(args.userIds);
  },
  async getUserCallHistory(ctx, args) {
    ctx.reply('CallHistory', await history(ctx).byUser(ctx.user.id, args.size));
  },
  async getAgentCallHistory(ctx, args) {
    const service = history(ctx);
    if (ctx.user.agentId === undefined) throw new XucError('XUC_ERR_NO_AGENT', { user: ctx.user.username });
    ctx.reply('CallHistory', await service.byAgent(ctx.user.agentId, args.size));
  },
  async getQueueCallHistory(ctx, args) {
    const service = history(ctx);
    const queue = ctx.config.queues.find((q) => q.name === args.queue);
    if (!queue) throw new XucError('XUC_ERR_UNKNOWN_QUEUE', { queue: args.queue.slice(0, 100) });
    requireRight(canSeeQueue(ctx.user, queue.id, ctx.rightsView()), `queue ${queue.name} is not visible to you`);
    ctx.reply('CallHistory', await service.byQueue(queue.name, args.size));
  },
  async findCustomerCallHistory(ctx, args) {
    const service = history(ctx);
    ctx.reply('CustomerCallHistoryResponseWithId', { id: args.id, response: await service.findCustomer(args.request) });
  },
  async getUserCallHistoryByDays(ctx, args) {
    ctx.reply('CallHistoryByDays', await history(ctx).byUserDays(ctx.user.id, args.days));
  },
  async directoryLookUp(ctx, args) {
    ctx.reply('DirectoryResult', await directory(ctx).lookup(ctx.user, args.term));
  },
  async getFavorites(ctx) {
    ctx.reply('Favorites', await directory(ctx).favorites(ctx.user));
  },
  async addFavorite(ctx, args) {
    const service = directory(ctx);
    const action = await service.addFavorite(ctx.user, args.contactId, args.source).then(() => 'Added', () => 'AddFail');
    ctx.reply('FavoriteUpdated', { action, contact_id: args.contactId, source: args.source });
  },
  async removeFavorite(ctx, args) {
    const service = directory(ctx);
    const action = await service.removeFavorite(ctx.user, args.contactId, args.source).then(() => 'Removed', () => 'RemoveFail');
    ctx.reply('FavoriteUpdated', { action, contact_id: args.contactId, source: args.source });
  },
  async getCallbackLists(ctx) {
    ctx.reply('CallbackLists', await callbacks(ctx).lists(ctx.user));
    ctx.subscribe({ topic: 'callbackLists', on: true });
  },
  async findCallbackRequest(ctx, args) {
    ctx.reply('FindCallbackResponseWithId', { id: args.id, response: await callbacks(ctx).find(ctx.user, args.request) });
  },
  async getCallbackPreferredPeriods(ctx) {
    ctx.reply('PreferredCallbackPeriodList', await callbacks(ctx).preferredPeriods(ctx.user));
  },
  takeCallback: (ctx, args) => callbacks(ctx).take(ctx.user, args.uuid),
  releaseCallback: (ctx, args) => callbacks(ctx).release(ctx.user, args.uuid),
  async startCallback(ctx, args) {
    ctx.reply('CallbackStarted', await callbacks(ctx).start(ctx.user, args.uuid, args.number));
  },
  listenCallbackMessage: (ctx, args) => callbacks(ctx).listenMessage(ctx.user, args.voiceMessageRef),
  updateCallbackTicket: (ctx, args) => callbacks(ctx).updateTicket(ctx.user, args),
};

const membership = (ctx: CommandContext) => required(ctx.services.membership, 'default queue membership');
const history = (ctx: CommandContext) => required(ctx.services.history, 'call history');
const directory = (ctx: CommandContext) => required(ctx.services.directory, 'the directory');
const callbacks = (ctx: CommandContext) => required(ctx.services.callbacks, 'callbacks');

function checkUsers(ctx: CommandContext, userIds: number[]): void {
  for (const userId of userIds) {
    if (!ctx.config.users.some((u) => u.id === userId)) throw new XucError('XUC_ERR_UNKNOWN_USER', { user: userId });
    requireRight(canSeeUser(ctx.user, userId) && ctx.user.rights !== 'agent', `user ${userId}'s membership is not yours to manage`);
  }
}
