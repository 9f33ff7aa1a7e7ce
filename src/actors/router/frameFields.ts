import type { AmiFrame } from '../../domain/amiFrame.js';

/**
 * Total readers of AMI headers: a frame built from hostile input (missing `fields`, non-string
 * values, inherited keys) reads as absent headers, never as an exception.
 */
export function field(frame: AmiFrame, name: string): string {
  if (typeof frame.header === 'function') {
    const value = frame.header(name);
    return typeof value === 'string' ? value : '';
  }
  const fields = (frame as { fields?: unknown }).fields;
  if (typeof fields !== 'object' || fields === null) return '';
  if (!Object.prototype.hasOwnProperty.call(fields, name)) return '';
  const value = (fields as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

export function hasField(frame: AmiFrame, name: string): boolean {
  if (typeof frame.header === 'function') return typeof frame.header(name) === 'string';
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

/**
 * A header value the view keeps for long (a channel's linkedid, caller names), copied out of the
 * frame: a substring of the frame's text keeps the whole text alive in V8, about a kilobyte per
 * CoreShowChannel of every logged-in agent. Values used as record keys need no copy (V8 interns keys).
 */
export function keptField(frame: AmiFrame, name: string): string {
  const value = field(frame, name);
  return value === '' ? value : (JSON.parse(JSON.stringify(value)) as string);
}

/** `keptField`, or `current` when the header is absent or repeats it (no copy for an unchanged value). */
export function updatedField(frame: AmiFrame, name: string, current: string): string {
  const value = field(frame, name);
  return value === '' || value === current ? current : keptField(frame, name);
}
