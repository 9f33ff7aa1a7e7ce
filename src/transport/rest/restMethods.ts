import { z } from 'zod';
import { canSeeAgent, requireRight } from '../../auth/rights.js';
import type { Authenticator } from '../../auth/authenticator.js';
import type { ConfigStore } from '../../domain/configStore.js';
import type { User } from '../../domain/contactCenterConfig.js';
import type { EngineApi } from '../../domain/engineApi.js';
import { XucError } from '../../errors.js';
import { attachedData } from '../ws/commandContext.js';
import { userConfigPayload } from '../ws/configMessages.js';
import { required, type ResolvedServices } from '../ws/services.js';
import type { UserSettings } from '../ws/userSettings.js';
import { sanitizePhoneNumber } from './phoneNumber.js';
import type { RestCaller } from './restAuth.js';
import type { RestEventFeed } from './restEventFeed.js';

export interface RestDeps {
  engine: EngineApi;
  configStore: ConfigStore;
  services: ResolvedServices;
  authenticator: Authenticator;
  feed: RestEventFeed;
  /** Tells the user's open WebSocket sessions (UserConfigUpdate after a REST DND/forward). */
  notifyUser: (userId: number, msgType: string, payload: unknown) => void;
}

export interface RestCall {
  caller: RestCaller;
  domain: string;
  /** The user named in the path, resolved (absent for agent and handshake methods). */
  user: User | undefined;
  body: unknown;
  query: URLSearchParams;
  address: string;
}

/** One REST 1.0 method: its path shape, its body, its effect. The answer is JSON (200) or nothing. */
export interface RestMethod {
  name: string;
  httpMethod: 'GET' | 'POST';
  /** `user`: /<method>/<domain>/<username>/; `domain`: /<method>/<domain>/; `none`: /<method>/ */
  path: 'user' | 'domain' | 'none';
  summary: string;
  body?: z.ZodType;
  run(deps: RestDeps, call: RestCall): Promise<unknown>;
}

const forward = z.object({ state: z.boolean(), destination: z.string().default('') });
const id = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]);
const numberString = z.union([z.string().min(1), z.number().transform(String)]);

const userOf = (call: RestCall) => call.user!;

async function settings(deps: RestDeps, user: User, patch: Partial<UserSettings>): Promise<void> {
  const next = await deps.services.userSettings.update(user.id, patch);
  deps.notifyUser(user.id, 'UserConfigUpdate', userConfigPayload(user, next));
}

function lineOf(deps: RestDeps, user: User) {
  const line = deps.configStore.current().lines.find((l) => l.id === user.lineId);
  if (!line) throw new XucError('XUC_ERR_NO_LINE', { user: user.username });
  return line;
}

/** Agent methods: a trusted server may act on any agent, a token's user within its rights. */
function checkAgentRight(deps: RestDeps, call: RestCall, agentId: number): void {
  if (call.caller.kind === 'trusted') return;
  const view = { config: deps.configStore.current(), members: deps.engine.queueMembers() };
  requireRight(canSeeAgent(call.caller.user, agentId, view), `agent ${agentId} is not yours to act on`);
}

function agentOnLine(deps: RestDeps, phoneNumber: string) {
  const state = deps.engine.agentStates().find((s) => s.name !== 'AgentLoggedOut' && s.phoneNb === phoneNumber);
  if (!state) throw new XucError('XUC_ERR_NOT_FOUND', { what: `agent logged on ${phoneNumber}` });
  return state;
}

