import { agentLogoff } from './agentPool.js';
import { header, headerAll, type Headers } from './amiWire.js';
import { canOriginate, originate } from './lines.js';
import type { Pbx } from './pbx.js';
import { queueAdd, queuePause, queuePenalty, queueRemove } from './queueMembers.js';
import { agentsList, channelStatus, coreShowChannels, queueStatus, queueSummary, type ListAnswer } from './snapshotLists.js';
import { atxfer, blindTransfer, redirect } from './transfers.js';

/** What an action produces: a response (and maybe a list), then events once it is written. */
export interface ActionOutcome {
  readonly response: 'Success' | 'Error' | 'Goodbye';
  readonly headers: Headers;
  readonly list?: ListAnswer;
  readonly then?: () => void;
}

const ok = (message: string, then?: () => void): ActionOutcome => ({ response: 'Success', headers: [['Message', message]], then });
const error = (message: string): ActionOutcome => ({ response: 'Error', headers: [['Message', message]] });
const list = (answer: ListAnswer): ActionOutcome => ({
  response: 'Success',
  headers: [['EventList', 'start'], ['Message', answer.message]],
  list: answer,
});

const isTrue = (v: string | undefined) => v !== undefined && /^(true|yes|1|on)$/i.test(v);

/** `"Alice Martin" <1001>`, `Alice <1001>` or `1001`. */
export function parseCallerId(value: string | undefined): { num?: string; name?: string } {
  if (!value) return {};
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(value);
  if (m) return { name: m[1] || m[2], num: m[2] };
  return { num: value.trim(), name: value.trim() };
}

/** `Local/1001@phones/m` → exten and context; undefined for any other technology. */
export function parseLocalChannel(value: string | undefined): { exten: string; context: string } | undefined {
  const m = /^Local\/([^@/]+)@([^/]+)(\/[a-z]*)?$/.exec(value ?? '');
  return m ? { exten: m[1], context: m[2] } : undefined;
}

const originateDelayMs = 2;

function originateAction(pbx: Pbx, h: Headers): ActionOutcome {
  const channel = header(h, 'Channel');
  if (!channel) return error('Channel not specified');
  const target = parseLocalChannel(channel);
  if (!target || !canOriginate(pbx, target.context, target.exten)) return error('Originate failed');
  const application = header(h, 'Application');
  if (!application && !header(h, 'Exten')) return error('Exten not specified');
  const cid = parseCallerId(header(h, 'CallerID'));
  const variables = headerAll(h, 'Variable')
    .flatMap((v) => v.split(','))
    .map((pair): [string, string] => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [pair.trim(), ''] : [pair.slice(0, eq).trim(), pair.slice(eq + 1)];
    })
    .filter(([k]) => k !== '')
    // Asterisk stores them in a list that it walks backwards.
    .reverse();
  // Async: Asterisk runs the originate on its own thread; its channel appears about 2 ms after the
  // response, after any action sent in the same instant (load-small's resync at t≈135 s).
  return ok('Originate successfully queued', () => pbx.after(originateDelayMs, () => originate(pbx, {
      exten: target.exten,
      context: target.context,
      application,
      data: header(h, 'Data'),
      targetContext: header(h, 'Context'),
      targetExten: header(h, 'Exten'),
      callerNum: cid.num,
      callerName: cid.name,
      variables,
      actionId: header(h, 'ActionID'),
    })));
}

type Handler = (pbx: Pbx, h: Headers) => ActionOutcome;

const memberResult = (message: string) => (err: string | undefined) => (err ? error(err) : ok(message));

