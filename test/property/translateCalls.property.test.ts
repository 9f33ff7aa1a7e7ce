import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AmiFrame } from '../../src/domain/amiFrame.js';
import { createRouterView, translate, viewToSnapshot, type RouterOptions } from '../../src/actors/router/index.js';
import { chan, dest, ev } from '../router/frameBuilder.js';

/**
 * Model-based test of call translation on SIP lines: random sequences of what Asterisk reports for
 * calls between configured phones (dial, answer, busy, hold, unhold, hang-up, in any interleaving
 * of several calls), compared after every step with a reference model written from the PhoneEvent
 * lifecycle (protocol §5.2), not from the router's code.
 */
const LINES = 4;
const options: RouterOptions = {
  lines: Array.from({ length: LINES }, (_, i) => ({ interface: `SIP/l${i}`, number: `10${i}`, name: `User ${i}` })),
  agentMemberInterface: 'Agent/{number}',
};

interface ModelCall {
  id: number;
  from: number;
  to: number;
  up: boolean;
  held: Set<number>;
}
type Expected = Record<string, string[]>;

class Scenario {
  calls: ModelCall[] = [];
  private seq = 0;
  busy = (line: number) => this.calls.some((c) => c.from === line || c.to === line);
  chanOf = (c: ModelCall, line: number) => `SIP/l${line}-${String(c.id * 2 + (line === c.from ? 0 : 1)).padStart(8, '0')}`;
  uidOf = (c: ModelCall, line: number) => `1700.${c.id * 2 + (line === c.from ? 0 : 1)}`;
  hdr = (c: ModelCall, line: number, extra: Record<string, string> = {}) =>
    chan(this.chanOf(c, line), this.uidOf(c, line), { Linkedid: this.uidOf(c, c.from), CallerIDNum: `10${line}`, ...extra });

  /** Applies one random step (chosen among those possible now) and returns its AMI frames. */
  step(pick: number, a: number, b: number): AmiFrame[] {
    const up = this.calls.filter((c) => c.up);
    const ringing = this.calls.filter((c) => !c.up);
    const options: Array<() => AmiFrame[]> = [];
    const from = a % LINES;
    const to = b % LINES;
    if (from !== to && !this.busy(from) && !this.busy(to)) options.push(() => this.dial(from, to));
    for (const c of ringing) options.push(() => this.answer(c), () => this.end(c, 'BUSY'));
    for (const c of up) {
      for (const line of [c.from, c.to]) options.push(() => (c.held.has(line) ? this.unhold(c, line) : this.hold(c, line)));
      options.push(() => this.end(c, 'ANSWER'));
    }
    return options.length === 0 ? [] : options[pick % options.length]!();
  }

  private dial(from: number, to: number): AmiFrame[] {
    const c: ModelCall = { id: this.seq++, from, to, up: false, held: new Set() };
    this.calls.push(c);
    return [
      ev('Newchannel', this.hdr(c, from, { ChannelState: '4' })),
      ev('Newchannel', this.hdr(c, to, { ChannelState: '0' })),
      ev('DialBegin', { ...this.hdr(c, from), ...dest(this.chanOf(c, to), this.uidOf(c, to), { Linkedid: this.uidOf(c, from) }) }),
      ev('Newstate', this.hdr(c, to, { ChannelState: '5' })),
    ];
  }

  private answer(c: ModelCall): AmiFrame[] {
    c.up = true;
    const bridge = { BridgeUniqueid: `br-${c.id}`, BridgeType: 'basic' };
    return [
      ev('Newstate', this.hdr(c, c.to, { ChannelState: '6' })),
      ev('DialEnd', { ...this.hdr(c, c.from), ...dest(this.chanOf(c, c.to), this.uidOf(c, c.to)), DialStatus: 'ANSWER' }),
      ev('BridgeCreate', bridge),
      ev('BridgeEnter', { ...bridge, ...this.hdr(c, c.to) }),
      ev('BridgeEnter', { ...bridge, ...this.hdr(c, c.from) }),
    ];
  }

  private hold(c: ModelCall, line: number): AmiFrame[] {
    c.held.add(line);
    return [ev('Hold', this.hdr(c, line))];
  }

  private unhold(c: ModelCall, line: number): AmiFrame[] {
    c.held.delete(line);
    return [ev('Unhold', this.hdr(c, line))];
  }

  private end(c: ModelCall, status: 'BUSY' | 'ANSWER'): AmiFrame[] {
    this.calls = this.calls.filter((x) => x !== c);
    const bridge = { BridgeUniqueid: `br-${c.id}` };
    if (status === 'BUSY') {
      return [
        ev('DialEnd', { ...this.hdr(c, c.from), ...dest(this.chanOf(c, c.to), this.uidOf(c, c.to)), DialStatus: 'BUSY' }),
        ev('Hangup', this.hdr(c, c.to)),
        ev('Hangup', this.hdr(c, c.from)),
      ];
    }
    return [
      ev('Hangup', this.hdr(c, c.to)),
      ev('BridgeLeave', { ...bridge, ...this.hdr(c, c.from) }),
      ev('BridgeDestroy', bridge),
      ev('Hangup', this.hdr(c, c.from)),
    ];
  }

  /** What each line must show now: `state otherDN`. */
  expected(): Expected {
    const out: Expected = Object.fromEntries(options.lines.map((l) => [l.interface, [] as string[]]));
    for (const c of this.calls) {
      const fromState = !c.up ? 'dialing' : c.held.has(c.from) ? 'onHold' : 'established';
      const toState = !c.up ? 'ringing' : c.held.has(c.to) ? 'onHold' : 'established';
      out[`SIP/l${c.from}`]!.push(`${fromState} 10${c.to}`);
      out[`SIP/l${c.to}`]!.push(`${toState} 10${c.from}`);
    }
    return out;
  }
}

describe('translate: calls between SIP lines against a reference model', () => {
  it('every line shows the state and the other party the model expects, after every step', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 40 }), (steps) => {
        const scenario = new Scenario();
        const view = createRouterView(options);
        let t = 0;
        const lastByLine = new Map<string, string>();
        for (const [pick, a, b] of steps) {
          for (const frame of scenario.step(pick, a, b)) {
            for (const e of translate(view, frame, t++)) {
              if (e.type === 'line.call') lastByLine.set(`${e.lineInterface}|${e.call.uniqueId}`, `${e.call.state} ${e.call.otherDN}`);
            }
          }
          const shown = Object.fromEntries(
            Object.entries(viewToSnapshot(view).lines).map(([line, calls]) => [line, calls.map((c) => `${c.state} ${c.otherDN}`)]),
          );
          expect(shown).toEqual(scenario.expected());
        }
        // The events told the same story as the view: each call's last event is its current state or its release.
        const live = new Set(Object.values(view.calls).map((c) => `${c.line}|${c.call.uniqueId}`));
        for (const [key, last] of lastByLine) expect(last.startsWith('released')).toBe(!live.has(key));
        expect(view.counters.failed).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
