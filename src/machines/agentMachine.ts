/**
 * One contact-center agent, as clients see it through `AgentStateEvent` (protocol §4.4, §5.1):
 * AgentLoggedOut → AgentLogin → AgentReady ⇄ AgentOnPause(cause), calls (AgentRinging,
 * AgentDialing, AgentOnCall) → AgentOnWrapup after an answered queue call of a queue with a
 * wrap-up time → the state before the call.
 *
 * How the engine uses it:
 * - spawn: `spawn(agentMachine, { systemId: `agent:${agentId}`, input: { agentId, agentNumber, directory, now } })`
 *   where `directory` is the engine's one shared {@link NameDirectory}; time for the wrap-up timer
 *   is the actor system's clock (`createActor(root, { clock })`), so tests drive it.
 * - send: the DomainEvents addressed to the agent (`agent.*`, and `member.updated`/`member.removed`
 *   whose member has this agent number), `agent.force` built from a resync snapshot (see
 *   `resyncForce.ts`), the command intent `agent.endWrapup` when `unpauseAgent` is asked
 *   (Asterisk has no wrap-up to end, so nothing would come back from it), and `agent.monitor`
 *   when a recording is paused or resumed.
 * - pause: see `agentMembership.ts` for how per-queue pauses make the agent's pause; a pause
 *   during a call shows after the call (and its wrap-up); a pause or unpause during wrap-up ends it.
 * - subscribe: `actor.on('agentState', (e) => bus.publish({ kind: 'agentState', agentId: e.agentId, state: e.state }))`.
 *   It is emitted once per change clients would notice, never at spawn.
 * - query: `agentStatePayload(actor.getSnapshot().context, clock.now())` (from `agentView.ts`).
 * - login command checks: `decideAgentLogin` in `agentLoginRules.ts`.
 */
import { and, assign, enqueueActions, setup } from 'xstate';
import type { CallInfo, DomainEvent } from '../domain/domainEvents.js';
import type { AgentStatePayload, MonitorState } from '../domain/xucMessages.js';
import { agentCallView, noCalls, withAcd, withCall, type AcdLeg, type AgentCall } from './agentCallState.js';
import { isAgentPaused, membershipOf, withMemberRemoved, withMemberUpdated, type AgentMembership } from './agentMembership.js';
import { agentViewOf, sameAgentView, withSince, type AgentPhase, type AgentView } from './agentView.js';
import { isWellFormedMachineEvent } from './machineEventShape.js';
import type { NameDirectory } from './nameDirectory.js';

export interface AgentMachineInput {
  agentId: number;
  agentNumber: string;
  directory: NameDirectory;
  /** Epoch ms at spawn: the start of the initial AgentLoggedOut. */
  now?: number;
}

/** The agent's part of a resync snapshot: Asterisk's truth, applied from any state. */
export interface AgentForceEvent {
  type: 'agent.force';
  at: number;
  loggedIn: boolean;
  lineInterface?: string;
  memberships: ReadonlyArray<{ queue: string; paused: boolean; pausedReason: string; inCall: boolean }>;
  /** Calls on the agent's line (its own login channel left out). */
  calls: readonly CallInfo[];
  onCall: boolean;
}

export type AgentMachineEvent =
  | Extract<
      DomainEvent,
      { type: 'agent.loggedIn' | 'agent.loggedOut' | 'agent.deviceState' | 'agent.call' | 'agent.acd' | 'member.updated' | 'member.removed' }
    >
  | AgentForceEvent
  /** Command intent: `unpauseAgent` during wrap-up ends it at once. */
  | { type: 'agent.endWrapup'; at: number }
  /** Recording state of the agent's calls (monitor pause/unpause confirmed). */
  | { type: 'agent.monitor'; monitorState: MonitorState; at: number };

export interface AgentStateEmitted {
  type: 'agentState';
  agentId: number;
  state: AgentStatePayload;
  at: number;
}

export interface AgentContext {
  agentId: number;
  agentNumber: string;
  directory: NameDirectory;
  /** Mirrors the active leaf so the view can be derived in actions (which do not see the state). */
  phase: AgentPhase;
  lineInterface: string;
  phoneNb: string;
  memberships: readonly AgentMembership[];
  pauseCause: string;
  calls: Readonly<Record<string, AgentCall>>;
  acd: AcdLeg | undefined;
  /** The queue of the ACD call the agent answered; decides the wrap-up after it. */
  answeredQueue: string;
  monitorState: MonitorState;
  /** Latest time known from events, epoch ms (events carry `at`; timers advance it). */
  now: number;
  /** Epoch ms when the state clients see was entered. */
  since: number;
  /** Epoch ms when the running wrap-up is due to end. */
  wrapUpEndsAt: number;
  /** The last view published, to publish only real changes. */
  shown: AgentView;
}

