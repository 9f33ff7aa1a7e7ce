import type { RawFrame } from './rawAmiClient.js';

/**
 * The grammar of a frame with ids, times and counters aside: the event name (or the response
 * and its message) and the header names in order. DeviceStateChange is reduced to its device
 * kind and state and compared as a set, because Asterisk's device-state thread repeats it a
 * varying number of times.
 */
export function grammarKey(f: RawFrame, mode: 'ami' | 'cel' = 'ami'): { key: string; asSet: boolean } | undefined {
  const [first, value] = f[0];
  if (mode === 'cel') return value === 'CEL' ? { key: `CEL ${f.find(([k]) => k === 'EventName')?.[1]} ${f.slice(1).map(([k]) => k).join(',')}`, asSet: false } : undefined;
  const names = f.slice(1).map(([k]) => k).join(',');
  if (first === 'Response') return { key: `Response ${value} (${f.find(([k]) => k === 'Message')?.[1] ?? ''}) ${names}`, asSet: false };
  if (first !== 'Event') return undefined;
  if (value === 'CEL') return undefined;
  if (value === 'DeviceStateChange') {
    const device = (f.find(([k]) => k === 'Device')?.[1] ?? '').replace(/\d+/g, 'N');
    return { key: `DeviceStateChange ${device} ${f.find(([k]) => k === 'State')?.[1]}`, asSet: true };
  }
  if (value === 'AgentComplete' && f.some(([k]) => k === 'Channel')) {
    // When the caller channel is already gone, Asterisk leaves its block out (a race, seen in
    // queue-penalties); both shapes are the same event to a client.
    return { key: `${value} ${f.slice(1).filter(([k]) => k.startsWith('Dest') || !/^(Channel|CallerID|ConnectedLine|Language|AccountCode|Context|Exten|Priority|Uniqueid|Linkedid)/.test(k)).map(([k]) => k).join(',')}`, asSet: false };
  }
  return { key: `${value} ${names}`, asSet: false };
}

/** Differences between the recorded and simulated frames of one burst, as readable lines. */
export function diffBurst(recorded: readonly RawFrame[], simulated: readonly RawFrame[], mode: 'ami' | 'cel' = 'ami'): string[] {
  const count = (frames: readonly RawFrame[]) => {
    const m = new Map<string, number>();
    for (const f of frames) {
      const g = grammarKey(f, mode);
      if (!g) continue;
      m.set(g.key, g.asSet ? 1 : (m.get(g.key) ?? 0) + 1);
    }
    return m;
  };
  const rec = count(recorded);
  const sim = count(simulated);
  const out: string[] = [];
  for (const key of new Set([...rec.keys(), ...sim.keys()])) {
    const r = rec.get(key) ?? 0;
    const s = sim.get(key) ?? 0;
    if (r !== s) out.push(`${r > s ? 'missing' : 'extra'} ${Math.abs(r - s)}× ${key}`);
  }
  return out;
}

/** Events that move a channel through its life; their order per channel is stable in Asterisk. */
const lifecycle = new Set([
  'Newchannel', 'Newstate', 'DialBegin', 'DialEnd', 'BridgeEnter', 'BridgeLeave', 'QueueCallerJoin', 'QueueCallerLeave',
  'QueueCallerAbandon', 'AgentCalled', 'AgentConnect', 'Hold', 'Unhold', 'MusicOnHoldStart', 'MusicOnHoldStop', 'Hangup',
  'AgentLogin', 'AgentLogoff', 'BlindTransfer', 'AttendedTransfer',
]);

function lifecycleByChannel(frames: readonly RawFrame[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of frames) {
    if (f[0][0] !== 'Event' || !lifecycle.has(f[0][1])) continue;
    const channel = f.find(([k]) => k === 'Channel')?.[1];
    if (!channel) continue;
    // Channel numbers aside: `Local/1001@phones-00000003;1` is `Local/1001@phones;1`.
    const key = channel.replace(/-[0-9a-f]{8};/, ';');
    out.set(key, [...(out.get(key) ?? []), f[0][1]]);
  }
  return out;
}

/**
 * Event by event along each channel: the life-cycle events of every channel must come in the
 * recorded order (the order across channels races in Asterisk, along one channel it does not).
 */
export function diffLifecycleOrder(recorded: readonly RawFrame[], simulated: readonly RawFrame[]): string[] {
  const rec = lifecycleByChannel(recorded);
  const sim = lifecycleByChannel(simulated);
  const out: string[] = [];
  for (const channel of new Set([...rec.keys(), ...sim.keys()])) {
    const r = (rec.get(channel) ?? []).join(' → ');
    const s = (sim.get(channel) ?? []).join(' → ');
    if (r !== s) out.push(`order on ${channel}: recorded ${r || '(nothing)'}; simulated ${s || '(nothing)'}`);
  }
  return out;
}
