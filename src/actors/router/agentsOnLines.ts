import type { AgentView, RouterView } from './routerView.js';
import { getOwn, setOwn, type OwnRecord } from './ownRecord.js';

/**
 * Which agent is logged on a line, asked for every call a line reports. A scan of every agent per
 * call grows with the contact center (half the ingest CPU at 10,000 agents), so the router keeps an
 * index beside the view: line → agents logged on it. It lives outside the view so the view stays
 * plain data (a structured clone or a JSON copy has none and rebuilds it on first use), and is
 * kept current by `setAgentState`, the only writer of `view.agents` entries.
 */
const byRecord = new WeakMap<OwnRecord<AgentView>, Map<string, Set<string>>>();

const onLine = (state: AgentView | undefined): string | undefined => (state?.loggedIn ? state.lineInterface : undefined);

function indexOf(agents: OwnRecord<AgentView>): Map<string, Set<string>> {
  let index = byRecord.get(agents);
  if (!index) {
    index = new Map();
    for (const [agent, state] of Object.entries(agents)) add(index, onLine(state), agent);
    byRecord.set(agents, index);
  }
  return index;
}

function add(index: Map<string, Set<string>>, line: string | undefined, agent: string): void {
  if (line === undefined) return;
  const agents = index.get(line);
  if (agents) agents.add(agent);
  else index.set(line, new Set([agent]));
}

/** Records an agent's state (replacing the previous one) and keeps the index in step. */
export function setAgentState(view: RouterView, agentNumber: string, state: AgentView): void {
  const index = byRecord.get(view.agents);
  if (index) {
    const before = onLine(getOwn(view.agents, agentNumber));
    const after = onLine(state);
    if (before !== after) {
      if (before !== undefined) index.get(before)?.delete(agentNumber);
      add(index, after, agentNumber);
    }
  }
  setOwn(view.agents, agentNumber, state);
}

/** The agent logged on a line, if any; with several, the first in `view.agents` order, as a scan finds it. */
export function agentOnLine(view: RouterView, lineInterface: string): string | undefined {
  const agents = indexOf(view.agents).get(lineInterface);
  if (!agents || agents.size === 0) return undefined;
  if (agents.size === 1) return agents.values().next().value;
  for (const [agent, state] of Object.entries(view.agents)) {
    if (onLine(state) === lineInterface) return agent;
  }
  return undefined;
}