/**
 * Key of the call that stands in for a call a snapshot reports ("on call") but does not show on
 * the agent's line. No line event will ever release it: the end of the ACD leg or the agent's
 * device going idle does.
 */
const standInCall = 'resync-stand-in';

/** app_agent_pool device states that mean the agent is reachable, ending the login probation. */
const reachableDeviceStates = new Set(['NOT_INUSE', 'INUSE', 'BUSY', 'RINGING', 'RINGINUSE', 'ONHOLD']);

const wrapUpMs = (c: AgentContext) => c.directory.queueWrapUpSecondsOf(c.answeredQueue) * 1000;
const hasCall = (c: Pick<AgentContext, 'calls' | 'acd'>) => agentCallView(c.calls, c.acd) !== undefined;
const eventTime = (c: AgentContext, e: AgentMachineEvent) => ('at' in e && e.at > c.now ? e.at : c.now);

/** The answered queue after a call event, kept once known so a late AgentComplete cannot lose it. */
function answeredQueueOf(c: AgentContext, calls: AgentContext['calls'], acd: AcdLeg | undefined): string {
  return agentCallView(calls, acd)?.answeredQueue ?? c.answeredQueue;
}

/** A line call that joins while app_queue is ringing or connecting the agent is that queue call. */
function callWithAcdQueue(call: CallInfo, acd: AcdLeg | undefined): CallInfo {
  return acd && !call.queueName && call.state !== 'released' ? { ...call, queueName: acd.queue } : call;
}

function withoutStandIn(calls: AgentContext['calls']): AgentContext['calls'] {
  if (!(standInCall in calls)) return calls;
  const { [standInCall]: _gone, ...rest } = calls;
  return rest;
}

function stampQueue(calls: AgentContext['calls'], queue: string): AgentContext['calls'] {
  let next: Record<string, AgentCall> | undefined;
  for (const id in calls) {
    const c = calls[id];
    if (!c.queue && c.state !== 'dialing') (next ??= { ...calls })[id] = { ...c, queue };
  }
  return next ?? calls;
}

