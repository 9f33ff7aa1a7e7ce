import { readContactCenterConfigFile, withHashedPasswords } from '../auth/memoryConfigStore.js';
import type { Db } from './db.js';
import { countConfig, replaceConfig, type ConfigCounts } from './configRepository.js';

/**
 * Imports a configuration file (shared/config-format.md) into the cache in one transaction.
 * A bad file is rejected whole (XUC_ERR_INVALID_IMPORT naming each entry and field) before any SQL.
 */
export async function importConfigFile(db: Db, path: string): Promise<ConfigCounts> {
  const config = await withHashedPasswords(await readContactCenterConfigFile(path));
  return db.transaction(async (tx) => {
    await replaceConfig(tx, config);
    return countConfig(tx);
  });
}
