import type { AmiFrame } from '../../domain/amiFrame.js';
import { field } from './frameFields.js';

/**
 * Which dialplan variables the router keeps. VarSet and Newexten are nearly half of all AMI
 * traffic; everything but call data (`XIVO_*`, `USR_*`), `QUEUESTATUS` and the Queue()
 * application is dropped before any lookup.
 */
export type KeptVariable = { kind: 'data'; key: string; value: string } | { kind: 'queueStatus'; value: string };

/** `__USR_X` and `_USR_X` are inherited copies of `USR_X`: the key is the same. */
export const stripInheritance = (name: string): string => (name.startsWith('__') ? name.slice(2) : name.startsWith('_') ? name.slice(1) : name);

export function keptVariable(frame: AmiFrame): KeptVariable | undefined {
  const raw = field(frame, 'Variable');
  // Cheap first test on the raw name: most VarSets are Asterisk internals.
  if (raw.length < 4) return undefined;
  const key = stripInheritance(raw);
  if (key.startsWith('USR_') || key.startsWith('XIVO_')) return { kind: 'data', key, value: field(frame, 'Value') };
  if (key === 'QUEUESTATUS') return { kind: 'queueStatus', value: field(frame, 'Value') };
  return undefined;
}

/** The queue named by a `Newexten` running `Queue(<name>,…)`, else undefined. */
export function queueApplication(frame: AmiFrame): string | undefined {
  if (field(frame, 'Application') !== 'Queue') return undefined;
  const name = field(frame, 'AppData').split(',')[0]?.trim() ?? '';
  return name === '' ? undefined : name;
}
