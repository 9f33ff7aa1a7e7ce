import { z } from 'zod';
import type { ConfigStore } from '../domain/configStore.js';
import type { EngineApi } from '../domain/engineApi.js';
import { XucError, toXucError } from '../errors.js';
import type { DbAccess } from '../persistence/db.js';
import {
  allDefaultMemberships,
  defaultMembership,
  replaceDefaultMembership,
  type DefaultMembershipEntry,
} from '../persistence/membershipRepository.js';
import { parseInput } from './parseInput.js';

/** `UserQueueDefaultMembership.ctiMessage`. */
export interface UserQueueDefaultMembership {
  userId: number;
  membership: DefaultMembershipEntry[];
}

/** `UsersQueueDefaultMembership.ctiMessage`. */
export interface UsersQueueDefaultMembership {
  memberships: UserQueueDefaultMembership[];
}

export type MembershipEngine = Pick<EngineApi, 'queueMembers' | 'setAgentQueue' | 'removeAgentFromQueue'>;

export interface MembershipServiceDeps {
  db: DbAccess;
  config: ConfigStore;
  engine: MembershipEngine;
}

const userIdSchema = z.number().int().positive();
const membershipSchema = z
  .array(z.object({ queueId: z.number().int().positive(), penalty: z.number().int().min(0).max(1_000) }).strict())
  .max(1_000)
  .refine((list) => new Set(list.map((m) => m.queueId)).size === list.length, 'a queue appears twice');

/** Outcome of applying defaults: one line per user. */
export interface ApplyResult {
  userId: number;
  added: number;
  changed: number;
  removed: number;
  error?: XucError;
}

/**
 * Default queue membership per user (xuc-websocket.md §3.7): stored, read, applied to the agent's
 * live membership through the engine, and built from the live membership.
 */
export class MembershipService {
  private readonly listeners = new Set<(message: UserQueueDefaultMembership) => void>();

  constructor(private readonly deps: MembershipServiceDeps) {}

  /** Called with each `UserQueueDefaultMembership` that changed. */
  onChange(listener: (message: UserQueueDefaultMembership) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async getUserDefaultMembership(userId: number): Promise<UserQueueDefaultMembership> {
    this.user(parseInput(userIdSchema, userId, 'userId'));
    return { userId, membership: await this.deps.db.run((db) => defaultMembership(db, userId)) };
  }

  /** `UsersQueueDefaultMembership` for every configured user (empty lists included). */
  async getUsersDefaultMembership(): Promise<UsersQueueDefaultMembership> {
    const stored = await this.deps.db.run((db) => allDefaultMemberships(db));
    return { memberships: this.deps.config.current().users.map((u) => ({ userId: u.id, membership: stored.get(u.id) ?? [] })) };
  }

  setUserDefaultMembership(userId: number, membership: unknown): Promise<UserQueueDefaultMembership[]> {
    return this.setUsersDefaultMembership([userId], membership);
  }

  /** Gives each user the same default membership, all in one transaction. */
  async setUsersDefaultMembership(userIds: readonly number[], membership: unknown): Promise<UserQueueDefaultMembership[]> {
    const ids = parseInput(z.array(userIdSchema).min(1).max(10_000), userIds, 'userIds');
    const list = parseInput(membershipSchema, membership, 'membership');
    for (const id of ids) this.user(id);
    const queues = new Set(this.deps.config.current().queues.map((q) => q.id));
    for (const m of list) if (!queues.has(m.queueId)) throw new XucError('XUC_ERR_UNKNOWN_QUEUE', { queue: m.queueId });
    const sorted = [...list].sort((a, b) => a.queueId - b.queueId);
    await this.deps.db.run((db) =>
      db.transaction(async (tx) => {
        for (const id of ids) await replaceDefaultMembership(tx, id, sorted);
      }),
    );
    const messages = ids.map((userId) => ({ userId, membership: sorted }));
    for (const m of messages) for (const l of this.listeners) l(m);
    return messages;
  }

  /**
   * Makes each user's agent's live membership equal to the stored default: adds, changes penalties,
   * removes. One user's failure does not stop the others; it is reported in its result.
   */
  async applyUsersDefaultMembership(userIds: readonly number[]): Promise<ApplyResult[]> {
    const ids = parseInput(z.array(userIdSchema).min(1).max(10_000), userIds, 'userIds');
    const stored = await this.deps.db.run((db) => allDefaultMemberships(db));
    const results: ApplyResult[] = [];
    for (const userId of ids) {
      const result: ApplyResult = { userId, added: 0, changed: 0, removed: 0 };
      try {
        const agentId = this.agentOf(userId);
        const wanted = new Map((stored.get(userId) ?? []).map((m) => [m.queueId, m.penalty]));
        const live = new Map(
          this.deps.engine.queueMembers().filter((m) => m.agentId === agentId && m.penalty >= 0).map((m) => [m.queueId, m.penalty]),
        );
        for (const [queueId, penalty] of wanted) {
          if (live.get(queueId) === penalty) continue;
          await this.deps.engine.setAgentQueue({ agentId, queueId, penalty });
          if (live.has(queueId)) result.changed++;
          else result.added++;
        }
        for (const queueId of live.keys()) {
          if (wanted.has(queueId)) continue;
          await this.deps.engine.removeAgentFromQueue({ agentId, queueId });
          result.removed++;
        }
      } catch (e) {
        result.error = toXucError(e);
      }
      results.push(result);
    }
    return results;
  }

  /**
   * "Create base configuration from active configuration": each given user's default becomes its
   * agent's live membership; when the live view lists a queue twice, the lowest penalty wins.
   */
  async createBaseFromActive(userIds?: readonly number[]): Promise<UserQueueDefaultMembership[]> {
    const users = this.deps.config.current().users.filter((u) => u.agentId !== undefined);
    const ids = userIds ? parseInput(z.array(userIdSchema).max(10_000), userIds, 'userIds') : users.map((u) => u.id);
    const live = this.deps.engine.queueMembers().filter((m) => m.penalty >= 0);
    const plans = ids.map((userId) => {
      const agentId = this.agentOf(userId);
      const best = new Map<number, number>();
      for (const m of live) {
        if (m.agentId !== agentId) continue;
        best.set(m.queueId, Math.min(m.penalty, best.get(m.queueId) ?? Infinity));
      }
      const membership = [...best].map(([queueId, penalty]) => ({ queueId, penalty })).sort((a, b) => a.queueId - b.queueId);
      return { userId, membership };
    });
    await this.deps.db.run((db) =>
      db.transaction(async (tx) => {
        for (const p of plans) await replaceDefaultMembership(tx, p.userId, p.membership);
      }),
    );
    for (const m of plans) for (const l of this.listeners) l(m);
    return plans;
  }

  private user(userId: number) {
    const user = this.deps.config.current().users.find((u) => u.id === userId);
    if (!user) throw new XucError('XUC_ERR_UNKNOWN_USER', { user: userId });
    return user;
  }

  private agentOf(userId: number): number {
    const user = this.user(userId);
    if (user.agentId === undefined) throw new XucError('XUC_ERR_NO_AGENT', { user: user.username });
    return user.agentId;
  }
}
