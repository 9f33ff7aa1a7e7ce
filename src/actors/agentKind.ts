import type { AnyActorRef } from 'xstate';
import type { AgentStatePayload } from '../domain/xucMessages.js';
import { agentMachine, type AgentContext, type AgentStateEmitted } from '../machines/agentMachine.js';
import { agentStatePayload } from '../machines/agentView.js';
import type { EngineKind } from './engineKind.js';

/** Agents: one `agent:<agentId>` per configured agent. */
export const agentKind: EngineKind = {
  kind: 'agent',
  spec: (deps) => ({
    kind: 'agent',
    logic: agentMachine,
    desired: (config) =>
      new Map(
        config.agents.map((a) => [String(a.id), { agentId: a.id, agentNumber: a.number, directory: deps.directory, now: deps.now() }]),
      ),
    // The shared directory already reflects the new configuration; only a renumbered agent needs a new actor.
    reconfigure: () => undefined,
    identity: (input) => `${(input as { agentNumber: string }).agentNumber}`,
  }),
  published: (emitted) => {
    if (emitted.type !== 'agentState') return [];
    const e = emitted as AgentStateEmitted;
    return [{ kind: 'agentState', agentId: e.agentId, state: e.state }];
  },
};

/** The agent's `AgentStateEvent` payload now, from its actor. */
export function agentPayloadOf(ref: AnyActorRef | undefined, now: number): AgentStatePayload | undefined {
  const snapshot = ref?.getSnapshot() as { context?: AgentContext } | undefined;
  return snapshot?.context ? agentStatePayload(snapshot.context, now) : undefined;
}
