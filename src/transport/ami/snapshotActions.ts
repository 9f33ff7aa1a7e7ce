import type { AmiSnapshot } from '../../domain/amiFrame.js';

/**
 * The resync actions sent on every (re)connection, in the order they are sent, with the
 * AmiSnapshot key each one fills. Each is an event-list action ending with `<Action>Complete`.
 */
export const snapshotActions = [
  { action: 'CoreShowChannels', key: 'coreShowChannels', complete: 'CoreShowChannelsComplete' },
  { action: 'QueueStatus', key: 'queueStatus', complete: 'QueueStatusComplete' },
  { action: 'QueueSummary', key: 'queueSummary', complete: 'QueueSummaryComplete' },
  { action: 'Agents', key: 'agents', complete: 'AgentsComplete' },
  { action: 'Status', key: 'status', complete: 'StatusComplete' },
] as const satisfies ReadonlyArray<{ action: string; key: keyof AmiSnapshot; complete: string }>;

export type SnapshotActionName = (typeof snapshotActions)[number]['action'];

export const emptySnapshot = (): AmiSnapshot => ({
  coreShowChannels: [],
  queueStatus: [],
  queueSummary: [],
  agents: [],
  status: [],
});
