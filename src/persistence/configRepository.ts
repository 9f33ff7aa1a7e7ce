import {
  contactCenterConfigSchema,
  type ContactCenterConfig,
} from '../domain/contactCenterConfig.js';
import { XucError } from '../errors.js';
import { isPasswordHash } from '../auth/passwords.js';
import type { Queryable } from './db.js';

/** What the status page shows of the configuration cache. */
export interface ConfigCounts {
  users: number;
  agents: number;
  queues: number;
  lines: number;
  groups: number;
}

interface UserRow {
  id: number; username: string; password_hash: string; first_name: string; last_name: string;
  mobile_number: string; line_id: number | null; agent_id: number | null; rights: string;
  supervised_groups: number[]; supervised_queues: number[];
}

const orUndefined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** Reads the whole configuration cache; validated on the way out, so a hand-edited row cannot slip through. */
export async function loadConfig(db: Queryable): Promise<ContactCenterConfig> {
  const [pbx, users, lines, agents, groups, queues, members, statuses] = [
    await db.query<{ key: string; value: string }>('SELECT key, value FROM pbx_setting'),
    await db.query<UserRow>('SELECT * FROM xuc_user ORDER BY id'),
    await db.query<{ id: number; interface: string; number: string; context: string }>('SELECT * FROM line ORDER BY id'),
    await db.query<{ id: number; number: string; first_name: string; last_name: string; group_id: number | null; context: string }>(
      'SELECT * FROM agent ORDER BY id'),
    await db.query<{ id: number; name: string; display_name: string | null }>('SELECT * FROM agent_group ORDER BY id'),
    await db.query<{ id: number; name: string; display_name: string; number: string | null; context: string; wrap_up_time: number }>(
      'SELECT * FROM queue ORDER BY id'),
    await db.query<{ agent_id: number; queue_id: number; penalty: number }>('SELECT * FROM queue_member ORDER BY agent_id, queue_id'),
    await db.query<{ name: string; long_name: string; color: string; actions: unknown }>(
      'SELECT name, long_name, color, actions FROM user_status ORDER BY position'),
  ];
  const agentMemberInterface = pbx.find((p) => p.key === 'agentMemberInterface')?.value;
  return contactCenterConfigSchema.parse({
    pbx: agentMemberInterface ? { agentMemberInterface } : {},
    users: users.map((u) => ({
      id: u.id, username: u.username, password: u.password_hash, firstName: u.first_name, lastName: u.last_name,
      mobileNumber: u.mobile_number, lineId: orUndefined(u.line_id), agentId: orUndefined(u.agent_id), rights: u.rights,
      supervises: { groups: u.supervised_groups, queues: u.supervised_queues },
    })),
    lines: lines.map((l) => ({ id: l.id, interface: l.interface, number: l.number, context: l.context })),
    agents: agents.map((a) => ({
      id: a.id, number: a.number, firstName: a.first_name, lastName: a.last_name, groupId: orUndefined(a.group_id), context: a.context,
    })),
    agentGroups: groups.map((g) => ({ id: g.id, name: g.name, displayName: orUndefined(g.display_name) })),
    queues: queues.map((q) => ({
      id: q.id, name: q.name, displayName: q.display_name, number: orUndefined(q.number), context: q.context, wrapUpTime: q.wrap_up_time,
    })),
    queueMembers: members.map((m) => ({ agentId: m.agent_id, queueId: m.queue_id, penalty: m.penalty })),
    userStatuses: statuses.map((s) => ({ name: s.name, longName: s.long_name, color: s.color, actions: s.actions })),
  });
}

/**
 * Makes the cache equal to `config` (a validated configuration whose passwords are hashes): every
 * entry upserted by id, every entry the configuration no longer holds deleted. Run it inside a
 * transaction; the deferred constraints are checked at commit.
 */
