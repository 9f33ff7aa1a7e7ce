import type { Headers } from './amiWire.js';
import type { SimBridge, SimChannel } from './channel.js';

/** CEL's `EventTime` on AMI: `YYYY-MM-DD HH:MM:SS` (UTC here; Asterisk uses its local time). */
const celTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** The body of an `Event: CEL` (cel.conf manager output), in Asterisk's header order. */
export function celHeaders(eventName: string, ch: SimChannel, now: number, extra = ''): Headers {
  return [
    ['EventName', eventName],
    ['AccountCode', ''],
    ['CallerIDnum', ch.callerNum === '<unknown>' ? '' : ch.callerNum],
    ['CallerIDname', ch.callerName === '<unknown>' ? '' : ch.callerName],
    ['CallerIDani', ''],
    ['CallerIDrdnis', ''],
    ['CallerIDdnid', ''],
    ['Exten', ch.exten],
    ['Context', ch.context],
    ['Channel', ch.name],
    ['Application', ch.app],
    ['AppData', ch.appData],
    ['EventTime', celTime(now)],
    ['AMAFlags', 'DOCUMENTATION'],
    ['UniqueID', ch.uniqueid],
    ['LinkedID', ch.linkedid],
    ['Userfield', ''],
    ['Peer', ''],
    ['PeerAccount', ''],
    ['Extra', extra],
  ];
}

export const bridgeExtra = (bridge: SimBridge) =>
  JSON.stringify({ bridge_id: bridge.id, bridge_technology: bridge.type === 'agent_hold' ? 'holding_bridge' : 'simple_bridge' });

export const hangupExtra = () => JSON.stringify({ hangupcause: 16, hangupsource: '', dialstatus: '' });
