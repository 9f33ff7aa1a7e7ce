import { describe, expect, test } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { QueueLogFileFollower } from '../../src/stats/queueLogFileSource.js';
import { parseQueueLogText, type QueueLogRecord } from '../../src/stats/queueLogRecord.js';
import { queueCountersOf, queueStatCounters, type QueueStatsState } from '../../src/stats/queueStats.js';
import { recordsFromAmi, reduce } from './queueCountersOf.js';
import { loadAmiStream, loadQueueLogText, queueLogPath } from './recordingLoader.js';

/** The counters each recording's README states (../shared/fixtures/ami/README.md), per queue. */
const expected: Record<string, Record<string, Record<string, number>>> = {
  'agent-login-pause-logout': { sales: { TotalNumberCallsEntered: 0 }, support: { TotalNumberCallsEntered: 0 } },
  'queue-call-answered': {
    sales: {
      TotalNumberCallsEntered: 1,
      TotalNumberCallsAnswered: 1,
      TotalNumberCallsAnsweredBefore15: 1,
      PercentageAnsweredBefore15: 100,
      TotalNumberCallsAbandonned: 0,
      TotalNumberCallsTimeout: 0,
    },
  },
  'queue-call-abandoned': {
    sales: {
      TotalNumberCallsEntered: 1,
      TotalNumberCallsAnswered: 0,
      TotalNumberCallsAbandonned: 1,
      TotalNumberCallsAbandonnedAfter15: 0,
      PercentageAbandonnedAfter15: 0,
      TotalNumberCallsTimeout: 0,
    },
  },
  // Refused on an empty queue: received by the queue, never answered nor abandoned.
  'queue-joinempty': {
    travels: { TotalNumberCallsEntered: 1, TotalNumberCallsJoinEmpty: 1, TotalNumberCallsAnswered: 0, TotalNumberCallsAbandonned: 0 },
  },
  'internal-call': {},
  'originate-click2dial': {},
  'blind-transfer': {},
  'attended-transfer': {},
  'membership-changes': { sales: { TotalNumberCallsEntered: 0 }, support: { TotalNumberCallsEntered: 0 } },
  'load-small': {
    sales: { TotalNumberCallsEntered: 92, TotalNumberCallsAnswered: 87, TotalNumberCallsAbandonned: 5, TotalNumberCallsTimeout: 0 },
    support: { TotalNumberCallsEntered: 58, TotalNumberCallsAnswered: 57, TotalNumberCallsAbandonned: 1, TotalNumberCallsTimeout: 0 },
  },
  'snapshot-during-call': {
    support: { TotalNumberCallsEntered: 1, TotalNumberCallsAnswered: 1, TotalNumberCallsAnsweredBefore15: 1, TotalNumberCallsAbandonned: 0 },
  },
  'queue-penalties': {
    support: {
      TotalNumberCallsEntered: 2,
      TotalNumberCallsAnswered: 2,
      TotalNumberCallsAbandonned: 0,
      TotalNumberCallsTimeout: 0,
      TotalNumberCallsAnsweredBefore15: 2,
    },
  },
  'agent-logoff-during-wrapup': {
    sales: {
      TotalNumberCallsEntered: 1,
      TotalNumberCallsAnswered: 1,
      TotalNumberCallsAbandonned: 0,
      TotalNumberCallsTimeout: 0,
      TotalNumberCallsAnsweredBefore15: 1,
    },
  },
  'pause-during-call': {
    sales: {
      TotalNumberCallsEntered: 1,
      TotalNumberCallsAnswered: 1,
      TotalNumberCallsAbandonned: 0,
      TotalNumberCallsTimeout: 0,
      TotalNumberCallsAnsweredBefore15: 1,
    },
  },
};

const QUEUES = ['sales', 'support', 'travels', 'outbound'];

/** Every counter of every queue of the recordings' PBX, by wire name. */
function wire(state: QueueStatsState): Record<string, Record<string, number>> {
  return Object.fromEntries(
    QUEUES.map((q) => [q, Object.fromEntries(queueStatCounters(queueCountersOf(state, q)).map((c) => [c.statName, c.value]))]),
  );
}

async function followFile(scenario: string): Promise<QueueLogRecord[]> {
  const follower = new QueueLogFileFollower(queueLogPath(scenario), silentLogger);
  try {
    const records = await follower.poll();
    expect(follower.junkLines).toBe(0);
    return records;
  } finally {
    await follower.close();
  }
}

describe.each(Object.keys(expected))('recording %s', (scenario) => {
  test('its queue_log gives the counters its README states', () => {
    const { records, junkLines } = parseQueueLogText(loadQueueLogText(scenario));
    expect(junkLines).toBe(0);
    const counters = wire(reduce(records));
    for (const [queue, values] of Object.entries(expected[scenario])) expect(counters[queue]).toMatchObject(values);
    for (const q of QUEUES) {
      if (expected[scenario][q]?.TotalNumberCallsEntered) continue;
      expect(counters[q].TotalNumberCallsEntered, `${q} received no call`).toBe(0);
    }
    // A recording lasts minutes: the last hour is the whole day.
    for (const q of QUEUES) {
      expect(counters[q].TotalNumberCallsEnteredLastHour).toBe(counters[q].TotalNumberCallsEntered);
      expect(counters[q].TotalNumberCallsAnsweredLastHour).toBe(counters[q].TotalNumberCallsAnswered);
    }
  });

  test('the queue_log file followed on disk and the AMI stream give the same counters as the queue_log', async () => {
    const fromText = wire(reduce(parseQueueLogText(loadQueueLogText(scenario)).records));
    expect(wire(reduce(await followFile(scenario)))).toEqual(fromText);
    expect(wire(reduce(recordsFromAmi(loadAmiStream(scenario))))).toEqual(fromText);
  });
});
