import type { ContactCenterConfig } from '../domain/contactCenterConfig.js';
import { agentLogoff } from './agentPool.js';
import { header } from './amiWire.js';
import type { SimChannel } from './channel.js';
import { originate, runDialplan } from './lines.js';
import type { Pbx } from './pbx.js';
import { queueAdd, queuePause, queueRemove } from './queueMembers.js';

/** Demo traffic: how callers arrive and behave, and how agents work. Times in seconds. */
export interface TrafficProfile {
  /** Mean calls per minute over all queues (Poisson arrivals). */
  readonly callsPerMinute: number;
  readonly talkSeconds: { readonly min: number; readonly max: number };
  /** Callers hang up after this long if nobody answered (so some abandon). */
  readonly patienceSeconds: { readonly min: number; readonly max: number };
  /** Mean seconds between two pauses of one agent, and how long a pause lasts. */
  readonly pauseEverySeconds: number;
  readonly pauseSeconds: { readonly min: number; readonly max: number };
  /** Pause reasons (the demo's pause statuses). */
  readonly pauseReasons: readonly string[];
  /** Mean seconds between two log-outs of one agent, and how long it stays away. */
  readonly logoutEverySeconds: number;
  readonly awaySeconds: { readonly min: number; readonly max: number };
  /** Agents log in spread over this many seconds at start. */
  readonly loginSpreadSeconds: number;
  /** Share of queue rings an agent lets ring out (AgentRingNoAnswer, then the next member). */
  readonly ringNoAnswerRate?: number;
  /** Share of answered calls the agent puts on hold once, for `holdSeconds`. */
  readonly holdRate?: number;
  readonly holdSeconds?: { readonly min: number; readonly max: number };
}

export interface RunningTraffic {
  stop(): void;
}

interface WorkingAgent {
  readonly number: string;
  readonly line: string;
  /** Base membership: queue name and penalty. */
  readonly queues: ReadonlyArray<{ readonly queue: string; readonly penalty: number }>;
  paused: boolean;
}

const memberInterface = (n: string) => `Local/${n}@agents`;

/** Who works where: from the configuration, or every agent on the line of the same number. */
function workingAgents(pbx: Pbx, config?: ContactCenterConfig): WorkingAgent[] {
  if (!config) {
    const queues = [...pbx.queues.keys()].map((queue) => ({ queue, penalty: 0 }));
    return pbx.def.agents
      .filter((a) => pbx.def.lines.some((l) => l.number === a.number))
      .map((a) => ({ number: a.number, line: a.number, queues, paused: false }));
  }
  return config.agents.flatMap((agent) => {
    const user = config.users.find((u) => u.agentId === agent.id);
    const line = config.lines.find((l) => l.id === user?.lineId);
    if (!line) return [];
    const queues = config.queueMembers
      .filter((m) => m.agentId === agent.id)
      .flatMap((m) => {
        const q = config.queues.find((x) => x.id === m.queueId);
        return q ? [{ queue: q.name, penalty: m.penalty }] : [];
      });
    return [{ number: agent.number, line: line.number, queues, paused: false }];
  });
}

/**
 * Drives the demo: agents log in on their lines, join their queues, pause and come back, log
 * out for a while; callers arrive as a Poisson process, talk, or give up when their patience
 * runs out. Everything goes through the PBX model, so AMI clients see it as real traffic.
 */
