import type { PhoneEventPayload, PhoneStatusName } from '../../domain/xucMessages.js';

/**
 * The state of a line (`PhoneStatusUpdate`, `PhoneHintStatusEvent`, the REST status post) derived
 * from the last event of each call in progress, as Asterisk's extension states would have it:
 * no call → AVAILABLE, one ringing → RINGING, talking → CALLING, talking with another ringing
 * → BUSY_AND_RINGING, every call on hold → ONHOLD.
 */
export function phoneStatusOf(calls: readonly PhoneEventPayload[]): PhoneStatusName {
  const live = calls.filter((c) => c.eventType !== 'EventReleased' && c.eventType !== 'EventFailure');
  if (live.length === 0) return 'AVAILABLE';
  const ringing = live.some((c) => c.eventType === 'EventRinging');
  const active = live.some((c) => c.eventType === 'EventEstablished' || c.eventType === 'EventDialing');
  if (ringing && (active || live.some((c) => c.eventType === 'EventOnHold'))) return 'BUSY_AND_RINGING';
  if (ringing) return 'RINGING';
  if (active) return 'CALLING';
  return 'ONHOLD';
}
