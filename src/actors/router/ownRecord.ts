/**
 * The view keeps plain records keyed by strings that come from Asterisk (channel names, queue
 * names, uniqueids). A key such as `constructor` or `__proto__` must read as absent and write as
 * data, never reach Object.prototype: these accessors are the only way the router touches them.
 */
export type OwnRecord<T> = Record<string, T>;

export function getOwn<T>(record: OwnRecord<T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export function setOwn<T>(record: OwnRecord<T>, key: string, value: T): void {
  // `__proto__` is the only accessor on Object.prototype: any other key assigns an own data
  // property, as defineProperty would, at a fraction of its cost (this runs on every frame).
  if (key === '__proto__') Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}

export function deleteOwn<T>(record: OwnRecord<T>, key: string): void {
  if (Object.prototype.hasOwnProperty.call(record, key)) delete record[key];
}
