import { type ActorSystem, type AnyActorRef, fromCallback } from 'xstate';
import type { AmiFrame, AmiSnapshot } from '../domain/amiFrame.js';
import type { AmiPort } from '../domain/amiPort.js';
import type { Clock } from '../domain/clock.js';
import type { DomainEvent, ResyncSnapshot } from '../domain/domainEvents.js';
import { agentForceFor, lineForceFor, queueForceFor, resyncForces } from '../machines/resyncForce.js';
import type { Logger } from '../log.js';
import { createRouterView, translate, translateSnapshot, viewToSnapshot, type RouterView } from './router/index.js';
import type { RouterOptions } from './router/routerOptions.js';
import { normalizeOptions } from './router/routerOptions.js';
import { agentActorId, lineActorId, queueActorId, type NameIndex } from './nameIndex.js';

export interface AmiRouterDeps {
  ami: AmiPort;
  clock: Clock;
  logger: Logger;
  index: () => NameIndex;
  /** Called after each live frame has been dispatched and every actor has processed it. */
  afterFrame: (frame: AmiFrame, receivedAt: number) => void;
  /** Called after a resync snapshot has been applied to every actor. */
  afterSnapshot: (info: { restart: boolean; at: number }) => void;
}

/** The router's options for the current configuration: lines and how agents appear as members. */
export function routerOptionsOf(index: NameIndex): RouterOptions {
  const { config } = index;
  const userOfLine = new Map(config.users.filter((u) => u.lineId !== undefined).map((u) => [u.lineId!, u]));
  return {
    lines: config.lines.map((l) => {
      const user = userOfLine.get(l.id);
      const name = user ? `${user.firstName} ${user.lastName}`.trim() : '';
      return { interface: l.interface, number: l.number, ...(name ? { name } : {}) };
    }),
    agentMemberInterface: config.pbx.agentMemberInterface,
  };
}

/** The systemIds a domain event concerns, with Asterisk names resolved to configured ids. */
export function targetsOf(event: DomainEvent, index: NameIndex): string[] {
  switch (event.type) {
    case 'line.call':
      return lineTarget(index, event.lineInterface);
    case 'agent.loggedIn':
    case 'agent.loggedOut':
    case 'agent.deviceState':
    case 'agent.call':
      return agentTarget(index, event.agentNumber);
    case 'agent.acd':
      return [...agentTarget(index, event.agentNumber), ...queueTarget(index, event.queue)];
    case 'member.updated':
    case 'member.removed':
      return [
        ...queueTarget(index, event.queue),
        ...agentTarget(index, event.member.agentNumber ?? index.agentByMember(event.member.interface)?.number),
      ];
    case 'queue.callerJoined':
    case 'queue.callerLeft':
    case 'queue.callerAbandoned':
    case 'queue.callOutcome':
      return queueTarget(index, event.queue);
    case 'snapshot':
      return [];
  }
}

// Module functions, not closures made per event: this runs for every domain event.
function agentTarget(index: NameIndex, number: string | undefined): string[] {
  const a = number === undefined ? undefined : index.agentByNumber(number);
  return a ? [agentActorId(a.id)] : [];
}

function lineTarget(index: NameIndex, iface: string): string[] {
  const l = index.lineByInterface(iface);
  return l ? [lineActorId(l.interface)] : [];
}

function queueTarget(index: NameIndex, name: string | undefined): string[] {
  return name !== undefined && index.queueByName(name) ? [queueActorId(name)] : [];
}

/**
 * The router actor: takes every AMI frame from the link, translates it (pure `translate`), and
 * sends each domain event to the actors it concerns. On every (re)connection it rebuilds its view
 * from the resync snapshot and forces every actor to what Asterisk reports.
 */
export function createAmiRouter(deps: AmiRouterDeps) {
  let view: RouterView = createRouterView(routerOptionsOf(deps.index()));
  let system: ActorSystem<any> | undefined;

  const send = (systemId: string, event: DomainEvent | { type: string }) => {
    const ref = system?.get(systemId) as AnyActorRef | undefined;
    ref?.send(event);
  };

  /** Every configured actor is forced to the snapshot: not mentioned means logged out, no calls, no members. */
  const forceAll = (snapshot: ResyncSnapshot, at: number, index: NameIndex) => {
    const forces = resyncForces(snapshot, at);
    const { config } = index;
    for (const a of config.agents) send(agentActorId(a.id), agentForceFor(forces, a.number) as never);
    for (const l of config.lines) send(lineActorId(l.interface), lineForceFor(forces, l.interface) as never);
    for (const q of config.queues) send(queueActorId(q.name), queueForceFor(forces, q.name) as never);
  };

  const dispatch = (events: readonly DomainEvent[]) => {
    const index = deps.index();
    for (const event of events) {
      if (event.type === 'snapshot') {
        forceAll(event.snapshot, event.at, index);
        continue;
      }
      for (const id of targetsOf(event, index)) send(id, event);
    }
  };

  const onFrame = (frame: AmiFrame, receivedAt: number) => {
    try {
      dispatch(translate(view, frame, receivedAt));
    } catch (error) {
      // translate never throws by contract; a throwing actor is restarted by its manager. This is the last guard.
      deps.logger.warn({ err: error, event: frame.name }, 'AMI frame could not be dispatched');
    }
    deps.afterFrame(frame, receivedAt);
  };

  const onSnapshot = (snapshot: AmiSnapshot, info: { restart: boolean }) => {
    const at = deps.clock.now();
    try {
      const result = translateSnapshot(routerOptionsOf(deps.index()), snapshot, at);
      view = result.view;
      dispatch([result.event]);
    } catch (error) {
      deps.logger.error({ err: error }, 'resync snapshot could not be applied');
    }
    deps.afterSnapshot({ restart: info.restart, at });
  };

  const logic = fromCallback(({ system: sys }) => {
    system = sys;
    const offEvent = deps.ami.onEvent(onFrame);
    const offSnapshot = deps.ami.onSnapshot(onSnapshot);
    return () => {
      offEvent();
      offSnapshot();
    };
  });

  return {
    logic,
    /** The router's current memory of Asterisk (channels, bridges, calls): read-only for commands. */
    view: (): Readonly<RouterView> => view,
    /** The configuration changed: keep the view, interpret new traffic with the new lines. */
    reconfigure: (index: NameIndex) => {
      view.options = normalizeOptions(routerOptionsOf(index));
    },
    /**
     * Forces every actor to what the router knows of Asterisk: after a configuration change, new
     * actors start from the current truth instead of from nothing.
     */
    forceFromView: () => forceAll(viewToSnapshot(view), deps.clock.now(), deps.index()),
  };
}

export type AmiRouter = ReturnType<typeof createAmiRouter>;
