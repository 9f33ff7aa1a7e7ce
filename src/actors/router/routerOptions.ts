/**
 * What the router needs to know about the configuration to interpret AMI traffic: which channels
 * belong to which configured line, and how agents appear among queue members.
 */
export interface RouterLineOption {
  /** The line's interface, e.g. `SIP/abc`, `PJSIP/abc`, `Local/1001@phones`. */
  interface: string;
  /** The line's number (DN), e.g. `1001`. */
  number: string;
  /** Display name of the line's user; CallerIDName is unreliable on called Local lines. */
  name?: string;
}

export interface RouterOptions {
  lines: readonly RouterLineOption[];
  /** Config `pbx.agentMemberInterface`: `Local/{number}@agents` or `Agent/{number}`. */
  agentMemberInterface: string;
}

/** The options as kept in the view: plain data, lines indexed by interface. */
export interface RouterOptionsData {
  lines: Record<string, RouterLineOption>;
  /** Line interface by line number. */
  lineByNumber: Record<string, string>;
  /** Member interface pattern split around `{number}`. */
  memberPrefix: string;
  memberSuffix: string;
}

export function normalizeOptions(options: RouterOptions): RouterOptionsData {
  const lines: Record<string, RouterLineOption> = {};
  for (const line of options.lines ?? []) {
    if (line && typeof line.interface === 'string' && line.interface !== '') {
      lines[line.interface] = { interface: line.interface, number: String(line.number ?? ''), ...(line.name ? { name: line.name } : {}) };
    }
  }
  const lineByNumber: Record<string, string> = {};
  for (const line of Object.values(lines)) if (line.number !== '') lineByNumber[line.number] = line.interface;
  const pattern = typeof options.agentMemberInterface === 'string' ? options.agentMemberInterface : 'Agent/{number}';
  const at = pattern.indexOf('{number}');
  return at < 0
    ? { lines, lineByNumber, memberPrefix: pattern, memberSuffix: '' }
    : { lines, lineByNumber, memberPrefix: pattern.slice(0, at), memberSuffix: pattern.slice(at + '{number}'.length) };
}
