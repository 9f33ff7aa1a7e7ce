/**
 * Shared set-up for the AMI link tests: a link to a replay server, recording what it hands over.
 */
import { afterAll, beforeAll, vi } from 'vitest';
import { parseAmiUrl } from '../../src/config.js';
import type { AmiFrame, AmiSnapshot } from '../../src/domain/amiFrame.js';
import type { Clock } from '../../src/domain/clock.js';
import type { AmiLinkStateName } from '../../src/domain/engineEvents.js';
import { AmiLink, type AmiLinkSettings } from '../../src/transport/ami/amiLink.js';
import { AmiReplayServer, type ReplayServerOptions } from '../support/amiReplayServer.js';

export interface LinkProbe {
  readonly link: AmiLink;
  readonly events: AmiFrame[];
  readonly snapshots: Array<{ snapshot: AmiSnapshot; restart: boolean }>;
  readonly states: AmiLinkStateName[];
}

export function linkTo(
  server: AmiReplayServer,
  opts: { clock?: Clock; settings?: Partial<AmiLinkSettings>; random?: () => number; url?: string } = {},
): LinkProbe {
  const link = new AmiLink({
    endpoint: parseAmiUrl(opts.url ?? server.url),
    clock: opts.clock,
    random: opts.random,
    settings: { pingIntervalMs: 600_000, ...opts.settings },
  });
  const probe: LinkProbe = { link, events: [], snapshots: [], states: [] };
  link.onEvent((frame) => void probe.events.push(frame));
  link.onSnapshot((snapshot, info) => void probe.snapshots.push({ snapshot, restart: info.restart }));
  link.onStateChange((state) => void probe.states.push(state));
  return probe;
}

/** Resolves when the link is in `state` (at once if it already is). */
export const untilState = (link: AmiLink, state: AmiLinkStateName): Promise<void> =>
  new Promise((resolve) => {
    if (link.state() === state) return resolve();
    const off = link.onStateChange((s) => {
      if (s === state) off(), resolve();
    });
  });

export const until = (check: () => boolean, what = 'condition') =>
  vi.waitFor(() => {
    if (!check()) throw new Error(`waiting for ${what}`);
  }, { timeout: 10_000, interval: 2 });

/** The headers of a frame without ActionID, to compare frames across sessions. */
export const withoutActionId = (f: AmiFrame) => [f.name, f.headers.filter(([k]) => k !== 'ActionID')];

/** Resolves when the probe holds at least `n` live events other than FullyBooted. */
export const untilEvents = (probe: LinkProbe, n: number): Promise<void> =>
  new Promise((resolve) => {
    let count = probe.events.filter((e) => e.name !== 'FullyBooted').length;
    if (count >= n) return resolve();
    const off = probe.link.onEvent((e) => {
      if (e.name !== 'FullyBooted' && ++count >= n) off(), resolve();
    });
  });

/**
 * A replay server and a live link to it for the whole file (started before its tests, stopped
 * after): the getters read them once `beforeAll` has run.
 */
export function useLiveLink(recording: ReplayServerOptions['recording']): { server(): AmiReplayServer; probe(): LinkProbe } {
  let server: AmiReplayServer;
  let probe: LinkProbe;
  beforeAll(async () => {
    server = await AmiReplayServer.start({ recording });
    probe = linkTo(server);
    probe.link.start();
    await untilState(probe.link, 'live');
  });
  afterAll(async () => {
    await probe.link.stop();
    await server.kill();
  });
  return { server: () => server, probe: () => probe };
}
