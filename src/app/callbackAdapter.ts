import { canSeeQueue, requireRight, type RightsView } from '../auth/rights.js';
import type { User } from '../domain/contactCenterConfig.js';
import { XucError } from '../errors.js';
import type { CallbackService as StoredCallbacks } from '../services/callbackService.js';
import type { CallbackListener, CallbackService, WirePayload } from '../transport/ws/services.js';
import { toWire } from './wirePayload.js';

const agentOf = (caller: User): number => {
  if (caller.agentId === undefined) throw new XucError('XUC_ERR_NO_AGENT', { user: caller.username });
  return caller.agentId;
};


/**
 * The callback service as the transports call it: the caller's rights decide which lists it sees,
 * its agent takes and starts, its line dials. Each change is told to the clients that see the queue.
 */
export function callbacksForTransport(service: StoredCallbacks, rightsView: () => RightsView): CallbackService {
  const visibleQueues = (caller: User): number[] | undefined => {
    if (caller.rights === 'admin') return undefined;
    const view = rightsView();
    return view.config.queues.filter((q) => canSeeQueue(caller, q.id, view)).map((q) => q.id);
  };
  return {
    async lists(caller) {
      return toWire(await service.getCallbackLists(visibleQueues(caller)));
    },
    async find(caller, request) {
      requireRight(caller.rights !== 'agent' || caller.agentId !== undefined, 'finding callbacks needs an agent');
      const { response } = await service.findCallbackRequest(0, request);
      return response as unknown as { list: WirePayload[]; total: number };
    },
    async preferredPeriods() {
      return toWire(await service.getCallbackPreferredPeriods());
    },
    take: (caller, uuid) => service.takeCallback(uuid, agentOf(caller)),
    release: (caller, uuid) => service.releaseCallback(uuid, agentOf(caller)),
    async start(caller, uuid, number) {
      const agentId = agentOf(caller);
      if (caller.lineId === undefined) throw new XucError('XUC_ERR_NO_LINE', { user: caller.username });
      const { ticketUuid } = await service.startCallback(uuid, agentId, caller.lineId, number);
      return { requestUuid: uuid, ticketUuid };
    },
    async listenMessage() {
      throw new XucError('XUC_ERR_NOT_AVAILABLE', { feature: 'listening to callback voice messages' });
    },
    updateTicket: (caller, { uuid, ...update }) => service.updateCallbackTicket(uuid, agentOf(caller), update),
    subscribe(listener: CallbackListener) {
      return service.onMessage((message) => {
        // A list's content changed (import, deletion): the transport re-sends the lists to who asked.
        if (message.msgType === 'CallbackListsChanged') return listener({ kind: 'callbackListsChanged', queueId: message.queueId });
        listener({ msgType: message.msgType, ctiMessage: message.ctiMessage, scope: { queueId: message.queueId } });
      });
    },
  };
}
