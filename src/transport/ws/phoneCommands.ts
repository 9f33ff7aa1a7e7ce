import { canSeeQueue, requireRight } from '../../auth/rights.js';
import { phoneStatusCodes } from '../../domain/xucMessages.js';
import { XucError } from '../../errors.js';
import { attachedData, existingQueue, ownLine, type CommandContext, type HandlerTable } from './commandContext.js';
import { phoneStatusOf } from './phoneStatus.js';

/** Phone control (xuc-websocket.md §3.4): always on the caller's own line. */
export const phoneCommands: HandlerTable<
  | 'dial' | 'dialFromMobile' | 'dialFromQueue' | 'dialByUsername' | 'originate' | 'answer' | 'hangup' | 'hold'
  | 'directTransfer' | 'attendedTransfer' | 'completeTransfer' | 'cancelTransfer' | 'conference' | 'setData'
  | 'getCurrentCallsPhoneEvents' | 'sendDtmf' | 'subscribeToPhoneHints' | 'unsubscribeFromAllPhoneHints'
> = {
  dial: (ctx, args) =>
    ctx.engine.dial({ lineId: ownLine(ctx).id, destination: args.destination, variables: attachedData(args.variables) }),
  dialFromMobile(ctx, args) {
    if (!ctx.user.mobileNumber) throw new XucError('XUC_ERR_CONFLICT', { detail: `user ${ctx.user.username} has no mobile number` });
    return ctx.engine.dialFromNumber({ from: ctx.user.mobileNumber, destination: args.destination, variables: attachedData(args.variables) });
  },
  dialFromQueue(ctx, args) {
    existingQueue(ctx.config, args.queueId);
    requireRight(canSeeQueue(ctx.user, args.queueId, ctx.rightsView()), `queue ${args.queueId} is not yours`);
    return ctx.engine.dialFromQueue({
      queueId: args.queueId,
      destination: args.destination,
      callerIdName: args.callerIdName,
      callerIdNumber: args.callerIdNumber,
      variables: attachedData(args.variables),
    });
  },
  dialByUsername(ctx, args) {
    const callee = ctx.config.users.find((u) => u.username === args.username);
    if (!callee) throw new XucError('XUC_ERR_UNKNOWN_USER', { user: args.username });
    const line = ctx.config.lines.find((l) => l.id === callee.lineId);
    if (!line) throw new XucError('XUC_ERR_NO_LINE', { user: args.username });
    return ctx.engine.dial({ lineId: ownLine(ctx).id, destination: line.number });
  },
  originate: (ctx, args) => ctx.engine.dial({ lineId: ownLine(ctx).id, destination: args.destination }),
  answer: (ctx, args) => ctx.engine.answer({ lineId: ownLine(ctx).id, uniqueId: args.uniqueId }),
  hangup: (ctx, args) => ctx.engine.hangup({ lineId: ownLine(ctx).id, uniqueId: args.uniqueId }),
  hold: (ctx, args) => ctx.engine.hold({ lineId: ownLine(ctx).id, uniqueId: args.uniqueId }),
  directTransfer: (ctx, args) => ctx.engine.directTransfer({ lineId: ownLine(ctx).id, destination: args.destination }),
  attendedTransfer: (ctx, args) => ctx.engine.attendedTransfer({ lineId: ownLine(ctx).id, destination: args.destination }),
  completeTransfer: (ctx) => ctx.engine.completeTransfer({ lineId: ownLine(ctx).id }),
  cancelTransfer: (ctx) => ctx.engine.cancelTransfer({ lineId: ownLine(ctx).id }),
  conference: (ctx) => ctx.engine.conference({ lineId: ownLine(ctx).id }),
  setData: (ctx, args) => ctx.engine.setData({ lineId: ownLine(ctx).id, variables: attachedData(args.variables)! }),
  getCurrentCallsPhoneEvents(ctx) {
    ctx.reply('CurrentCallsPhoneEvents', { events: ctx.engine.currentCalls(ownLine(ctx).id) });
  },
  sendDtmf: (ctx, args) => ctx.engine.sendDtmf({ lineId: ownLine(ctx).id, key: args.key }),
  subscribeToPhoneHints(ctx, args) {
    ctx.subscribe({ topic: 'phoneHints', numbers: args.phoneNumbers, on: true });
    for (const number of args.phoneNumbers) ctx.reply('PhoneHintStatusEvent', { number, status: hintStatus(ctx, number) });
  },
  unsubscribeFromAllPhoneHints(ctx) {
    ctx.subscribe({ topic: 'phoneHints', numbers: [], on: false });
  },
};

/** Integer state of any number: a configured line's state, or UNEXISTING. */
export function hintStatus(ctx: Pick<CommandContext, 'config' | 'engine'>, number: string): number {
  const line = ctx.config.lines.find((l) => l.number === number);
  if (!line) return phoneStatusCodes.UNEXISTING;
  return phoneStatusCodes[phoneStatusOf(ctx.engine.currentCalls(line.id))];
}