const handlers: Record<string, Handler> = {
  ping: (pbx) => ({
    response: 'Success',
    headers: [['Ping', 'Pong'], ['Timestamp', (pbx.clock.now() / 1000).toFixed(6)]],
  }),
  logoff: () => ({ response: 'Goodbye', headers: [['Message', 'Thanks for all the fish.']] }),
  originate: originateAction,
  hangup: (pbx, h) => {
    const ch = pbx.channel(header(h, 'Channel') ?? '');
    if (!ch) return error('No such channel');
    return ok('Channel Hungup', () => pbx.hangup(ch, Number(header(h, 'Cause')) || 16));
  },
  redirect: (pbx, h) => redirect(pbx, h),
  blindtransfer: (pbx, h) => blindTransfer(pbx, h),
  atxfer: (pbx, h) => atxfer(pbx, h),
  queueadd: (pbx, h) => {
    const queue = header(h, 'Queue');
    const iface = header(h, 'Interface');
    if (!queue || !iface) return error("'Queue' and 'Interface' not specified.");
    const paused = isTrue(header(h, 'Paused'));
    return memberResult('Added interface to queue')(
      queueAdd(pbx, {
        queue, iface, paused,
        memberName: header(h, 'MemberName'),
        stateInterface: header(h, 'StateInterface'),
        penalty: Number(header(h, 'Penalty') ?? 0) || 0,
        reason: header(h, 'Reason'),
      }),
    );
  },
  queueremove: (pbx, h) => {
    const queue = header(h, 'Queue');
    const iface = header(h, 'Interface');
    if (!queue || !iface) return error('Need queue and interface to remove member from queue.');
    return memberResult('Removed interface from queue')(queueRemove(pbx, queue, iface));
  },
  queuepause: (pbx, h) => {
    const iface = header(h, 'Interface');
    const pausedHeader = header(h, 'Paused');
    if (!iface || pausedHeader === undefined) return error('Need \'Interface\' and \'Paused\' parameters.');
    const paused = isTrue(pausedHeader);
    return memberResult(paused ? 'Interface paused successfully' : 'Interface unpaused successfully')(
      queuePause(pbx, iface, paused, header(h, 'Reason') ?? '', header(h, 'Queue') || undefined),
    );
  },
  queuepenalty: (pbx, h) => {
    const iface = header(h, 'Interface');
    const penalty = Number(header(h, 'Penalty'));
    if (!iface || !Number.isFinite(penalty)) return error('Need \'Interface\' and \'Penalty\' parameters.');
    return memberResult('Interface penalty set successfully')(queuePenalty(pbx, iface, penalty, header(h, 'Queue') || undefined));
  },
  agentlogoff: (pbx, h) => {
    const agent = header(h, 'Agent');
    if (!agent) return error('No agent specified');
    if (!pbx.agents.has(agent)) return error('Invalid agent');
    return ok('Agent logged out', () => agentLogoff(pbx, agent));
  },
  coreshowchannels: (pbx) => list(coreShowChannels(pbx)),
  queuestatus: (pbx, h) => list(queueStatus(pbx, header(h, 'Queue') || undefined)),
  queuesummary: (pbx, h) => list(queueSummary(pbx, header(h, 'Queue') || undefined)),
  agents: (pbx) => list(agentsList(pbx)),
  status: (pbx, h) => {
    const only = header(h, 'Channel') || undefined;
    if (only && !pbx.channel(only)) return error('No such channel');
    return list(channelStatus(pbx, only));
  },
  corestatus: (pbx) => {
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      response: 'Success',
      headers: [
        ['CoreStartupDate', iso(pbx.startedAt).slice(0, 10)], ['CoreStartupTime', iso(pbx.startedAt).slice(11, 19)],
        ['CoreReloadDate', iso(pbx.startedAt).slice(0, 10)], ['CoreReloadTime', iso(pbx.startedAt).slice(11, 19)],
        ['CoreCurrentCalls', String(new Set([...pbx.channels.values()].map((c) => c.linkedid)).size)],
      ],
    };
  },
  setvar: (pbx, h) => {
    const variable = header(h, 'Variable');
    if (!variable) return error('No variable specified');
    const name = header(h, 'Channel');
    if (!name) return ok('Variable Set');
    const ch = pbx.channel(name);
    if (!ch) return error('No such channel');
    return ok('Variable Set', () => pbx.varset(ch, variable, header(h, 'Value') ?? ''));
  },
  getvar: (pbx, h) => {
    const variable = header(h, 'Variable');
    if (!variable) return error('No variable specified.');
    const name = header(h, 'Channel');
    const ch = name ? pbx.channel(name) : undefined;
    if (name && !ch) return error('No such channel');
    return { response: 'Success', headers: [['Variable', variable], ['Value', ch?.vars.get(variable) ?? '']] };
  },
  // Call recording is not modelled; the engine gets a clean refusal it can report.
  pausemixmonitor: () => error('MixMonitor is not modelled by the simulator'),
  unpausemixmonitor: () => error('MixMonitor is not modelled by the simulator'),
  mixmonitormute: () => error('MixMonitor is not modelled by the simulator'),
};

/** Runs one authenticated action against the PBX. */
export function runAction(pbx: Pbx, h: Headers): ActionOutcome {
  const name = (header(h, 'Action') ?? '').toLowerCase();
  const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
  return handler ? handler(pbx, h) : error('Invalid/unknown command');
}
