/**
 * Turns an actor's context or an event into plain JSON for the inspector: actor references
 * become their ids, Maps and Sets become objects and arrays, deep or long structures are cut,
 * so one big actor cannot flood the page.
 */
const MAX_DEPTH = 5;
const MAX_ITEMS = 50;

export function toInspectableJson(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string') return value.length > 500 ? `${value.slice(0, 500)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function') return '[function]';
  if (typeof value !== 'object') return String(value);
  if (depth >= MAX_DEPTH) return '[…]';
  const obj = value as Record<string, unknown>;
  if (typeof obj.sessionId === 'string' && typeof obj.send === 'function') {
    return `[actor ${(obj as { systemId?: string }).systemId ?? obj.id ?? obj.sessionId}]`;
  }
  if (value instanceof Map) return toInspectableJson(Object.fromEntries([...value.entries()].slice(0, MAX_ITEMS)), depth);
  if (value instanceof Set) return toInspectableJson([...value].slice(0, MAX_ITEMS), depth);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => toInspectableJson(v, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`… ${value.length - MAX_ITEMS} more`);
    return items;
  }
  const out: Record<string, unknown> = {};
  const keys = Object.keys(obj);
  for (const key of keys.slice(0, MAX_ITEMS)) out[key] = toInspectableJson(obj[key], depth + 1);
  if (keys.length > MAX_ITEMS) out['…'] = `${keys.length - MAX_ITEMS} more keys`;
  return out;
}
