import type { Clock } from '../domain/clock.js';
import type { ConfigStore } from '../domain/configStore.js';
import type { EngineApi } from '../domain/engineApi.js';
import type { PhoneEventPayload } from '../domain/xucMessages.js';
import type { Logger } from '../log.js';
import type { CallRecord } from '../services/callHistoryService.js';

interface OpenCall {
  start: number;
  answeredAt?: number;
  outgoing: boolean;
  queueName?: string;
  /** Seen on some event of the call; a call that never had another party is not history. */
  otherDN?: string;
}

/** Calls followed at once; beyond, the oldest is forgotten (a release lost during a reconnection). */
const MAX_OPEN_CALLS = 10_000;

/**
 * Feeds the call history from the engine's phone events: each user's line records its own view
 * of a call when it is released — emitted, answered or missed — so every user, agent and queue
 * history reads its calls back. A call that cannot be written (database down) is logged and lost.
 */
export function recordCallHistory(deps: {
  engine: Pick<EngineApi, 'subscribe'>;
  configStore: ConfigStore;
  clock: Clock;
  record: (call: CallRecord) => Promise<void>;
  logger: Logger;
}): () => void {
  const open = new Map<string, OpenCall>();
  const onPhoneEvent = (lineId: number, event: PhoneEventPayload) => {
    const key = `${lineId}|${event.linkedId || event.uniqueId}`;
    const now = deps.clock.now();
    let call = open.get(key);
    if (!call && event.eventType !== 'EventReleased') {
      call = { start: now, outgoing: event.eventType === 'EventDialing' };
      open.set(key, call);
      if (open.size > MAX_OPEN_CALLS) open.delete(open.keys().next().value!);
    }
    if (!call) return;
    if (event.queueName) call.queueName = event.queueName;
    if (event.otherDN) call.otherDN = event.otherDN;
    if (event.eventType === 'EventEstablished') call.answeredAt ??= now;
    if (event.eventType !== 'EventReleased') return;
    open.delete(key);
    // The agent login channel rings and ends with nobody on the other side.
    if (!call.otherDN) return;
    const record = toRecord(deps.configStore, lineId, event, call, now);
    if (record) deps.record(record).catch((error: unknown) => deps.logger.warn({ err: error, callId: record.callId }, 'call not written to the history'));
  };
  return deps.engine.subscribe((event) => {
    if (event.kind === 'phoneEvent') onPhoneEvent(event.lineId, event.event);
  });
}

function toRecord(configStore: ConfigStore, lineId: number, event: PhoneEventPayload, call: OpenCall, now: number): CallRecord | undefined {
  const config = configStore.current();
  const user = config.users.find((u) => u.lineId === lineId);
  const line = config.lines.find((l) => l.id === lineId);
  if (!line) return undefined;
  const queue = call.queueName ? config.queues.find((q) => q.name === call.queueName) : undefined;
  const agent = user?.agentId !== undefined ? config.agents.find((a) => a.id === user.agentId) : undefined;
  const other = config.users.find((u) => config.lines.find((l) => l.id === u.lineId)?.number === event.otherDN);
  const me = { num: line.number, firstName: user?.firstName, lastName: user?.lastName, username: user?.username ?? null };
  const them = { num: event.otherDN || 'unknown', firstName: other?.firstName ?? event.otherDName, lastName: other?.lastName, username: other?.username ?? null };
  const [src, dst] = call.outgoing ? [me, them] : [them, me];
  return {
    callId: `${event.linkedId || event.uniqueId}@${line.number}`.slice(0, 200),
    start: call.start,
    durationSeconds: call.answeredAt === undefined ? 0 : Math.max(0, Math.round((now - call.answeredAt) / 1000)),
    status: call.outgoing ? 'emitted' : call.answeredAt !== undefined ? 'answered' : 'missed',
    srcNum: src.num, srcFirstName: src.firstName, srcLastName: src.lastName, srcUsername: src.username,
    dstNum: dst.num, dstFirstName: dst.firstName, dstLastName: dst.lastName, dstUsername: dst.username,
    agentId: queue && agent ? agent.id : null,
    agentName: queue && agent ? `${agent.firstName} ${agent.lastName}` : null,
    queueId: queue?.id ?? null,
    queueName: queue?.name ?? null,
  };
}
