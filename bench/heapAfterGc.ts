import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gcFn: (() => void) | undefined;

/** A full GC, even when node was started without --expose-gc. */
export function fullGc(): void {
  if (!gcFn) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
  gcFn();
}

/** Memory usage after a full GC, so heap figures count only what is still reachable. */
export function memoryAfterGc(): NodeJS.MemoryUsage {
  fullGc();
  return process.memoryUsage();
}
