import { describe, expect, it } from 'vitest';
import { recordCallHistory } from '../../src/app/callHistoryRecorder.js';
import { LiveConfigStore } from '../../src/app/liveConfigStore.js';
import type { EngineEvent } from '../../src/domain/engineEvents.js';
import type { PhoneEventPayload } from '../../src/domain/xucMessages.js';
import { silentLogger } from '../../src/log.js';
import type { CallRecord } from '../../src/services/callHistoryService.js';
import { demoContactCenter } from '../../src/simulator/demoContactCenter.js';

/** The recorder over a hand-driven engine: each line's view of a call becomes one history record. */
function harness() {
  let listener: (event: EngineEvent) => void = () => {};
  let now = Date.UTC(2026, 10, 28, 9, 0, 0);
  const records: CallRecord[] = [];
  const stop = recordCallHistory({
    engine: { subscribe: (l) => ((listener = l), () => {}) },
    configStore: new LiveConfigStore(demoContactCenter().config),
    clock: { now: () => now, setTimeout: () => 0, clearTimeout: () => {} } as never,
    record: async (call) => {
      records.push(call);
    },
    logger: silentLogger,
  });
  const phone = (lineId: number, eventType: PhoneEventPayload['eventType'], extra: Partial<PhoneEventPayload> = {}) =>
    listener({
      kind: 'phoneEvent',
      lineId,
      event: { eventType, DN: String(1000 + lineId), otherDN: '0612345678', otherDName: 'Customer', linkedId: 'L1', uniqueId: 'U1', userData: {}, ...extra },
    });
  return { phone, records, advance: (seconds: number) => (now += seconds * 1000), stop };
}

describe('call history from the engine', () => {
  it('records a queue call an agent answered, with its queue, agent and talk time', () => {
    const h = harness();
    h.phone(1, 'EventRinging', { queueName: 'sales' });
    h.advance(3);
    h.phone(1, 'EventEstablished');
    h.advance(42);
    h.phone(1, 'EventReleased');
    expect(h.records).toEqual([
      expect.objectContaining({
        callId: 'L1@1001', status: 'answered', durationSeconds: 42, srcNum: '0612345678', srcFirstName: 'Customer',
        dstNum: '1001', dstUsername: 'alice', agentId: 1, agentName: 'Alice Martin', queueId: 1, queueName: 'sales',
      }),
    ]);
  });

  it('records an unanswered ring as missed and an outgoing call as emitted, with no agent outside a queue', () => {
    const h = harness();
    h.phone(2, 'EventRinging', { linkedId: 'L2' });
    h.phone(2, 'EventReleased', { linkedId: 'L2' });
    h.phone(13, 'EventDialing', { linkedId: 'L3', otherDN: '1002', otherDName: '' });
    h.phone(13, 'EventEstablished', { linkedId: 'L3', otherDN: '1002' });
    h.phone(13, 'EventReleased', { linkedId: 'L3', otherDN: '1002' });
    expect(h.records).toEqual([
      expect.objectContaining({ callId: 'L2@1002', status: 'missed', durationSeconds: 0, dstUsername: 'bruno', agentId: null, queueName: null }),
      expect.objectContaining({ callId: 'L3@1013', status: 'emitted', srcUsername: 'sam', dstNum: '1002', dstUsername: 'bruno', dstFirstName: 'Bruno' }),
    ]);
  });

  it('ignores a release it never saw begin, and a call with nobody on the other side (agent login)', () => {
    const h = harness();
    h.phone(1, 'EventReleased', { linkedId: 'unknown' });
    h.phone(1, 'EventRinging', { linkedId: 'login', otherDN: '', otherDName: '' });
    h.phone(1, 'EventReleased', { linkedId: 'login', otherDN: '', otherDName: '' });
    expect(h.records).toEqual([]);
  });
});
