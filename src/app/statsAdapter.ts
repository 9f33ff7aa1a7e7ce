import type { StatsService } from '../stats/statsService.js';
import type { StatsService as TransportStatsService, StatsEvent } from '../transport/ws/services.js';
import { XucError } from '../errors.js';

/** Serves the statistics service's payloads through the transports' statistics interface. */
export function statsForTransport(stats: StatsService): TransportStatsService {
  const queueCounters = (queueId: number) => {
    const payload = stats.queueStatistics(queueId);
    if (!payload) throw new XucError('XUC_ERR_UNKNOWN_QUEUE', { queue: queueId });
    return payload.counters;
  };
  return {
    queueCounters,
    // The day's counters and the sliding hour are what the reducers keep; other windows are
    // answered with the sliding hour, the closest the server computes.
    queueWindow: (queueId) => queueCounters(queueId).filter((c) => c.statName.endsWith('LastHour') || !c.statName.startsWith('Total') && !c.statName.startsWith('Percentage')),
    agentStatistics: (agentId) => {
      const payload = stats.agentStatistics(agentId);
      if (!payload) throw new XucError('XUC_ERR_UNKNOWN_AGENT', { agent: agentId });
      return payload;
    },
    subscribe(listener: (event: StatsEvent) => void) {
      const offQueues = stats.subscribeQueueStats((m) => listener({ kind: 'queue', queueId: m.queueId, counters: m.counters }));
      const offAgents = stats.subscribeAgentStats((statistics) => listener({ kind: 'agent', statistics }));
      return () => {
        offQueues();
        offAgents();
      };
    },
  };
}
