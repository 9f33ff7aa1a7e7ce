import type { CallbackList, CallbackPeriod, CallbackRequest } from '../../domain/callback.js';
import type { User } from '../../domain/contactCenterConfig.js';
import type { AgentStatisticsPayload, StatCounter } from '../../domain/xucMessages.js';
import { XucError } from '../../errors.js';
import { MemoryUserSettings, type UserSettingsService } from './userSettings.js';

/**
 * The features the transports serve but do not own (callbacks, default membership, call history,
 * directory and favourites, daily statistics): small interfaces the persistence and statistics
 * areas implement. Until they do, every call answers a clear `NotAvailable` error.
 * Payloads are the wire shapes of xuc-websocket.md §4.5–§4.8, passed through as they are.
 */
export type WirePayload = Record<string, unknown>;

/** A message a service pushes on its own (a callback taken by someone else, a membership change). */
export interface ServiceMessage {
  msgType: string;
  ctiMessage: unknown;
  /** Who may see it; absent fields do not restrict. */
  scope: { queueId?: number; agentId?: number; userId?: number };
}
export type ServiceListener = (message: ServiceMessage) => void;

/**
 * Not a wire message: the requests of a queue's callback lists changed (supervisor import,
 * creation, deletion). The transport re-sends `CallbackLists` to the sessions that asked for them.
 */
export interface CallbackListsChangedNotice {
  kind: 'callbackListsChanged';
  queueId: number;
}
export type CallbackListener = (message: ServiceMessage | CallbackListsChangedNotice) => void;

export interface CallbackService {
  lists(caller: User): Promise<WirePayload[]>;
  find(caller: User, request: Record<string, unknown>): Promise<{ list: WirePayload[]; total: number }>;
  preferredPeriods(caller: User): Promise<WirePayload[]>;
  take(caller: User, uuid: string): Promise<void>;
  release(caller: User, uuid: string): Promise<void>;
  /** Opens a ticket and dials; answers `CallbackStarted`'s payload. */
  start(caller: User, uuid: string, number: string): Promise<{ requestUuid: string; ticketUuid: string }>;
  listenMessage(caller: User, voiceMessageRef: string): Promise<void>;
  updateTicket(
    caller: User,
    update: { uuid: string; status: string; comment?: string; dueDate?: string; periodUuid?: string },
  ): Promise<void>;
  subscribe(listener: CallbackListener): () => void;
}

/**
 * The supervisor's side of callbacks, for REST (docs/callbacks.md): lists, periods, requests, CSV
 * import and ticket export. Inputs are validated by the service (XUC_ERR_INVALID_FIELD).
 */
export interface CallbackAdminService {
  listLists(): Promise<CallbackList[]>;
  createList(input: unknown): Promise<CallbackList>;
  deleteList(uuid: string): Promise<void>;
  /** The queue a list belongs to, or XUC_ERR_NOT_FOUND (the rights check needs it first). */
  listQueue(uuid: string): Promise<number>;
  listPeriods(): Promise<CallbackPeriod[]>;
  createPeriod(input: unknown): Promise<CallbackPeriod>;
  deletePeriod(uuid: string): Promise<void>;
  createRequest(listUuid: string, input: unknown): Promise<CallbackRequest>;
  /** One request, clotured or not, or XUC_ERR_NOT_FOUND. */
  getRequest(uuid: string): Promise<CallbackRequest>;
  deleteRequest(uuid: string): Promise<void>;
  importCsv(listUuid: string, content: string): Promise<{ imported: number }>;
  exportTickets(listUuid: string): Promise<string>;
}

export interface MembershipEntry {
  queueId: number;
  penalty: number;
}

export interface MembershipService {
  get(userId: number): Promise<MembershipEntry[]>;
  all(): Promise<Array<{ userId: number; membership: MembershipEntry[] }>>;
  set(userId: number, membership: MembershipEntry[]): Promise<void>;
  /** Makes each user's agent's live membership equal to its default. */
  apply(userIds: number[]): Promise<void>;
}

export interface HistoryService {
  byUser(userId: number, size: number): Promise<WirePayload[]>;
  byAgent(agentId: number, size: number): Promise<WirePayload[]>;
  byQueue(queueName: string, size: number): Promise<WirePayload[]>;
  byUserDays(userId: number, days: number): Promise<WirePayload[]>;
  findCustomer(request: Record<string, unknown>): Promise<{ list: WirePayload[]; total: number }>;
}

export interface DirectoryService {
  lookup(caller: User, term: string): Promise<WirePayload>;
  favorites(caller: User): Promise<WirePayload>;
  addFavorite(caller: User, contactId: string, source: string): Promise<void>;
  removeFavorite(caller: User, contactId: string, source: string): Promise<void>;
}

export type StatsEvent =
  | { kind: 'queue'; queueId: number; counters: StatCounter[] }
  | { kind: 'agent'; statistics: AgentStatisticsPayload };

export interface StatsService {
  /** The day's (and last hour's) counters of a queue, all of them. */
  queueCounters(queueId: number): StatCounter[];
  queueWindow(queueId: number, windowSeconds: number, xqosSeconds: number): StatCounter[];
  agentStatistics(agentId: number): AgentStatisticsPayload;
  subscribe(listener: (event: StatsEvent) => void): () => void;
}

export interface TransportServices {
  callbacks?: CallbackService;
  callbackAdmin?: CallbackAdminService;
  membership?: MembershipService;
  history?: HistoryService;
  directory?: DirectoryService;
  stats?: StatsService;
  /** DND, forwards and presence; kept in memory unless persistence provides one. */
  userSettings?: UserSettingsService;
}

/** The services with every missing one replaced by an explicit "not available". */
export interface ResolvedServices {
  callbacks: CallbackService | undefined;
  callbackAdmin: CallbackAdminService | undefined;
  membership: MembershipService | undefined;
  history: HistoryService | undefined;
  directory: DirectoryService | undefined;
  stats: StatsService | undefined;
  userSettings: UserSettingsService;
}

export function resolveServices(services: TransportServices = {}): ResolvedServices {
  return {
    callbacks: services.callbacks,
    callbackAdmin: services.callbackAdmin,
    membership: services.membership,
    history: services.history,
    directory: services.directory,
    stats: services.stats,
    userSettings: services.userSettings ?? new MemoryUserSettings(),
  };
}

/** Returns the service or throws `NotAvailable` naming the feature. */
export function required<S>(service: S | undefined, feature: string): S {
  if (!service) throw new XucError('XUC_ERR_NOT_AVAILABLE', { feature });
  return service;
}
