import type { Engine } from '../actors/engine.js';
import type { RightsView } from '../auth/rights.js';
import type { Clock } from '../domain/clock.js';
import type { ConfigStore } from '../domain/configStore.js';
import type { User } from '../domain/contactCenterConfig.js';
import { phoneStatusCodes } from '../domain/xucMessages.js';
import { XucError } from '../errors.js';
import type { Logger } from '../log.js';
import { phoneStatusOf } from '../machines/phoneStatus.js';
import type { Database } from '../persistence/database.js';
import { CallHistoryService } from '../services/callHistoryService.js';
import { CallbackAdmin } from '../services/callbackAdmin.js';
import { CallbackService } from '../services/callbackService.js';
import { DirectoryService } from '../services/directoryService.js';
import { MembershipService } from '../services/membershipService.js';
import { UserSettingsService } from '../services/userSettingsService.js';
import type { StatsService } from '../stats/statsService.js';
import type { DirectoryService as TransportDirectory, HistoryService, MembershipService as TransportMembership, TransportServices } from '../transport/ws/services.js';
import { callbacksForTransport } from './callbackAdapter.js';
import { recordCallHistory } from './callHistoryRecorder.js';
import { PersistentUserSettings } from './persistentUserSettings.js';
import { statsForTransport } from './statsAdapter.js';
import { toWire } from './wirePayload.js';

export interface WiredServices {
  transport: TransportServices;
  /** The callback requests' actors (their own actor system), for the inspector. */
  callbackManager: CallbackService['manager'];
  stop(): Promise<void>;
}


/**
 * Wires the services the transports serve but do not own: statistics, and the persistence
 * features (callbacks, default membership, call history, directory, DND and forwards) through the
 * Database, which answers XUC_ERR_DB_UNAVAILABLE while it is down. Call history is fed from the
 * engine's phone events.
 */
export function createTransportServices(deps: {
  stats: StatsService;
  database: Database;
  engine: Engine;
  configStore: ConfigStore;
  clock: Clock;
  /** The time zone a callback's default due date ("the next day") is counted in. */
  timeZone?: string;
  logger: Logger;
}): WiredServices {
  const { database: db, engine, configStore, clock } = deps;
  const logger = deps.logger.child({ part: 'services' });
  const rightsView = (): RightsView => ({ config: configStore.current(), members: engine.queueMembers() });
  const userOf = (userId: number): User => {
    const user = configStore.current().users.find((u) => u.id === userId);
    if (!user) throw new XucError('XUC_ERR_UNKNOWN_USER', { user: userId });
    return user;
  };

  const history = new CallHistoryService({ db, clock });
  const callbacks = new CallbackService({
    db,
    clock,
    logger: logger.child({ service: 'callbacks' }),
    dial: (lineId, destination, variables) => engine.dial({ lineId, destination, variables }),
  });
  const callbackAdmin = new CallbackAdmin({ db, clock, callbacks, timeZone: deps.timeZone });
  const membership = new MembershipService({ db, config: configStore, engine });
  const directory = new DirectoryService({
    db,
    phoneStatus: (number) => {
      const line = configStore.current().lines.find((l) => l.number === number);
      if (!line) return phoneStatusCodes.UNEXISTING;
      return phoneStatusCodes[phoneStatusOf(engine.currentCalls(line.id).map((c) => c.eventType))];
    },
  });
  const userSettings = new PersistentUserSettings(new UserSettingsService({ db, config: configStore }), configStore, logger);

  // Each (re)connection: the open callbacks' actors and the users' settings come back from the database.
  const offReady = db.onReady(() => {
    callbacks.load().then(
      (count) => logger.info({ count }, 'open callback requests loaded'),
      (error: unknown) => logger.error({ err: error }, 'callback requests not loaded'),
    );
    void userSettings.load();
  });
  const offHistory = recordCallHistory({ engine, configStore, clock, record: (call) => history.record(call), logger });

  const historyForTransport: HistoryService = {
    byUser: async (userId, size) => toWire(await history.getUserCallHistory(userOf(userId).username, size)),
    byAgent: async (agentId, size) => toWire(await history.getAgentCallHistory(agentId, size)),
    byQueue: async (queueName, size) => toWire(await history.getQueueCallHistory(queueName, size)),
    byUserDays: async (userId, days) => toWire(await history.getUserCallHistoryByDays(userOf(userId).username, days)),
    findCustomer: async (request) => {
      const { response } = await history.findCustomerCallHistory(0, request);
      return { list: toWire(response.list), total: response.total };
    },
  };
  const membershipForTransport: TransportMembership = {
    get: async (userId) => (await membership.getUserDefaultMembership(userId)).membership,
    all: async () => (await membership.getUsersDefaultMembership()).memberships,
    set: async (userId, entries) => {
      await membership.setUserDefaultMembership(userId, entries);
    },
    apply: async (userIds) => {
      for (const result of await membership.applyUsersDefaultMembership(userIds)) {
        if (result.error) logger.warn({ user: result.userId, err: result.error }, 'default membership not applied');
      }
    },
  };
  const directoryForTransport: TransportDirectory = {
    lookup: async (caller, term) => ({ ...(await directory.directoryLookUp(caller.id, term)) }),
    favorites: async (caller) => ({ ...(await directory.getFavorites(caller.id)) }),
    addFavorite: async (caller, contactId, source) => {
      if ((await directory.addFavorite(caller.id, contactId, source)).action !== 'Added') throw new XucError('XUC_ERR_NOT_FOUND', { what: `contact ${contactId}` });
    },
    removeFavorite: async (caller, contactId, source) => {
      if ((await directory.removeFavorite(caller.id, contactId, source)).action !== 'Removed') throw new XucError('XUC_ERR_NOT_FOUND', { what: `favourite ${contactId}` });
    },
  };

  return {
    transport: {
      stats: statsForTransport(deps.stats),
      history: historyForTransport,
      callbacks: callbacksForTransport(callbacks, rightsView),
      callbackAdmin,
      membership: membershipForTransport,
      directory: directoryForTransport,
      userSettings,
    },
    callbackManager: callbacks.manager,
    async stop() {
      offReady();
      offHistory();
      callbacks.stop();
    },
  };
}
