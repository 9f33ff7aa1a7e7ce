import type { AnyActorRef } from 'xstate';
import type { PhoneEventPayload } from '../domain/xucMessages.js';
import { currentPhoneEvents, lineMachine, type LineContext, type LineMachineEmitted } from '../machines/lineMachine.js';
import type { EngineKind } from './engineKind.js';

/** Lines: one `line:<interface>` per configured line. */
export const lineKind: EngineKind = {
  kind: 'line',
  spec: () => ({
    kind: 'line',
    logic: lineMachine,
    desired: (config) =>
      new Map(config.lines.map((l) => [l.interface, { lineId: l.id, lineInterface: l.interface, number: l.number }])),
    reconfigure: () => undefined,
    // A line whose id or number changed is another line for clients: it is replaced.
    identity: (input) => {
      const line = input as { lineId: number; number: string };
      return `${line.lineId}:${line.number}`;
    },
  }),
  published: (emitted) => {
    const e = emitted as LineMachineEmitted;
    return e.type === 'phoneEvent' ? [{ kind: 'phoneEvent', lineId: e.lineId, event: e.event }] : [];
  },
};

/** The last PhoneEvent of each call in progress on the line, from its actor. */
export function lineCallsOf(ref: AnyActorRef | undefined): PhoneEventPayload[] {
  const snapshot = ref?.getSnapshot() as { context?: LineContext } | undefined;
  return snapshot?.context ? currentPhoneEvents(snapshot.context) : [];
}
