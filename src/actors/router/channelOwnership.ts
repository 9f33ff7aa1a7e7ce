import type { RouterLineOption } from './routerOptions.js';
import type { ChannelView, RouterView } from './routerView.js';
import { getOwn } from './ownRecord.js';

/**
 * Which configured line (or agent) a channel belongs to, from its name alone:
 * `SIP/abc-0000002a` → `SIP/abc`; `Local/1001@phones-00000003;1` → `Local/1001@phones`.
 */
export function interfaceOfChannel(name: string): string {
  const dash = name.lastIndexOf('-');
  return dash > 0 ? name.slice(0, dash) : name;
}

export const isLocalChannel = (name: string): boolean => name.startsWith('Local/');

/** The name of the other half of a Local channel, or undefined for any other channel. */
export function localPairName(name: string): string | undefined {
  if (!isLocalChannel(name)) return undefined;
  if (name.endsWith(';1')) return `${name.slice(0, -1)}2`;
  if (name.endsWith(';2')) return `${name.slice(0, -1)}1`;
  return undefined;
}

/** The other half of a Local channel, when Asterisk still has it. */
export function localPairOf(view: RouterView, channel: ChannelView): ChannelView | undefined {
  const pair = channel.localPair ?? localPairName(channel.name);
  return pair === undefined ? undefined : getOwn(view.channels, pair);
}

/** The configured line whose interface the channel was created for. */
export function configuredLineOf(view: RouterView, name: string): RouterLineOption | undefined {
  return getOwn(view.options.lines, interfaceOfChannel(name));
}

/**
 * The agent number of a queue member interface (`Local/1001@agents`, `Agent/1001`, or the
 * StateInterface `Agent:1001`), using the configured member-interface pattern.
 */
export function agentNumberOfInterface(view: RouterView, iface: string): string | undefined {
  const { memberPrefix, memberSuffix } = view.options;
  if (iface.startsWith('Agent/')) return digitsOrUndefined(iface.slice('Agent/'.length));
  if (iface.startsWith('Agent:')) return digitsOrUndefined(iface.slice('Agent:'.length));
  if (memberPrefix !== '' && iface.startsWith(memberPrefix) && iface.endsWith(memberSuffix)) {
    return digitsOrUndefined(iface.slice(memberPrefix.length, iface.length - memberSuffix.length));
  }
  return undefined;
}

const digitsOrUndefined = (s: string): string | undefined => (s !== '' && /^[0-9A-Za-z_.]+$/.test(s) ? s : undefined);

/**
 * The line a channel speaks for, if any. For a Local line the `;1` half is the line's channel
 * (Asterisk dials it to reach the phone; it is what gets bridged with the other party), the `;2`
 * half is the phone itself. An agent's login channel is not a call of its line (see lineCalls.ts);
 * each queue call reaches a logged-in agent through the `;2` half of its member Local channel
 * (`Local/1001@agents-…;2`, bridged with the login channel), which speaks for the agent's line.
 */
export function lineOfChannel(view: RouterView, channel: ChannelView): string | undefined {
  if (channel.agentLogin !== undefined) return undefined;
  const name = channel.name;
  const local = isLocalChannel(name);
  const line = configuredLineOf(view, name);
  if (line) return !local || name.endsWith(';1') ? line.interface : undefined;
  if (local && name.endsWith(';2')) {
    const agent = agentNumberOfInterface(view, interfaceOfChannel(name));
    if (agent !== undefined) {
      const state = getOwn(view.agents, agent);
      if (state?.loggedIn && state.lineInterface) return state.lineInterface;
    }
  }
  return undefined;
}
