/**
 * Whether a child's new input is the same data as its current one, as JSON would tell (arrays
 * and plain objects compared field by field, functions and undefined fields ignored), without
 * keeping a serialized copy of every child's input between configuration changes.
 */
export function sameInput(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameInput(x, b[i]));
  }
  const keysOf = (o: object) => Object.keys(o).filter((k) => isData((o as Record<string, unknown>)[k]));
  const keys = keysOf(a);
  const others = keysOf(b);
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  return keys.length === others.length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameInput(aRecord[k], bRecord[k]));
}

/** JSON leaves out undefined and function fields. */
const isData = (value: unknown) => value !== undefined && typeof value !== 'function';
