import type { AmiFrame } from '../../domain/amiFrame.js';

/**
 * Total readers of AMI headers: a frame built from hostile input (missing `fields`, non-string
 * values, inherited keys) reads as absent headers, never as an exception.
 */
export function field(frame: AmiFrame, name: string): string {
  const fields = (frame as { fields?: unknown }).fields;
  if (typeof fields !== 'object' || fields === null) return '';
  if (!Object.prototype.hasOwnProperty.call(fields, name)) return '';
  const value = (fields as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

export function hasField(frame: AmiFrame, name: string): boolean {
  const fields = (frame as { fields?: unknown }).fields;
  return typeof fields === 'object' && fields !== null && Object.prototype.hasOwnProperty.call(fields, name);
}

/** An integer header; `fallback` when absent or not a number. */
export function intField(frame: AmiFrame, name: string, fallback = 0): number {
  const n = Number.parseInt(field(frame, name), 10);
  return Number.isFinite(n) ? n : fallback;
}

/** Asterisk writes `<unknown>` for absent caller ids; the domain uses ''. */
export function callerIdField(frame: AmiFrame, name: string): string {
  const value = field(frame, name);
  return value === '<unknown>' ? '' : value;
}
