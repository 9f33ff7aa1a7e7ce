import type { XucConfig } from '../config.js';
import { isXucError } from '../errors.js';
import { importConfigFile } from './configImport.js';
import type { Db } from './db.js';
import { migrate } from './migrations.js';
import { openConfiguredDb } from './openDb.js';

export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIo: CommandIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

/**
 * `xuc config import FILE`: migrates the configured database and imports the file.
 * Returns the process exit code (0 imported, 1 rejected file or database error, 2 usage).
 */
export async function configImportCommand(
  args: readonly string[],
  config: XucConfig,
  io: CommandIo = consoleIo,
  open: (database: XucConfig['database']) => Promise<Db> = openConfiguredDb,
): Promise<number> {
  const [file, ...extra] = args;
  if (!file || extra.length) {
    io.err('usage: xuc config import FILE');
    return 2;
  }
  let db: Db | undefined;
  try {
    db = await open(config.database);
    await migrate(db);
    const counts = await importConfigFile(db, file);
    io.out(
      `imported ${file}: ${counts.users} users, ${counts.agents} agents, ${counts.queues} queues, ` +
        `${counts.lines} lines, ${counts.groups} groups`,
    );
    return 0;
  } catch (e) {
    io.err(isXucError(e) ? e.message : `config import failed: ${(e as Error).message}`);
    return 1;
  } finally {
    await db?.close();
  }
}
