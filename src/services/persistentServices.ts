import type { XucConfig } from '../config.js';
import type { Clock } from '../domain/clock.js';
import type { ConfigStore } from '../domain/configStore.js';
import type { EngineApi } from '../domain/engineApi.js';
import type { Logger } from '../log.js';
import { importConfigFile } from '../persistence/configImport.js';
import { Database } from '../persistence/database.js';
import type { Db } from '../persistence/db.js';
import { openConfiguredDb } from '../persistence/openDb.js';
import { CallbackAdmin } from './callbackAdmin.js';
import { CallbackService } from './callbackService.js';
import { CallHistoryService } from './callHistoryService.js';
import { DirectoryService } from './directoryService.js';
import { MembershipService } from './membershipService.js';
import { UserSettingsService } from './userSettingsService.js';

export interface PersistentServicesDeps {
  config: XucConfig;
  clock: Clock;
  logger: Logger;
  engine: Pick<EngineApi, 'dial' | 'queueMembers' | 'setAgentQueue' | 'removeAgentFromQueue'>;
  /** The configuration the services check user and queue ids against. */
  configStore: ConfigStore;
  /** Phone state code (§4.3) of a number, for directory entries. */
  phoneStatus: (number: string) => number;
  /** Overrides how the database is opened (tests). */
  open?: () => Promise<Db>;
  /** Runs once the database is ready, after the configuration file import (e.g. swap to a DbConfigStore). */
  onReady?: (db: Db) => Promise<void> | void;
}

/** Everything built on the database, wired the one way main.ts needs it. */
export interface PersistentServices {
  database: Database;
  callbacks: CallbackService;
  callbackAdmin: CallbackAdmin;
  membership: MembershipService;
  callHistory: CallHistoryService;
  directory: DirectoryService;
  userSettings: UserSettingsService;
  stop(): Promise<void>;
}

/**
 * Builds the services and starts connecting. They answer XUC_ERR_DB_UNAVAILABLE until the database
 * is ready; then `XUC_CONFIG_FILE` is imported (when set) and the open callbacks get their actors.
 */
export function startPersistentServices(deps: PersistentServicesDeps): PersistentServices {
  const { clock, logger, config } = deps;
  const database = new Database({ open: deps.open ?? (() => openConfiguredDb(config.database)), clock, logger });
  const timeZone = config.stats.timeZone;
  const callbacks = new CallbackService({
    db: database, clock, logger,
    dial: (lineId, destination, variables) => deps.engine.dial({ lineId, destination, variables }),
  });
  const services: PersistentServices = {
    database,
    callbacks,
    callbackAdmin: new CallbackAdmin({ db: database, clock, callbacks, timeZone }),
    membership: new MembershipService({ db: database, config: deps.configStore, engine: deps.engine }),
    callHistory: new CallHistoryService({ db: database, clock, timeZone }),
    directory: new DirectoryService({ db: database, phoneStatus: deps.phoneStatus }),
    userSettings: new UserSettingsService({ db: database, config: deps.configStore }),
    stop: async () => {
      callbacks.stop();
      await database.close();
    },
  };
  database.onReady(async (db) => {
    try {
      if (config.contactCenterConfigFile) {
        const counts = await importConfigFile(db, config.contactCenterConfigFile);
        logger.info({ file: config.contactCenterConfigFile, ...counts }, 'configuration file imported');
      }
      await deps.onReady?.(db);
      const open = await callbacks.load();
      logger.info({ openCallbacks: open }, 'callbacks loaded');
    } catch (error) {
      logger.error({ err: error }, 'loading persistent state failed');
    }
  });
  database.start();
  return services;
}
