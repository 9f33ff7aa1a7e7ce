import type { Headers } from './amiWire.js';
import { channelHeaders, type SimChannel } from './channel.js';
import type { Pbx } from './pbx.js';
import { memberStatus } from './queueMembers.js';

/** A list answer: the `EventList: start` response message, the items, and the `…Complete` name. */
export interface ListAnswer {
  readonly message: string;
  readonly items: Headers[];
  readonly completeName: string;
  /** Extra headers of the Complete event after ListItems (`Items` for StatusComplete). */
  readonly completeExtra?: Headers;
  /** A header written with a bare LF (the app_agent_pool `CallStarted` quirk). */
  readonly bareLfAfter?: string;
}

const duration = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
};

const ordered = (pbx: Pbx): SimChannel[] => [...pbx.channels.values()].reverse();

export function coreShowChannels(pbx: Pbx): ListAnswer {
  const items = ordered(pbx).map((ch): Headers => [
    ['Event', 'CoreShowChannel'],
    ...channelHeaders(ch),
    ['Application', ch.app],
    ['ApplicationData', ch.appData],
    ['Duration', duration(pbx.clock.now() - ch.createdAt)],
    ['BridgeId', ch.bridge?.id ?? ''],
  ]);
  return { message: 'Channels will follow', items, completeName: 'CoreShowChannelsComplete' };
}

export function channelStatus(pbx: Pbx, only?: string): ListAnswer {
  const items = ordered(pbx)
    .filter((ch) => !only || ch.name === only)
    .map((ch): Headers => {
      const peer = ch.bridge?.channels.find((c) => c !== ch);
      return [
        ['Event', 'Status'],
        ['Privilege', 'Call'],
        ...channelHeaders(ch),
        ['Type', 'Local'],
        ['DNID', ''],
        ['EffectiveConnectedLineNum', peer?.callerNum ?? ch.connectedNum],
        ['EffectiveConnectedLineName', peer?.callerName ?? ch.connectedName],
        ['TimeToHangup', '0'],
        ['BridgeID', ch.bridge?.id ?? ''],
        ['Application', ch.app],
        ['Data', ch.appData],
        ['Nativeformats', '(slin)'],
        ['Readformat', 'slin'],
        ['Readtrans', ''],
        ['Writeformat', 'slin'],
        ['Writetrans', ''],
        ['Callgroup', '0'],
        ['Pickupgroup', '0'],
        ['Seconds', String(Math.floor((pbx.clock.now() - ch.createdAt) / 1000))],
      ];
    });
  return { message: 'Channel status will follow', items, completeName: 'StatusComplete', completeExtra: [['Items', String(items.length)]] };
}

export function queueStatus(pbx: Pbx, only?: string): ListAnswer {
  const items: Headers[] = [];
  for (const q of pbx.queues.values()) {
    if (only && q.def.name !== only) continue;
    items.push([
      ['Event', 'QueueParams'], ['Queue', q.def.name], ['Max', '0'], ['Strategy', q.def.strategy],
      ['Calls', String(q.waiting.length)], ['Holdtime', String(q.holdtime)], ['TalkTime', String(q.talktime)],
      ['Completed', String(q.completed)], ['Abandoned', String(q.abandoned)],
      ['ServiceLevel', String(q.def.serviceLevelSeconds)], ['ServicelevelPerf', '0.0'], ['ServicelevelPerf2', '0.0'], ['Weight', '0'],
    ]);
    for (const m of q.members) {
      const stats = pbx.memberStatsOf(m.interface);
      items.push([
        ['Event', 'QueueMember'], ['Queue', q.def.name], ['Name', m.memberName], ['Location', m.interface],
        ['StateInterface', m.stateInterface], ['Membership', 'dynamic'], ['Penalty', String(m.penalty)],
        ['CallsTaken', String(stats.callsTaken)], ['LastCall', String(stats.lastCall)], ['LastPause', String(m.lastPause)],
        ['LoginTime', String(m.loginTime)], ['InCall', m.inCall ? '1' : '0'], ['Status', String(memberStatus(pbx, m))],
        ['Paused', m.paused ? '1' : '0'], ['PausedReason', m.pausedReason], ['Wrapuptime', '0'],
      ]);
    }
    q.waiting.forEach((call, i) => {
      const c = call.caller;
      items.push([
        ['Event', 'QueueEntry'], ['Queue', q.def.name], ['Position', String(i + 1)], ['Channel', c.name],
        ['Uniqueid', c.uniqueid], ['CallerIDNum', c.callerNum], ['CallerIDName', c.callerName],
        ['ConnectedLineNum', c.connectedNum], ['ConnectedLineName', c.connectedName],
        ['Wait', String(Math.floor((pbx.clock.now() - call.joinedAt) / 1000))], ['Priority', '0'],
      ]);
    });
  }
  return { message: 'Queue status will follow', items, completeName: 'QueueStatusComplete' };
}

export function queueSummary(pbx: Pbx, only?: string): ListAnswer {
  const items: Headers[] = [];
  for (const q of pbx.queues.values()) {
    if (only && q.def.name !== only) continue;
    const statuses = q.members.map((m) => ({ m, s: memberStatus(pbx, m) }));
    const longest = q.waiting.length ? Math.floor((pbx.clock.now() - q.waiting[0].joinedAt) / 1000) : 0;
    items.push([
      ['Event', 'QueueSummary'], ['Queue', q.def.name],
      ['LoggedIn', String(statuses.filter(({ s }) => s !== 5).length)],
      ['Available', String(statuses.filter(({ m, s }) => s === 1 && !m.paused).length)],
      ['Callers', String(q.waiting.length)], ['HoldTime', String(q.holdtime)], ['TalkTime', String(q.talktime)],
      ['LongestHoldTime', String(longest)],
    ]);
  }
  return { message: 'Queue summary will follow', items, completeName: 'QueueSummaryComplete' };
}

export function agentsList(pbx: Pbx): ListAnswer {
  const items = [...pbx.agents.values()].map((a): Headers => {
    const base: Headers = [['Event', 'Agents'], ['Agent', a.number], ['Name', a.name]];
    const login = a.loginChannel;
    if (!login || a.loginTime === 0) return [...base, ['Status', 'AGENT_LOGGEDOFF']];
    // app_agent_pool reports AGENT_ONCALL from the login channel's BRIDGEPEER: not while the member channel only rings.
    if (a.callChannel && login.bridge !== pbx.holdBridge)
      return [
        ...base, ['Status', 'AGENT_ONCALL'], ['TalkingToChan', a.callChannel.name], ['CallStarted', String(a.callStarted)],
        ['LoggedInTime', String(a.loginTime)], ...channelHeaders(login),
      ];
    return [...base, ['Status', 'AGENT_IDLE'], ['LoggedInTime', String(a.loginTime)], ...channelHeaders(login)];
  });
  return { message: 'Agents will follow', items, completeName: 'AgentsComplete', bareLfAfter: 'CallStarted' };
}
