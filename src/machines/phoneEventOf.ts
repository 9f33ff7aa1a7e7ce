import type { CallInfo, CallState } from '../domain/domainEvents.js';
import type { PhoneEventPayload, PhoneEventType } from '../domain/xucMessages.js';

/**
 * One call of a line as a `PhoneEvent` (protocol §4.3, §5.2). What a client learned once
 * (the other party, the queue, attached data) is repeated in every later event of the call,
 * even when Asterisk's later frames no longer carry it.
 */
const eventTypes: Record<CallState, PhoneEventType> = {
  dialing: 'EventDialing',
  ringing: 'EventRinging',
  established: 'EventEstablished',
  onHold: 'EventOnHold',
  released: 'EventReleased',
};

export function phoneEventOf(dn: string, call: CallInfo, previous: PhoneEventPayload | undefined): PhoneEventPayload {
  const event: PhoneEventPayload = {
    eventType: eventTypes[call.state],
    DN: dn,
    otherDN: call.otherDN || previous?.otherDN || '',
    otherDName: call.otherDName || previous?.otherDName || '',
    linkedId: call.linkedId || previous?.linkedId || '',
    uniqueId: call.uniqueId,
    userData: mergeUserData(previous?.userData, call.userData),
  };
  const queueName = call.queueName ?? previous?.queueName;
  if (queueName !== undefined) event.queueName = queueName;
  return event;
}

/** Keeps the previous object when nothing new arrived, so unchanged calls share their data. */
function mergeUserData(previous: Record<string, string> | undefined, next: Record<string, string>): Record<string, string> {
  if (!previous) return { ...next };
  for (const key in next) if (previous[key] !== next[key]) return { ...previous, ...next };
  return previous;
}

/**
 * True when a client would see a new event: another state or another party. Data attached in
 * the middle of a state is kept and sent with the next event rather than repeating the state
 * (a CRM pops a screen on every EventRinging).
 */
export function isNewPhoneEvent(next: PhoneEventPayload, previous: PhoneEventPayload | undefined): boolean {
  return (
    !previous ||
    next.eventType !== previous.eventType ||
    next.otherDN !== previous.otherDN ||
    next.otherDName !== previous.otherDName ||
    next.queueName !== previous.queueName
  );
}
