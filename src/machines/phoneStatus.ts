import type { PhoneEventType, PhoneStatusName } from '../domain/xucMessages.js';

/**
 * The state of a whole line (`PhoneStatusUpdate`) from the state of each of its calls, with
 * Asterisk's hint semantics: in use (CALLING) wins over on hold, and a call ringing while another
 * is up or held is BUSY_AND_RINGING (Asterisk's INUSE|RINGING = 9).
 */
export function phoneStatusOf(eventTypes: Iterable<PhoneEventType>): PhoneStatusName {
  let ringing = false;
  let inUse = false;
  let held = false;
  for (const t of eventTypes) {
    if (t === 'EventRinging') ringing = true;
    else if (t === 'EventEstablished' || t === 'EventDialing') inUse = true;
    else if (t === 'EventOnHold') held = true;
  }
  if (ringing) return inUse || held ? 'BUSY_AND_RINGING' : 'RINGING';
  if (inUse) return 'CALLING';
  return held ? 'ONHOLD' : 'AVAILABLE';
}
