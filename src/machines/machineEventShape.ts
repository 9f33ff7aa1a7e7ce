/**
 * The one check every event passes before the agent, line and queue machines read it: the parts
 * a machine reads are there and of the right kind. Events come typed from the router, but a bug
 * there or a hand-made command must not take an actor down (one bad event never stops the
 * engine), so a malformed event is ignored instead. Cheap typeof checks only: this runs on every event.
 */
type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null;
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

const isCall = (c: unknown) =>
  isObject(c) && isString(c.uniqueId) && isString(c.state) && isString(c.direction) && (c.userData === undefined || isObject(c.userData));

const isMember = (m: unknown) => isObject(m) && isString(m.interface) && isBoolean(m.paused) && isNumber(m.penalty) && isNumber(m.status);

const isCaller = (c: unknown) => isObject(c) && isString(c.uniqueId) && isNumber(c.position) && isNumber(c.joinedAt);

const isForcedMembership = (m: unknown) => isObject(m) && isString(m.queue) && isBoolean(m.paused);

export function isWellFormedMachineEvent(event: unknown): boolean {
  if (!isObject(event) || !isNumber(event.at)) return false;
  switch (event.type) {
    case 'line.call':
    case 'agent.call':
      return isCall(event.call);
    case 'agent.loggedIn':
      return isString(event.lineInterface);
    case 'agent.deviceState':
      return isString(event.state);
    case 'agent.acd':
      return isString(event.agentNumber) && isString(event.queue) && isString(event.phase) && isString(event.callerUniqueId);
    case 'agent.monitor':
      return isString(event.monitorState);
    case 'member.updated':
    case 'member.removed':
      return isString(event.queue) && isMember(event.member);
    case 'queue.callerJoined':
      return isString(event.queue) && isCaller(event.caller);
    case 'queue.callerLeft':
    case 'queue.callerAbandoned':
      return isString(event.queue) && isString(event.uniqueId);
    case 'agent.force':
      return (
        isBoolean(event.loggedIn) &&
        isBoolean(event.onCall) &&
        Array.isArray(event.memberships) &&
        event.memberships.every(isForcedMembership) &&
        Array.isArray(event.calls) &&
        event.calls.every(isCall)
      );
    case 'line.force':
      return Array.isArray(event.calls) && event.calls.every(isCall);
    case 'queue.force':
      return Array.isArray(event.members) && event.members.every(isMember) && Array.isArray(event.callers) && event.callers.every(isCaller);
    default:
      // agent.loggedOut, agent.endWrapup, queue.tick: nothing but the time is read.
      return true;
  }
}
