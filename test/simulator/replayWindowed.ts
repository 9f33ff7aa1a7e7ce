import { ManualClock } from '../../src/domain/clock.js';
import { recordingLabPbx } from '../../src/simulator/pbxDefinition.js';
import { startSimulator } from '../../src/simulator/startSimulator.js';
import { RawAmiClient, frameValue } from './rawAmiClient.js';
import { asteriskClockLagMs, bursts, loadRecording, type RecordedEntry } from './recording.js';
import { diffSegments, toleranceBoundaries, type TimedFrame } from './toleranceSegments.js';

/** `Local/0612345678@from-extern-0000002a;2` plays the role `Local/0612345678@from-extern;2`. */
export const channelRole = (name: string): string => name.replace(/-[0-9a-f]{8};/, ';');

/**
 * Replays a recording's actions (up to `untilMs`, by default all) like replayScenario, but
 * compares segment by segment (toleranceSegments.ts) instead of burst by burst: a timer that
 * fires a few ms before the recorder's next action in one run and just after it in the other
 * counts once, in the zone around that action. Actions that name a channel (Hangup Channel=…)
 * are sent for the simulated channel of the same role (same Local channel and half, sequence
 * number aside), learned from the simulator's Newchannel events as the replay goes.
 */
export async function replayWindowed(name: string, windowMs: number, untilMs = Infinity): Promise<{ differences: string[] }> {
  const { entries: all, startEpochMs } = loadRecording(name);
  const entries = all.filter((e) => e.t <= untilMs);
  const parts = bursts(entries);
  const boundaries = toleranceBoundaries(parts.slice(1).map((p) => ({ first: p.t, last: p.actions[p.actions.length - 1].t })), windowMs);
  const recorded: TimedFrame[] = entries.filter((e) => e.dir === 'in').map((e) => ({ t: e.t, frame: e.frame }));
  const actionsAt = new Map<number, RecordedEntry[]>();
  for (const e of entries) if (e.dir === 'out') actionsAt.set(e.t, [...(actionsAt.get(e.t) ?? []), e]);
  // Every action time and every segment boundary: frames collected after the clock reached a
  // point belong to that point's segment.
  const end = Math.min(untilMs, entries[entries.length - 1].t);
  const points = [...new Set([...actionsAt.keys(), ...boundaries.filter((b) => b <= end), end])].sort((a, b) => a - b);

  // The simulator's clock keeps Asterisk's seconds; `t` stays the recording's.
  const epoch = startEpochMs - asteriskClockLagMs(name, all, startEpochMs);
  const clock = new ManualClock(epoch);
  const sim = await startSimulator({ port: 0, clock, pbx: recordingLabPbx(), seed: 7, loginProbationMs: lastLoginProbation(all) });
  const client = await RawAmiClient.open(sim.port);
  const simulated: TimedFrame[] = [];
  const simByRole = new Map<string, string>();
  let loggedOff = false;
  try {
    for (let i = 0; i < points.length && !loggedOff; i++) {
      const p = points[i];
      const from = client.frames.length;
      clock.set(epoch + p);
      for (const action of actionsAt.get(p) ?? []) {
        const id = frameValue(action.frame, 'ActionID');
        const response = client.waitFor((f) => f[0][0] === 'Response' && frameValue(f, 'ActionID') === id);
        const listDone = client.waitFor((f) => frameValue(f, 'EventList') === 'Complete' && frameValue(f, 'ActionID') === id);
        listDone.catch(() => undefined);
        client.sendRaw(withSimulatedChannel(action.raw, simByRole));
        const r = await response;
        if (frameValue(r, 'EventList') === 'start') await listDone;
        if (frameValue(r, 'Response') === 'Goodbye') loggedOff = true;
      }
      if (!loggedOff) await client.action([['Action', 'Ping'], ['ActionID', `barrier-${i}`]]);
      for (const frame of client.frames.slice(from)) {
        if ((frameValue(frame, 'ActionID') ?? '').startsWith('barrier-')) continue;
        const channel = frameValue(frame, 'Channel');
        if (frame[0][1] === 'Newchannel' && channel) simByRole.set(channelRole(channel), channel);
        simulated.push({ t: p, frame });
      }
    }
  } finally {
    client.close();
    await sim.stop();
  }
  return { differences: diffSegments(recorded, simulated, boundaries) };
}

/** The action with its Channel header naming the simulated channel of the same role, if known. */
function withSimulatedChannel(raw: string, simByRole: ReadonlyMap<string, string>): string {
  return raw.replace(/^Channel: (.+)$/m, (line, recordedName: string) => {
    const simName = simByRole.get(channelRole(recordedName));
    return simName ? `Channel: ${simName}` : line;
  });
}

/**
 * The login probation Asterisk applied to the last agent to log in (AgentLogin to its
 * `Agent:<n> NOT_INUSE`): the recorder waits for that event before its next step, so the
 * replay uses the recording's own value (Asterisk's varies from 4.7 to 5.5 s).
 */
function lastLoginProbation(entries: readonly RecordedEntry[]): number | undefined {
  const loginAt = new Map<string, number>();
  let last: number | undefined;
  for (const e of entries) {
    if (e.dir !== 'in') continue;
    const event = frameValue(e.frame, 'Event');
    if (event === 'AgentLogin') loginAt.set(frameValue(e.frame, 'Agent') ?? '', e.t);
    const agent = /^Agent:(\d+)$/.exec(frameValue(e.frame, 'Device') ?? '')?.[1];
    if (event === 'DeviceStateChange' && agent && frameValue(e.frame, 'State') === 'NOT_INUSE' && loginAt.has(agent)) {
      last = e.t - loginAt.get(agent)!;
      loginAt.delete(agent);
    }
  }
  return last;
}
