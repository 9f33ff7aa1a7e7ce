import { z } from 'zod';

/**
 * The contact-center configuration (shared/config-format.md): users, lines, agents, groups,
 * queues, base membership and user statuses. Unknown keys are rejected so typos show.
 */
const id = z.number().int().positive();
const digits = z.string().regex(/^\d+$/, 'must be a string of digits');

export const userSchema = z
  .object({
    id,
    username: z.string().min(1),
    /** Plain text in the file; stored only as a scrypt hash. `scrypt$…` is an existing hash. */
    password: z.string().min(1),
    firstName: z.string().default(''),
    lastName: z.string().default(''),
    mobileNumber: z.string().default(''),
    lineId: id.optional(),
    agentId: id.optional(),
    rights: z.enum(['agent', 'supervisor', 'admin']).default('agent'),
    supervises: z
      .object({ groups: z.array(id).default([]), queues: z.array(id).default([]) })
      .strict()
      .prefault({}),
  })
  .strict();

export const lineSchema = z
  .object({ id, interface: z.string().min(3), number: digits, context: z.string().default('default') })
  .strict();

export const agentSchema = z
  .object({
    id,
    number: digits,
    firstName: z.string().default(''),
    lastName: z.string().default(''),
    groupId: id.optional(),
    context: z.string().default('default'),
  })
  .strict();

export const agentGroupSchema = z.object({ id, name: z.string().min(1), displayName: z.string().optional() }).strict();

export const queueSchema = z
  .object({
    id,
    name: z.string().min(1),
    displayName: z.string().default(''),
    number: digits.optional(),
    context: z.string().default('default'),
    wrapUpTime: z.number().int().min(0).default(0),
  })
  .strict();

export const queueMemberSchema = z
  .object({ agentId: id, queueId: id, penalty: z.number().int().min(0).default(0) })
  .strict();

export const userStatusSchema = z
  .object({
    name: z.string().min(1),
    longName: z.string().default(''),
    color: z.string().default('#FFFFFF'),
    actions: z.array(z.object({ name: z.string(), parameters: z.string().default('') }).strict()).default([]),
  })
  .strict();

export const contactCenterConfigSchema = z
  .object({
    pbx: z.object({ agentMemberInterface: z.string().default('Agent/{number}') }).strict().prefault({}),
    users: z.array(userSchema).default([]),
    lines: z.array(lineSchema).default([]),
    agents: z.array(agentSchema).default([]),
    agentGroups: z.array(agentGroupSchema).default([]),
    queues: z.array(queueSchema).default([]),
    queueMembers: z.array(queueMemberSchema).default([]),
    userStatuses: z.array(userStatusSchema).default([]),
  })
  .strict();

export type ContactCenterConfig = z.output<typeof contactCenterConfigSchema>;
export type User = z.output<typeof userSchema>;
export type Line = z.output<typeof lineSchema>;
export type Agent = z.output<typeof agentSchema>;
export type AgentGroup = z.output<typeof agentGroupSchema>;
export type Queue = z.output<typeof queueSchema>;
export type QueueMemberConfig = z.output<typeof queueMemberSchema>;
export type UserStatus = z.output<typeof userStatusSchema>;
export type Rights = User['rights'];

export const emptyContactCenterConfig = (): ContactCenterConfig => contactCenterConfigSchema.parse({});

/** A config problem located by entry and field, e.g. `users[2].lineId`. */
export interface ConfigProblem {
  path: string;
  message: string;
}

const formatPath = (path: ReadonlyArray<PropertyKey>) =>
  path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');

/**
 * Validates a whole configuration, shape first, then references (unique ids, lines, agents,
 * groups and queues that exist). Returns every problem, so a bad file is rejected as a whole.
 */
export function parseContactCenterConfig(
  raw: unknown,
): { ok: true; config: ContactCenterConfig } | { ok: false; problems: ConfigProblem[] } {
  const parsed = contactCenterConfigSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    };
  }
  const config = parsed.data;
  const problems: ConfigProblem[] = [];
  const uniqueIds = (list: ReadonlyArray<{ id: number }>, name: string) => {
    const seen = new Set<number>();
    list.forEach((item, i) => {
      if (seen.has(item.id)) problems.push({ path: `${name}[${i}].id`, message: `duplicate id ${item.id}` });
      seen.add(item.id);
    });
    return seen;
  };
  const lineIds = uniqueIds(config.lines, 'lines');
  const agentIds = uniqueIds(config.agents, 'agents');
  const groupIds = uniqueIds(config.agentGroups, 'agentGroups');
  const queueIds = uniqueIds(config.queues, 'queues');
  uniqueIds(config.users, 'users');
  const uniqueBy = <T>(list: readonly T[], key: (t: T) => string, name: string, field: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) problems.push({ path: `${name}[${i}].${field}`, message: `duplicate ${field} "${k}"` });
      seen.add(k);
    });
  };
  uniqueBy(config.users, (u) => u.username, 'users', 'username');
  uniqueBy(config.lines, (l) => l.interface, 'lines', 'interface');
  uniqueBy(config.lines, (l) => l.number, 'lines', 'number');
  uniqueBy(config.agents, (a) => a.number, 'agents', 'number');
  uniqueBy(config.queues, (q) => q.name, 'queues', 'name');
  uniqueBy(config.userStatuses, (s) => s.name, 'userStatuses', 'name');
  const ref = (ok: boolean, path: string, message: string) => {
    if (!ok) problems.push({ path, message });
  };
  config.users.forEach((u, i) => {
    if (u.lineId !== undefined) ref(lineIds.has(u.lineId), `users[${i}].lineId`, `no line with id ${u.lineId}`);
    if (u.agentId !== undefined) ref(agentIds.has(u.agentId), `users[${i}].agentId`, `no agent with id ${u.agentId}`);
    u.supervises.groups.forEach((g, j) => ref(groupIds.has(g), `users[${i}].supervises.groups[${j}]`, `no agent group with id ${g}`));
    u.supervises.queues.forEach((q, j) => ref(queueIds.has(q), `users[${i}].supervises.queues[${j}]`, `no queue with id ${q}`));
  });
  config.agents.forEach((a, i) => {
    if (a.groupId !== undefined) ref(groupIds.has(a.groupId), `agents[${i}].groupId`, `no agent group with id ${a.groupId}`);
  });
  config.queueMembers.forEach((m, i) => {
    ref(agentIds.has(m.agentId), `queueMembers[${i}].agentId`, `no agent with id ${m.agentId}`);
    ref(queueIds.has(m.queueId), `queueMembers[${i}].queueId`, `no queue with id ${m.queueId}`);
  });
  return problems.length ? { ok: false, problems } : { ok: true, config };
}
