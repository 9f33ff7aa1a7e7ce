import { afterEach, expect, it } from 'vitest';
import type { AmiLinkStateName } from '../../src/domain/engineEvents.js';
import { loadRecording, recordedSnapshot } from '../support/fixtures.js';
import { engineQueueState, finalQueueState } from './finalState.js';
import { fixtureConfigStore, startReplay, untilLive, type Replay } from './replayHarness.js';

let replay: Replay | undefined;
afterEach(async () => {
  await replay?.stop();
  replay = undefined;
});

/** Resolves when the link reports `state`. */
const nextState = (r: Replay, state: AmiLinkStateName) =>
  new Promise<void>((resolve) => {
    const off = r.link.onStateChange((s) => {
      if (s === state) off(), resolve();
    });
  });

it('AMI server killed mid-call and back with another snapshot: the engine reconnects, resyncs and every actor follows', async () => {
  const r = (replay = await startReplay('snapshot-during-call'));
  await r.playUntil(13_500);
  expect(r.engine.agentState(2)).toMatchObject({ name: 'AgentOnCall', acd: true });
  expect(r.engine.currentCalls(2)).not.toEqual([]);

  const backoff = nextState(r, 'backoff');
  await r.server.kill();
  await backoff;
  expect(r.engine.linkStatus().state).toBe('backoff');
  // Commands fail at once, with the typed error, while the link is down.
  await expect(r.engine.agentLogout({ agentId: 2 })).rejects.toMatchObject({ code: 'XUC_ERR_AMI_DOWN' });

  // Asterisk comes back, restarted, with what queue-penalties ended with: 1006 and 1007 in support.
  const other = recordedSnapshot(loadRecording('queue-penalties'), 'final');
  await r.server.restart({ snapshot: other, asteriskRestarted: true });
  const live = untilLive(r.link);
  r.clock.advance(5_000); // the longest backoff: the retry timer runs on the engine's clock
  await live;

  const config = (await fixtureConfigStore()).current();
  expect(r.engine.agentState(2)).toMatchObject({ name: 'AgentLoggedOut', phoneNb: '', queues: [] });
  expect(r.engine.agentState(6)).toMatchObject({ name: 'AgentReady', phoneNb: '1006', queues: [2] });
  expect(r.engine.agentState(7)).toMatchObject({ name: 'AgentReady', phoneNb: '1007', queues: [2] });
  expect(r.engine.currentCalls(2)).toEqual([]);
  expect(engineQueueState(r.engine, config)).toEqual(finalQueueState('queue-penalties', config));
  expect(r.engine.linkStatus()).toMatchObject({ state: 'live', reconnects: 1 });
  const states = r.events.flatMap((e) => (e.kind === 'linkState' ? [e.state] : []));
  expect(states.slice(states.indexOf('backoff'))).toEqual(expect.arrayContaining(['backoff', 'connecting', 'live']));
  // Clients were told: 1002's call ended and it logged out; the call's line was released.
  expect(r.events.some((e) => e.kind === 'agentState' && e.agentId === 2 && e.state.name === 'AgentLoggedOut')).toBe(true);
  expect(r.events.some((e) => e.kind === 'phoneEvent' && e.lineId === 2 && e.event.eventType === 'EventReleased')).toBe(true);
});