export async function replaceConfig(tx: Queryable, config: ContactCenterConfig): Promise<void> {
  const plain = config.users.find((u) => !isPasswordHash(u.password));
  if (plain) throw new XucError('XUC_ERR_INTERNAL', { detail: `user ${plain.username} has no password hash` });

  await tx.query(
    `INSERT INTO pbx_setting (key, value) VALUES ('agentMemberInterface', $1)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [config.pbx.agentMemberInterface],
  );
  for (const g of config.agentGroups) {
    await tx.query(
      `INSERT INTO agent_group (id, name, display_name) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, display_name = EXCLUDED.display_name`,
      [g.id, g.name, g.displayName ?? null],
    );
  }
  for (const l of config.lines) {
    await tx.query(
      `INSERT INTO line (id, interface, number, context) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET interface = EXCLUDED.interface, number = EXCLUDED.number, context = EXCLUDED.context`,
      [l.id, l.interface, l.number, l.context],
    );
  }
  for (const a of config.agents) {
    await tx.query(
      `INSERT INTO agent (id, number, first_name, last_name, group_id, context) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET number = EXCLUDED.number, first_name = EXCLUDED.first_name,
         last_name = EXCLUDED.last_name, group_id = EXCLUDED.group_id, context = EXCLUDED.context`,
      [a.id, a.number, a.firstName, a.lastName, a.groupId ?? null, a.context],
    );
  }
  for (const q of config.queues) {
    await tx.query(
      `INSERT INTO queue (id, name, display_name, number, context, wrap_up_time) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, display_name = EXCLUDED.display_name,
         number = EXCLUDED.number, context = EXCLUDED.context, wrap_up_time = EXCLUDED.wrap_up_time`,
      [q.id, q.name, q.displayName, q.number ?? null, q.context, q.wrapUpTime],
    );
  }
  for (const u of config.users) {
    await tx.query(
      `INSERT INTO xuc_user (id, username, password_hash, first_name, last_name, mobile_number, line_id, agent_id,
         rights, supervised_groups, supervised_queues)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, password_hash = EXCLUDED.password_hash,
         first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, mobile_number = EXCLUDED.mobile_number,
         line_id = EXCLUDED.line_id, agent_id = EXCLUDED.agent_id, rights = EXCLUDED.rights,
         supervised_groups = EXCLUDED.supervised_groups, supervised_queues = EXCLUDED.supervised_queues`,
      [u.id, u.username, u.password, u.firstName, u.lastName, u.mobileNumber, u.lineId ?? null, u.agentId ?? null,
        u.rights, u.supervises.groups, u.supervises.queues],
    );
  }
  // Base membership is a relation, replaced as a whole.
  await tx.query('DELETE FROM queue_member');
  for (const m of config.queueMembers) {
    await tx.query('INSERT INTO queue_member (agent_id, queue_id, penalty) VALUES ($1, $2, $3)', [m.agentId, m.queueId, m.penalty]);
  }
  await tx.query('DELETE FROM user_status');
  for (const [position, s] of config.userStatuses.entries()) {
    await tx.query(
      'INSERT INTO user_status (name, long_name, color, actions, position) VALUES ($1, $2, $3, $4, $5)',
      [s.name, s.longName, s.color, JSON.stringify(s.actions), position],
    );
  }
  // Children before parents, so the cascades and deferred checks see a consistent end state.
  await tx.query('DELETE FROM xuc_user WHERE NOT (id = ANY($1::int[]))', [config.users.map((u) => u.id)]);
  await tx.query('DELETE FROM agent WHERE NOT (id = ANY($1::int[]))', [config.agents.map((a) => a.id)]);
  await tx.query('DELETE FROM line WHERE NOT (id = ANY($1::int[]))', [config.lines.map((l) => l.id)]);
  await tx.query('DELETE FROM queue WHERE NOT (id = ANY($1::int[]))', [config.queues.map((q) => q.id)]);
  await tx.query('DELETE FROM agent_group WHERE NOT (id = ANY($1::int[]))', [config.agentGroups.map((g) => g.id)]);
}

/** Counts for the status page. */
export async function countConfig(db: Queryable): Promise<ConfigCounts> {
  const [row] = await db.query<Record<keyof ConfigCounts, number | string>>(
    `SELECT (SELECT count(*) FROM xuc_user) AS users, (SELECT count(*) FROM agent) AS agents,
            (SELECT count(*) FROM queue) AS queues, (SELECT count(*) FROM line) AS lines,
            (SELECT count(*) FROM agent_group) AS groups`,
  );
  return {
    users: Number(row.users), agents: Number(row.agents), queues: Number(row.queues),
    lines: Number(row.lines), groups: Number(row.groups),
  };
}