export const agentMachine = setup({
  types: {
    context: {} as AgentContext,
    events: {} as AgentMachineEvent,
    input: {} as AgentMachineInput,
    emitted: {} as AgentStateEmitted,
  },
  guards: {
    isWellFormed: ({ event }) => isWellFormedMachineEvent(event),
    hasCall: ({ context }) => hasCall(context),
    isPaused: ({ context }) => isAgentPaused(context.memberships),
    isNotPaused: ({ context }) => !isAgentPaused(context.memberships),
    callEndedWithWrapUp: ({ context }) => !hasCall(context) && context.answeredQueue !== '' && wrapUpMs(context) > 0,
    callEnded: ({ context }) => !hasCall(context),
    endsProbation: ({ event }) => event.type === 'agent.deviceState' && reachableDeviceStates.has(event.state),
    isDeviceIdle: ({ event }) => event.type === 'agent.deviceState' && event.state === 'NOT_INUSE',
    forceSaysLoggedOut: ({ event }) => event.type === 'agent.force' && !event.loggedIn,
    /** A snapshot cannot see wrap-up (it is ours, not Asterisk's): keep timing it if nothing contradicts it. */
    forceKeepsWrapUp: ({ context, event }) =>
      event.type === 'agent.force' && event.loggedIn && !event.onCall && event.calls.length === 0 && event.lineInterface === context.lineInterface,
    /** In wrap-up, a pause or an unpause is the agent choosing what comes next. */
    pauseToggles: ({ context, event }) =>
      event.type === 'member.updated' &&
      isAgentPaused(withMemberUpdated(context.memberships, event.member, event.queue)) !== isAgentPaused(context.memberships),
    clientViewChanged: ({ context }) => !sameAgentView(agentViewOf(context), context.shown),
  },
  actions: {
    noteTime: assign({ now: ({ context, event }) => eventTime(context, event) }),
    enterPhase: assign((_, params: { phase: AgentPhase }) => ({ phase: params.phase })),
    assignLogin: assign(({ context, event }) => {
      if (event.type !== 'agent.loggedIn') return {};
      return { lineInterface: event.lineInterface, phoneNb: context.directory.lineNumberOf(event.lineInterface) ?? '' };
    }),
    clearSession: assign({ lineInterface: '', phoneNb: '', calls: noCalls, acd: undefined, answeredQueue: '' }),
    forgetAnsweredQueue: assign({ answeredQueue: '' }),
    /** Once no call is left, its queue no longer decides anything. */
    forgetEndedCall: assign(({ context }) => ({ answeredQueue: hasCall(context) ? context.answeredQueue : '' })),
    updateMembership: assign(({ context, event }) => {
      if (event.type !== 'member.updated') return {};
      const memberships = withMemberUpdated(context.memberships, event.member, event.queue);
      return event.member.paused ? { memberships, pauseCause: event.member.pausedReason } : { memberships };
    }),
    removeMembership: assign(({ context, event }) =>
      event.type === 'member.removed' ? { memberships: withMemberRemoved(context.memberships, event.queue) } : {},
    ),
    trackCall: assign(({ context, event }) => {
      if (event.type !== 'agent.call') return {};
      const calls = withCall(context.calls, callWithAcdQueue(event.call, context.acd));
      return { calls, answeredQueue: answeredQueueOf(context, calls, context.acd) };
    }),
    trackAcd: assign(({ context, event }) => {
      if (event.type !== 'agent.acd') return {};
      const acd = withAcd(context.acd, event);
      const calls =
        event.phase === 'connected' ? stampQueue(context.calls, event.queue) : event.phase === 'completed' ? withoutStandIn(context.calls) : context.calls;
      return { acd, calls, answeredQueue: answeredQueueOf(context, calls, acd) };
    }),
    dropStandInCall: assign(({ context }) => ({ calls: withoutStandIn(context.calls) })),
    setMonitorState: assign(({ context, event }) => (event.type === 'agent.monitor' ? { monitorState: event.monitorState } : { monitorState: context.monitorState })),
    startWrapUpClock: assign(({ context }) => ({ wrapUpEndsAt: context.now + wrapUpMs(context) })),
    /** The timer fired: its due time is the time now (no event carries it). */
    endWrapUpClock: assign(({ context }) => ({ now: Math.max(context.now, context.wrapUpEndsAt) })),
    applyForce: assign(({ context, event }) => {
      if (event.type !== 'agent.force') return {};
      const memberships = event.memberships.map((m) => membershipOf(m.queue, m.paused));
      const pauseCause = event.memberships.find((m) => m.paused)?.pausedReason ?? '';
      if (!event.loggedIn) {
        return { memberships, pauseCause, lineInterface: '', phoneNb: '', calls: noCalls, acd: undefined, answeredQueue: '' };
      }
      const inCallQueue = event.memberships.find((m) => m.inCall)?.queue;
      let calls = noCalls;
      for (const call of event.calls) calls = withCall(calls, call);
      if (event.onCall && !Object.values(calls).some((c) => c.state === 'established' || c.state === 'onHold')) {
        // Asterisk says "on call" without showing the call on the line (an agent reached through
        // a Local channel): stand in for it until the hang-up arrives.
        calls = { ...calls, [standInCall]: { state: 'established', direction: 'Incoming', external: true, queue: inCallQueue } };
      } else if (inCallQueue) calls = stampQueue(calls, inCallQueue);
      const lineInterface = event.lineInterface ?? '';
      return {
        memberships,
        pauseCause,
        lineInterface,
        phoneNb: context.directory.lineNumberOf(lineInterface) ?? '',
        calls,
        acd: undefined,
        answeredQueue: agentCallView(calls, undefined)?.answeredQueue ?? '',
      };
    }),
    publishAgentState: enqueueActions(({ context, enqueue }) => {
      const view = agentViewOf(context);
      const since = view.name === context.shown.name && view.cause === context.shown.cause ? context.since : context.now;
      enqueue.assign({ shown: view, since });
      enqueue.emit({ type: 'agentState', agentId: context.agentId, state: withSince(view, since, context.now), at: context.now });
    }),
  },
  delays: {
    // Asterisk sends no event when a member's wrap-up ends, so the agent times it itself.
    wrapUpDelay: ({ context }) => wrapUpMs(context),
  },
}).createMachine({
  id: 'agent',
  context: ({ input }) => {
    const now = input.now ?? 0;
    const context: AgentContext = {
      agentId: input.agentId,
      agentNumber: input.agentNumber,
      directory: input.directory,
      phase: 'loggedOut',
      lineInterface: '',
      phoneNb: '',
      memberships: [],
      pauseCause: '',
      calls: noCalls,
      acd: undefined,
      answeredQueue: '',
      monitorState: 'DISABLED',
      now,
      since: now,
      wrapUpEndsAt: now,
      shown: undefined as unknown as AgentView,
    };
    context.shown = agentViewOf(context);
    return context;
  },
  initial: 'loggedOut',
  // Checked after every step, once the state has settled: one AgentStateEvent per visible change.
  always: { guard: 'clientViewChanged', actions: 'publishAgentState' },
  on: {
    'member.updated': { guard: 'isWellFormed', actions: ['noteTime', 'updateMembership'] },
    'member.removed': { guard: 'isWellFormed', actions: ['noteTime', 'removeMembership'] },
    'agent.monitor': { guard: 'isWellFormed', actions: ['noteTime', 'setMonitorState'] },
    'agent.loggedOut': { guard: 'isWellFormed', target: '.loggedOut', actions: ['noteTime', 'clearSession'] },
    'agent.force': [
      { guard: and(['isWellFormed', 'forceSaysLoggedOut']), target: '.loggedOut', actions: ['noteTime', 'applyForce'] },
      { guard: 'isWellFormed', target: '.loggedIn.available.ready', reenter: true, actions: ['noteTime', 'applyForce'] },
    ],
  },
  states: {
    loggedOut: {
      entry: [{ type: 'enterPhase', params: { phase: 'loggedOut' } }, 'clearSession'],
      on: { 'agent.loggedIn': { guard: 'isWellFormed', target: 'loggedIn', actions: ['noteTime', 'assignLogin'] } },
    },
    loggedIn: {
      initial: 'probation',
      on: {
        'agent.loggedIn': { guard: 'isWellFormed', actions: ['noteTime', 'assignLogin'] },
        'agent.call': { guard: 'isWellFormed', actions: ['noteTime', 'trackCall'] },
        'agent.acd': { guard: 'isWellFormed', actions: ['noteTime', 'trackAcd'] },
        'agent.deviceState': { guard: and(['isWellFormed', 'isDeviceIdle']), actions: ['noteTime', 'dropStandInCall'] },
      },
      states: {
        // app_agent_pool keeps a new agent unavailable for a few seconds after AgentLogin.
        probation: {
          entry: { type: 'enterPhase', params: { phase: 'login' } },
          on: { 'agent.deviceState': { guard: and(['isWellFormed', 'endsProbation']), target: 'available', actions: ['noteTime', 'forgetEndedCall'] } },
        },
        available: {
          initial: 'ready',
          states: {
            ready: {
              entry: { type: 'enterPhase', params: { phase: 'ready' } },
              always: [
                { guard: 'hasCall', target: 'onCall' },
                { guard: 'isPaused', target: 'onPause' },
              ],
            },
            onPause: {
              entry: { type: 'enterPhase', params: { phase: 'onPause' } },
              always: [
                { guard: 'hasCall', target: 'onCall' },
                { guard: 'isNotPaused', target: 'ready' },
              ],
            },
            // A pause received during a call is only recorded: it shows once the call (and its wrap-up) is over.
            onCall: {
              entry: { type: 'enterPhase', params: { phase: 'onCall' } },
              always: [
                { guard: 'callEndedWithWrapUp', target: 'wrapUp' },
                { guard: 'callEnded', target: 'ready', actions: 'forgetAnsweredQueue' },
              ],
            },
            wrapUp: {
              entry: [{ type: 'enterPhase', params: { phase: 'wrapUp' } }, 'startWrapUpClock'],
              exit: 'forgetAnsweredQueue',
              after: { wrapUpDelay: { target: 'ready', actions: 'endWrapUpClock' } },
              always: { guard: 'hasCall', target: 'onCall' },
              on: {
                'agent.endWrapup': { guard: 'isWellFormed', target: 'ready', actions: 'noteTime' },
                'member.updated': [
                  { guard: and(['isWellFormed', 'pauseToggles']), target: 'ready', actions: ['noteTime', 'updateMembership'] },
                  { guard: 'isWellFormed', actions: ['noteTime', 'updateMembership'] },
                ],
                'agent.force': { guard: and(['isWellFormed', 'forceKeepsWrapUp']), actions: ['noteTime', 'applyForce'] },
              },
            },
          },
        },
      },
    },
  },
});

export type AgentMachine = typeof agentMachine;
