import { describe, expect, it } from 'vitest';
import { createActor, createMachine, type InspectionEvent } from 'xstate';
import { SessionTracker } from '../../src/app/sessionTracker.js';

/** A stand-in for the transport's session machine: the states and events the tracker reads. */
const sessionLike = createMachine({
  initial: 'open',
  states: {
    open: { on: { OVERFLOW: 'closing', CLOSE: 'closing' } },
    closing: { on: { SOCKET_CLOSED: 'closed' } },
    closed: { type: 'final' },
  },
});

function start(tracker: SessionTracker, id: string) {
  return createActor(sessionLike, { id, systemId: id, inspect: (e: InspectionEvent) => tracker.observer(e) }).start();
}

describe('SessionTracker', () => {
  it('follows live sessions, counts the ones dropped as slow consumers once, and ignores other actors', () => {
    const tracker = new SessionTracker();
    const a = start(tracker, 'session:1');
    const b = start(tracker, 'session:2');
    start(tracker, 'agent:1');
    expect([...tracker.refs()]).toHaveLength(2);

    a.send({ type: 'OVERFLOW' });
    a.send({ type: 'OVERFLOW' });
    b.send({ type: 'CLOSE' });
    expect(tracker.droppedSlowClients).toBe(1);

    a.send({ type: 'SOCKET_CLOSED' });
    expect([...tracker.refs()]).toEqual([b]);
  });

  it('closeAll asks every session to close and resolves once they are closed', async () => {
    const tracker = new SessionTracker();
    const sessions = [start(tracker, 'session:1'), start(tracker, 'session:2')];
    const done = tracker.closeAll(1001, 'server shutting down', 60_000);
    expect(sessions.map((s) => s.getSnapshot().value)).toEqual(['closing', 'closing']);
    for (const s of sessions) s.send({ type: 'SOCKET_CLOSED' });
    await done;
    expect([...tracker.refs()]).toEqual([]);
  });

  it('closeAll gives up after the grace period when a client never answers', async () => {
    const tracker = new SessionTracker();
    start(tracker, 'session:1');
    await tracker.closeAll(1001, 'server shutting down', 10);
    expect([...tracker.refs()]).toHaveLength(1);
  });
});
