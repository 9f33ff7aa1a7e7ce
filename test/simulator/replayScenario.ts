import { ManualClock } from '../../src/domain/clock.js';
import { recordingLabPbx } from '../../src/simulator/pbxDefinition.js';
import { startSimulator } from '../../src/simulator/startSimulator.js';
import { RawAmiClient, frameValue, type RawFrame } from './rawAmiClient.js';
import { bursts, loadRecording } from './recording.js';
import { diffBurst, diffLifecycleOrder } from './frameGrammar.js';

/**
 * Drives the simulator through the actions a recording's client sent, each at its recorded
 * time on a ManualClock, and returns the grammar differences burst by burst (empty: faithful).
 */
export async function replayScenario(name: string, mode: 'ami' | 'cel' = 'ami'): Promise<{ differences: string[]; simulated: RawFrame[][] }> {
  const { entries, startEpochMs } = loadRecording(name);
  const clock = new ManualClock(startEpochMs);
  const sim = await startSimulator({ port: 0, clock, pbx: recordingLabPbx(), seed: 7, cel: mode === 'cel' });
  const client = await RawAmiClient.open(sim.port);
  const differences: string[] = [];
  const simulated: RawFrame[][] = [];
  try {
    const parts = bursts(entries);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const from = client.frames.length;
      let loggedOff = false;
      for (const action of part.actions) {
        clock.set(startEpochMs + action.t);
        const id = frameValue(action.frame, 'ActionID');
        const response = client.waitFor((f) => f[0][0] === 'Response' && frameValue(f, 'ActionID') === id);
        const listDone = client.waitFor((f) => frameValue(f, 'EventList') === 'Complete' && frameValue(f, 'ActionID') === id);
        listDone.catch(() => undefined);
        client.sendRaw(action.raw);
        const r = await response;
        if (frameValue(r, 'EventList') === 'start') await listDone;
        if (frameValue(r, 'Response') === 'Goodbye') loggedOff = true;
      }
      if (!loggedOff) {
        const next = parts[i + 1]?.t ?? part.t + 1000;
        clock.set(startEpochMs + next - 1);
        // A Ping after the clock moved: every frame the timers produced arrives before its answer.
        const barrier = `barrier-${i}`;
        await client.action([['Action', 'Ping'], ['ActionID', barrier]]);
      }
      const got = client.frames.slice(from).filter((f) => !(frameValue(f, 'ActionID') ?? '').startsWith('barrier-'));
      simulated.push(got);
      const diff = mode === 'cel' ? diffBurst(part.frames, got, mode) : [...diffBurst(part.frames, got), ...diffLifecycleOrder(part.frames, got)];
      const label = part.actions.map((a) => frameValue(a.frame, 'Action')).join('+');
      for (const d of diff) differences.push(`burst ${i} (t=${part.t} ${label}): ${d}`);
    }
  } finally {
    client.close();
    await sim.stop();
  }
  return { differences, simulated };
}
