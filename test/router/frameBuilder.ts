import type { AmiFrame } from '../../src/domain/amiFrame.js';

/** A live AMI event frame with the given headers, as the parser would give it. */
export function ev(name: string, fields: Record<string, string> = {}): AmiFrame {
  const all: Record<string, string> = { Event: name, ...fields };
  return { kind: 'event', name, fields: all, headers: Object.entries(all) };
}

/** The channel headers Asterisk puts on every channel event. */
export const chan = (channel: string, uniqueId: string, extra: Record<string, string> = {}): Record<string, string> => ({
  Channel: channel,
  Uniqueid: uniqueId,
  Linkedid: extra.Linkedid ?? uniqueId,
  ChannelState: '6',
  CallerIDNum: '<unknown>',
  CallerIDName: '<unknown>',
  ...extra,
});

/** The same headers for the destination of a dial (`Dest` prefix). */
export const dest = (channel: string, uniqueId: string, extra: Record<string, string> = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(chan(channel, uniqueId, extra)).map(([k, v]) => [`Dest${k}`, v]));
