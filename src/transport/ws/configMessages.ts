import type { Agent, AgentGroup, ContactCenterConfig, Queue, User, UserStatus } from '../../domain/contactCenterConfig.js';
import type { UserSettings } from './userSettings.js';

/**
 * Configuration objects in their wire shapes (xuc-websocket.md §4.2, §4.4, §4.5): pure mappings
 * from the contact-center configuration, field names exactly as the clients read them.
 */
export function userConfigPayload(user: User, settings: UserSettings) {
  return {
    userId: user.id,
    firstName: user.firstName,
    lastName: user.lastName,
    fullName: `${user.firstName} ${user.lastName}`.trim() || user.username,
    mobileNumber: user.mobileNumber,
    agentId: user.agentId ?? 0,
    lineIds: user.lineId === undefined ? [] : [user.lineId],
    // No voicemail is configured in xuc-ts; 0 / false is what the web app expects then.
    voiceMailId: 0,
    voiceMailEnabled: false,
    dndEnabled: settings.dndEnabled,
    naFwdEnabled: settings.naFwdEnabled,
    naFwdDestination: settings.naFwdDestination,
    uncFwdEnabled: settings.uncFwdEnabled,
    uncFwdDestination: settings.uncFwdDestination,
    busyFwdEnabled: settings.busyFwdEnabled,
    busyFwdDestination: settings.busyFwdDestination,
  };
}

export function userStatusesPayload(statuses: readonly UserStatus[]) {
  return statuses.map((s) => ({
    name: s.name,
    longName: s.longName,
    color: s.color,
    actions: s.actions.map((a) => ({ name: a.name, parameters: a.parameters })),
  }));
}

/** `AgentConfig` / `AgentList` item; `userId` is the user the agent belongs to (0 when none). */
export function agentPayload(agent: Agent, config: ContactCenterConfig) {
  const user = config.users.find((u) => u.agentId === agent.id);
  const item: Record<string, unknown> = {
    id: agent.id,
    userId: user?.id ?? 0,
    firstName: agent.firstName,
    lastName: agent.lastName,
    number: agent.number,
    context: agent.context,
  };
  if (agent.groupId !== undefined) item.groupId = agent.groupId;
  return item;
}

export function queuePayload(queue: Queue) {
  const item: Record<string, unknown> = {
    id: queue.id,
    name: queue.name,
    displayName: queue.displayName || queue.name,
    context: queue.context,
  };
  if (queue.number !== undefined) item.number = queue.number;
  return item;
}

export function agentGroupPayload(group: AgentGroup) {
  return group.displayName === undefined
    ? { id: group.id, name: group.name }
    : { id: group.id, name: group.name, displayName: group.displayName };
}

/** The presence a user starts with: the configured `available` status if any. */
export function initialStatus(statuses: readonly UserStatus[]): string {
  return statuses.find((s) => s.name === 'available')?.name ?? statuses[0]?.name ?? '';
}
