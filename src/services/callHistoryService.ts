import { z } from 'zod';
import type { Clock } from '../domain/clock.js';
import type { DbAccess } from '../persistence/db.js';
import {
  callFilterColumns,
  callFilterOperators,
  callStatuses,
  callsOfAgent,
  callsOfQueue,
  callsOfUser,
  findCalls,
  upsertCall,
  type CallFilterField,
  type CallRecord,
} from '../persistence/callHistoryRepository.js';
import { toHistoryItem, type CallHistoryItem } from './callHistoryFormat.js';
import { parseInput } from './parseInput.js';

export type { CallRecord } from '../persistence/callHistoryRepository.js';

const text = z.string().max(200);
const callRecordSchema = z.object({
  callId: z.string().min(1).max(200),
  start: z.number().int().nonnegative(),
  durationSeconds: z.number().int().min(0),
  status: z.enum(callStatuses),
  srcNum: text, srcFirstName: text.optional(), srcLastName: text.optional(), srcUsername: text.nullish(),
  dstNum: text, dstFirstName: text.optional(), dstLastName: text.optional(), dstUsername: text.nullish(),
  agentId: z.number().int().positive().nullish(), agentName: text.nullish(),
  queueId: z.number().int().positive().nullish(), queueName: text.nullish(),
});
const sizeSchema = z.number().int().min(1).max(1_000);
const filterFields = Object.keys(callFilterColumns) as [CallFilterField, ...CallFilterField[]];
const customerRequestSchema = z.object({
  filters: z.array(z.object({
    field: z.enum(filterFields),
    operator: z.enum(callFilterOperators),
    value: z.union([z.string().max(200), z.number()]),
  }).refine((f) => f.field !== 'start' || !Number.isNaN(new Date(f.value).getTime()), {
    message: 'start needs a date', path: ['value'],
  })).max(20).default([]),
  size: sizeSchema.default(20),
});

export interface CallHistoryServiceDeps {
  db: DbAccess;
  clock: Clock;
  /** The time zone `start` is written in (clients read it as local time). */
  timeZone?: string;
}

/** Call history (xuc-websocket.md §3.8): the engine records finished calls, clients query them. */
export class CallHistoryService {
  private readonly timeZone: string;

  constructor(private readonly deps: CallHistoryServiceDeps) {
    this.timeZone = deps.timeZone ?? 'UTC';
  }

  /** Records a call (again, for an update: same callId). */
  async record(call: CallRecord): Promise<void> {
    const valid = parseInput(callRecordSchema, call, 'call');
    await this.deps.db.run((db) => upsertCall(db, valid));
  }

  async getUserCallHistory(username: string, size: number): Promise<CallHistoryItem[]> {
    const n = parseInput(sizeSchema, size, 'size');
    const calls = await this.deps.db.run((db) => callsOfUser(db, username, n));
    return calls.map((c) => toHistoryItem(c, this.timeZone, { username }));
  }

  /** `CallHistoryByDays`: the user's calls of the last `days` days. */
  async getUserCallHistoryByDays(username: string, days: number): Promise<CallHistoryItem[]> {
    const d = parseInput(z.number().int().min(1).max(366), days, 'days');
    const since = new Date(this.deps.clock.now() - d * 86_400_000);
    const calls = await this.deps.db.run((db) => callsOfUser(db, username, 1_000, since));
    return calls.map((c) => toHistoryItem(c, this.timeZone, { username }));
  }

  async getAgentCallHistory(agentId: number, size: number): Promise<CallHistoryItem[]> {
    const n = parseInput(sizeSchema, size, 'size');
    const id = parseInput(z.number().int().positive(), agentId, 'agentId');
    return (await this.deps.db.run((db) => callsOfAgent(db, id, n))).map((c) => toHistoryItem(c, this.timeZone));
  }

  /** By queue name, as `getQueueCallHistory` sends it. */
  async getQueueCallHistory(queueName: string, size: number): Promise<CallHistoryItem[]> {
    const n = parseInput(sizeSchema, size, 'size');
    const name = parseInput(text.min(1), queueName, 'queue');
    return (await this.deps.db.run((db) => callsOfQueue(db, name, n))).map((c) => toHistoryItem(c, this.timeZone));
  }

  /** `CustomerCallHistoryResponseWithId`. */
  async findCustomerCallHistory(id: number | string, request: unknown) {
    const { filters, size } = parseInput(customerRequestSchema, request, 'request');
    const { list, total } = await this.deps.db.run((db) => findCalls(db, filters, size));
    return { id, response: { list: list.map((c) => toHistoryItem(c, this.timeZone)), total } };
  }
}