/** The REST 1.0 methods of xuc-rest.md §2. */
export const restMethods: RestMethod[] = [
  {
    name: 'connect', httpMethod: 'POST', path: 'user', summary: 'Opens a server-side session: the user\'s events are posted to eventUrl',
    body: z.object({ password: z.string() }),
    async run(deps, call) {
      const { password } = call.body as { password: string };
      const user = await deps.authenticator.byPassword(userOf(call).username, password, call.address);
      deps.feed.connect(call.domain, user.username);
    },
  },
  {
    name: 'dnd', httpMethod: 'POST', path: 'user', summary: 'Sets do-not-disturb',
    body: z.object({ state: z.boolean() }),
    run: (deps, call) => settings(deps, userOf(call), { dndEnabled: (call.body as { state: boolean }).state }),
  },
  {
    name: 'dial', httpMethod: 'POST', path: 'user', summary: 'Calls a number from the user\'s line',
    body: z.object({ number: numberString, variables: z.record(z.string(), z.string()).optional() }),
    async run(deps, call) {
      const body = call.body as { number: string; variables?: Record<string, string> };
      const destination = sanitizePhoneNumber(body.number);
      if (!destination) throw new XucError('XUC_ERR_INVALID_JSON', { detail: 'number: nothing dialable' });
      await deps.engine.dial({ lineId: lineOf(deps, userOf(call)).id, destination, variables: attachedData(body.variables) });
    },
  },
  {
    name: 'dialByUsername', httpMethod: 'POST', path: 'user', summary: 'Calls another user\'s line from the user\'s line',
    body: z.object({ username: z.string().min(1) }),
    async run(deps, call) {
      const callee = deps.configStore.current().users.find((u) => u.username === (call.body as { username: string }).username);
      if (!callee) throw new XucError('XUC_ERR_UNKNOWN_USER', { user: (call.body as { username: string }).username });
      await deps.engine.dial({ lineId: lineOf(deps, userOf(call)).id, destination: lineOf(deps, callee).number });
    },
  },
  {
    name: 'dialFromQueue', httpMethod: 'POST', path: 'user', summary: 'Places an outbound call through a queue',
    body: z.object({
      destination: numberString, queueId: id, callerIdName: z.string().optional(), callerIdNumber: z.string().optional(),
      variables: z.record(z.string(), z.string()).optional(),
    }),
    async run(deps, call) {
      const b = call.body as { destination: string; queueId: number; callerIdName?: string; callerIdNumber?: string; variables?: Record<string, string> };
      if (!deps.configStore.current().queues.some((q) => q.id === b.queueId)) throw new XucError('XUC_ERR_UNKNOWN_QUEUE', { queue: b.queueId });
      await deps.engine.dialFromQueue({ ...b, destination: sanitizePhoneNumber(b.destination), variables: attachedData(b.variables) });
    },
  },
  {
    name: 'uncForward', httpMethod: 'POST', path: 'user', summary: 'Unconditional forward on/off', body: forward,
    run: (deps, call) => { const b = call.body as z.output<typeof forward>; return settings(deps, userOf(call), { uncFwdEnabled: b.state, uncFwdDestination: b.destination }); },
  },
  {
    name: 'naForward', httpMethod: 'POST', path: 'user', summary: 'Forward on no answer on/off', body: forward,
    run: (deps, call) => { const b = call.body as z.output<typeof forward>; return settings(deps, userOf(call), { naFwdEnabled: b.state, naFwdDestination: b.destination }); },
  },
  {
    name: 'busyForward', httpMethod: 'POST', path: 'user', summary: 'Forward on busy on/off', body: forward,
    run: (deps, call) => { const b = call.body as z.output<typeof forward>; return settings(deps, userOf(call), { busyFwdEnabled: b.state, busyFwdDestination: b.destination }); },
  },
  {
    name: 'handshake', httpMethod: 'POST', path: 'domain', summary: 'Re-posts the current state of every user connected for the domain',
    async run(deps, call) {
      // Answer at once; the posts go out through the poster's queue.
      deps.feed.handshake(call.domain);
    },
  },
  {
    name: 'historyByUsername', httpMethod: 'GET', path: 'user', summary: 'The user\'s last calls, newest first (?size=N)',
    async run(deps, call) {
      const size = Number(call.query.get('size') ?? '10');
      if (!Number.isInteger(size) || size < 1 || size > 1000) throw new XucError('XUC_ERR_INVALID_JSON', { detail: 'size: must be 1..1000' });
      return required(deps.services.history, 'call history').byUser(userOf(call).id, size);
    },
  },
  {
    name: 'agentLogin', httpMethod: 'POST', path: 'none', summary: 'Logs the agent with that number onto a line',
    body: z.object({ agentphonenumber: numberString, agentnumber: numberString }),
    async run(deps, call) {
      const b = call.body as { agentphonenumber: string; agentnumber: string };
      const agent = deps.configStore.current().agents.find((a) => a.number === b.agentnumber);
      if (!agent) throw new XucError('XUC_ERR_UNKNOWN_AGENT', { agent: b.agentnumber });
      checkAgentRight(deps, call, agent.id);
      await deps.engine.agentLogin({ agentId: agent.id, phoneNumber: b.agentphonenumber });
    },
  },
  {
    name: 'agentLogout', httpMethod: 'POST', path: 'none', summary: 'Logs out the agent logged on a line',
    body: z.object({ phoneNumber: numberString }),
    async run(deps, call) {
      const agent = agentOnLine(deps, (call.body as { phoneNumber: string }).phoneNumber);
      checkAgentRight(deps, call, agent.agentId);
      await deps.engine.agentLogout({ agentId: agent.agentId });
    },
  },
  {
    name: 'togglePause', httpMethod: 'POST', path: 'none', summary: 'Pauses the agent on a line if ready, unpauses it if paused',
    body: z.object({ phoneNumber: numberString }),
    async run(deps, call) {
      const agent = agentOnLine(deps, (call.body as { phoneNumber: string }).phoneNumber);
      checkAgentRight(deps, call, agent.agentId);
      if (agent.name === 'AgentOnPause' || agent.name === 'AgentOnWrapup') await deps.engine.unpauseAgent({ agentId: agent.agentId });
      else if (agent.name === 'AgentReady') await deps.engine.pauseAgent({ agentId: agent.agentId });
      else throw new XucError('XUC_ERR_INVALID_STATE', { action: 'toggle pause', state: agent.name });
    },
  },
];