export function startTraffic(pbx: Pbx, profile: TrafficProfile, config?: ContactCenterConfig): RunningTraffic {
  const rng = pbx.random;
  const between = (r: { min: number; max: number }) => (r.min + rng.next() * (r.max - r.min)) * 1000;
  const agents = workingAgents(pbx, config);
  const queueNumbers = [...pbx.queues.values()].map((q) => q.def.number);
  let stopped = false;
  const later = (ms: number, fn: () => void) => pbx.after(ms, () => !stopped && fn());

  const logIn = (a: WorkingAgent) => {
    const agent = pbx.agents.get(a.number);
    if (!agent || agent.loginChannel) return;
    originate(pbx, {
      exten: a.line, context: 'phones', application: 'AgentLogin', data: a.number,
      callerNum: a.line, callerName: agent.name, variables: [],
    });
    // Like xivo-agentd: the base membership is applied once the agent is in.
    later(pbx.def.ringMs + 2_500, () => {
      for (const q of a.queues)
        queueAdd(pbx, { queue: q.queue, iface: memberInterface(a.number), memberName: `Agent/${a.number}`, stateInterface: `Agent:${a.number}`, penalty: q.penalty });
    });
    later(rng.exponential(profile.pauseEverySeconds * 1000), () => pause(a));
    later(rng.exponential(profile.logoutEverySeconds * 1000), () => logOut(a));
  };

  const pause = (a: WorkingAgent) => {
    if (!pbx.agents.get(a.number)?.loginChannel || !a.queues.length) return;
    a.paused = true;
    queuePause(pbx, memberInterface(a.number), true, rng.pick(profile.pauseReasons));
    later(between(profile.pauseSeconds), () => {
      a.paused = false;
      queuePause(pbx, memberInterface(a.number), false, '');
      later(rng.exponential(profile.pauseEverySeconds * 1000), () => pause(a));
    });
  };

  const logOut = (a: WorkingAgent) => {
    const agent = pbx.agents.get(a.number);
    // An agent on a call finishes it first.
    if (!agent?.loginChannel || agent.callChannel || a.paused) {
      later(30_000, () => logOut(a));
      return;
    }
    for (const q of a.queues) queueRemove(pbx, q.queue, memberInterface(a.number));
    agentLogoff(pbx, a.number);
    later(between(profile.awaySeconds), () => logIn(a));
  };

  const callers = new Map<string, { phone: SimChannel; talkMs: number }>();
  const unsubscribe = pbx.onEvent((frame) => {
    if (frame[0][1] !== 'AgentConnect') return;
    const caller = callers.get(header(frame, 'Channel') ?? '');
    if (!caller) return;
    later(caller.talkMs, () => caller.phone.alive && pbx.hangup(caller.phone));
    const agentPhone = pbx.agents.get((header(frame, 'MemberName') ?? '').replace(/^Agent\//, ''))?.loginChannel?.partner;
    if (agentPhone && profile.holdRate && rng.next() < profile.holdRate && profile.holdSeconds) {
      const holdMs = between(profile.holdSeconds);
      // The agent's phone holds the call (hold-sim), well before the caller is done talking.
      later(caller.talkMs / 4, () => {
        if (!agentPhone.alive || !caller.phone.alive || holdMs >= caller.talkMs / 2) return;
        agentPhone.vars.set('HOLD_TIME', String(Math.round(holdMs / 1000)));
        runDialplan(pbx, agentPhone, 'hold-sim', 's');
      });
    }
  });

  const nextCaller = () => {
    later(rng.exponential(60_000 / profile.callsPerMinute), () => {
      if (queueNumbers.length) {
        const number = `06${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
        const one = originate(pbx, {
          exten: number, context: 'from-extern', targetContext: 'queues', targetExten: rng.pick(queueNumbers),
          callerNum: number, callerName: `Caller ${number.slice(-4)}`, variables: [],
        });
        const phone = one.partner!;
        if (one.alive) {
          callers.set(one.name, { phone, talkMs: between(profile.talkSeconds) });
          later(between(profile.patienceSeconds), () => {
            // Still waiting in the queue: the caller gives up.
            if (one.alive && !one.bridge) pbx.hangup(phone);
          });
          later(3_600_000, () => callers.delete(one.name));
        }
      }
      nextCaller();
    });
  };

  agents.forEach((a) => later(rng.next() * profile.loginSpreadSeconds * 1000, () => logIn(a)));
  nextCaller();
  return {
    stop() {
      stopped = true;
      unsubscribe();
    },
  };
}
