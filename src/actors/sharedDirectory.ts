import type { NameDirectory } from '../machines/nameDirectory.js';
import type { NameIndex } from './nameIndex.js';

/**
 * The one name directory every machine holds: it reads the engine's current configuration at
 * each lookup, so a configuration change reaches every actor without respawning it.
 */
export function sharedDirectory(index: () => NameIndex): NameDirectory {
  return {
    queueIdOf: (name) => index().queueByName(name)?.id,
    queueWrapUpSecondsOf: (name) => index().queueByName(name)?.wrapUpTime ?? 0,
    lineNumberOf: (iface) => index().lineByInterface(iface)?.number,
    agentIdOf: (number) => index().agentByNumber(number)?.id,
  };
}
