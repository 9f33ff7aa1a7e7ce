/**
 * Callbacks as the clients see them (shared/protocol/xuc-websocket.md §4.8, product documentation
 * §1.3.1 and §1.3.3): periods, lists attached to a queue, requests, tickets, and the messages the
 * callback service produces for the transports.
 */

/** Results an agent gives a performed callback; `Callback` reschedules it instead of closing it. */
export const callbackStatuses = ['NoAnswer', 'Answered', 'Fax', 'Email', 'Callback'] as const;
export type CallbackStatus = (typeof callbackStatuses)[number];

/** A preferred interval of the day; times `HH:mm:ss`. */
export interface CallbackPeriod {
  uuid: string;
  name: string;
  periodStart: string;
  periodEnd: string;
  default: boolean;
}

/** Who to call back and why: the fields a request, its CSV line and its ticket share. */
export interface CallbackContact {
  phoneNumber: string | null;
  mobilePhoneNumber: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  description: string | null;
}

/** A callback request; `agentId` null while no agent holds it, `dueDate` `YYYY-MM-DD`. */
export interface CallbackRequest extends CallbackContact {
  uuid: string;
  listUuid: string;
  queueId: number;
  agentId: number | null;
  dueDate: string;
  preferredPeriod: CallbackPeriod;
  clotured: boolean;
}

export interface CallbackList {
  uuid: string;
  name: string;
  queueId: number;
  /** The open (not clotured) requests. */
  callbacks: CallbackRequest[];
}

/** What performing a request produced; `status` null until the agent saves a result. */
export interface CallbackTicket extends CallbackContact {
  uuid: string;
  requestUuid: string;
  listUuid: string;
  dueDate: string;
  periodName: string;
  calledNumber: string;
  /** ISO 8601 UTC. */
  startDate: string;
  lastUpdate: string;
  comment: string | null;
  status: CallbackStatus | null;
  agentId: number;
}

/**
 * A callback message for the clients subscribed to `queueId`'s callbacks (`agentId`: the agent it
 * concerns, for messages meant only for that agent's sessions such as `CallbackStarted`).
 */
export type CallbackMessage =
  | { msgType: 'CallbackTaken'; queueId: number; agentId: number; ctiMessage: { uuid: string; agentId: number } }
  | { msgType: 'CallbackReleased'; queueId: number; agentId: number; ctiMessage: { uuid: string } }
  | { msgType: 'CallbackStarted'; queueId: number; agentId: number; ctiMessage: { requestUuid: string; ticketUuid: string } }
  | { msgType: 'CallbackClotured'; queueId: number; agentId: number; ctiMessage: { uuid: string } }
  | { msgType: 'CallbackRequestUpdated'; queueId: number; agentId?: number; ctiMessage: { request: CallbackRequest } };

/**
 * Not a wire message: the requests of a queue's lists changed (supervisor import, creation,
 * deletion); transports re-send `CallbackLists` to that queue's subscribers.
 */
export interface CallbackListsChanged {
  msgType: 'CallbackListsChanged';
  queueId: number;
}

export type CallbackListener = (message: CallbackMessage | CallbackListsChanged) => void;
