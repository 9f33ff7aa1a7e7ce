import { readFileSync } from 'node:fs';
import type { DomainEvent } from '../../src/domain/domainEvents.js';
import { contactCenterConfigSchema } from '../../src/domain/contactCenterConfig.js';
import { parseAmiFrame } from '../../src/transport/ami/amiFrameParser.js';
import { translate, translateSnapshot, type RouterOptions, type RouterView } from '../../src/actors/router/index.js';
import { fixturePath, liveInFrames, loadRecording, snapshotOf } from '../support/fixtures.js';

/** Router options from the recordings' config.json: lines named after their user. */
export function fixtureRouterOptions(): RouterOptions {
  const config = contactCenterConfigSchema.parse(JSON.parse(readFileSync(fixturePath('config.json'), 'utf8')));
  return {
    agentMemberInterface: config.pbx.agentMemberInterface,
    lines: config.lines.map((line) => {
      const user = config.users.find((u) => u.lineId === line.id);
      return { interface: line.interface, number: line.number, ...(user ? { name: `${user.firstName} ${user.lastName}` } : {}) };
    }),
  };
}

export interface Replay {
  view: RouterView;
  events: DomainEvent[];
  /** Every live frame parsed, with its epoch time. */
  frames: Array<{ frame: NonNullable<ReturnType<typeof parseAmiFrame>>; at: number }>;
}

/** Live frames of a recording, parsed, with epoch ms. */
export function liveFrames(name: string): Replay['frames'] {
  const rec = loadRecording(name);
  const out: Replay['frames'] = [];
  for (const f of liveInFrames(rec)) {
    const frame = parseAmiFrame(f.frame);
    if (frame) out.push({ frame, at: rec.startEpochMs + f.t });
  }
  return out;
}

/** Starts from the recording's initial snapshot and translates every live frame. */
export function replay(name: string, options: RouterOptions = fixtureRouterOptions()): Replay {
  const rec = loadRecording(name);
  const { view } = translateSnapshot(options, snapshotOf(rec, 'initial'), rec.startEpochMs);
  const frames = liveFrames(name);
  const events: DomainEvent[] = [];
  for (const { frame, at } of frames) events.push(...translate(view, frame, at));
  return { view, events, frames };
}


/** The `line.call` events of one line, as `state otherDN` steps, repeated steps collapsed. */
export function lineSteps(events: readonly DomainEvent[], line: string, detail: (e: Extract<DomainEvent, { type: 'line.call' }>) => string = (e) => `${e.call.state} ${e.call.otherDN}`.trim()): string[] {
  const steps: string[] = [];
  for (const e of events) {
    if (e.type !== 'line.call' || e.lineInterface !== line) continue;
    const step = detail(e);
    if (steps[steps.length - 1] !== step) steps.push(step);
  }
  return steps;
}

export const ofType = <T extends DomainEvent['type']>(events: readonly DomainEvent[], type: T) =>
  events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);
