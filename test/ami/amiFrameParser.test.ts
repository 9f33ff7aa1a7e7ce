import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerValues } from '../../src/domain/amiFrame.js';
import { parseAmiFrame } from '../../src/transport/ami/amiFrameParser.js';
import { AmiFrameSplitter } from '../../src/transport/ami/amiFrameSplitter.js';
import { loadRecording, recordingNames } from '../support/fixtures.js';

const agentsOnCall = () =>
  loadRecording('snapshot-during-call').frames.find((f) => f.frame.includes('CallStarted: 1795880384\n'))!.frame;

describe('AMI frame parser', () => {
  it('splits the bare-LF CallStarted line of the Agents response (Asterisk bug)', () => {
    const frame = parseAmiFrame(agentsOnCall())!;
    expect(frame.kind).toBe('event');
    expect(frame.name).toBe('Agents');
    expect(frame.fields.CallStarted).toBe('1795880384');
    expect(frame.fields.LoggedInTime).toBe('1795880374');
    expect(frame.fields.Status).toBe('AGENT_ONCALL');
  });

  it('keeps repeated headers in order and the first value in fields', () => {
    const raw = 'Event: Newchannel\r\nChanVariable: XIVO_A=1\r\nChanVariable: XIVO_B=2\r\nChannel: SIP/abc-1\r\n\r\n';
    const frame = parseAmiFrame(raw)!;
    expect(headerValues(frame, 'ChanVariable')).toEqual(['XIVO_A=1', 'XIVO_B=2']);
    expect(frame.fields.ChanVariable).toBe('XIVO_A=1');
    expect(frame.headers.map(([k]) => k)).toEqual(['Event', 'ChanVariable', 'ChanVariable', 'Channel']);
  });

  it('reads responses, keeps header case, values with colons and empty values', () => {
    const frame = parseAmiFrame('Response: Error\r\nActionID: x-1\r\nMessage: No such channel: SIP/x\r\nAccountCode: \r\nBridgeID: b\r\n\r\n')!;
    expect(frame).toMatchObject({ kind: 'response', name: 'Error' });
    expect(frame.fields.Message).toBe('No such channel: SIP/x');
    expect(frame.fields.AccountCode).toBe('');
    expect(frame.fields.BridgeID).toBe('b');
    expect(frame.fields.BridgeId).toBeUndefined();
  });

  it('takes the kind from the first Event or Response header with a value, and fields from every header', () => {
    const frame = parseAmiFrame('Channel: SIP/a\r\nEvent: \r\nResponse: Success\r\nEvent: Hangup\r\nChannel: SIP/b\r\n\r\n')!;
    expect(frame).toMatchObject({ kind: 'response', name: 'Success' });
    expect(frame.fields.Event).toBe('');
    expect(frame.fields.Channel).toBe('SIP/a');
    expect(frame.headers).toHaveLength(5);
  });

  it('treats headers named like object properties as data', () => {
    const frame = parseAmiFrame('Event: X\r\n__proto__: polluted\r\nconstructor: c\r\n\r\n')!;
    expect(frame.fields.__proto__).toBe('polluted');
    expect(frame.fields.constructor).toBe('c');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('gives null for garbage: no Event or Response header, empty text, the banner alone', () => {
    expect(parseAmiFrame('')).toBeNull();
    expect(parseAmiFrame('Asterisk Call Manager/11.0.0\r\n')).toBeNull();
    expect(parseAmiFrame('Channel: SIP/a\r\nUniqueid: 1\r\n\r\n')).toBeNull();
    expect(parseAmiFrame('\u0000\u00ff\ufffd::\r\n:\r\n')).toBeNull();
    expect(parseAmiFrame('Event: \r\n\r\n')).toBeNull();
  });

  it('parses every frame Asterisk sent in every recording', () => {
    const failures: string[] = [];
    let parsedCount = 0;
    for (const name of recordingNames().filter((n) => n !== 'load-small')) {
      for (const { dir, frame } of loadRecording(name).frames) {
        if (dir !== 'in' || frame.startsWith('Asterisk Call Manager/')) continue;
        const parsed = parseAmiFrame(frame);
        parsedCount++;
        const bad = parsed === null || parsed.headers.some(([k, v]) => /[\r\n]/.test(k + v));
        if (bad) failures.push(`${name}: ${frame.slice(0, 60)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(parsedCount).toBeGreaterThan(3_000);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const frame = parseAmiFrame(text);
        if (frame !== null) expect(['event', 'response']).toContain(frame.kind);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on header-shaped input and keeps every header it finds', () => {
    const token = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_()\/-]{0,12}$/);
    const value = fc.stringMatching(/^[^\r\n]{0,20}$/);
    fc.assert(
      fc.property(fc.constantFrom('Event', 'Response'), token, fc.array(fc.tuple(token, value), { maxLength: 12 }), fc.constantFrom('\r\n', '\n'), (kindHeader, name, hs, eol) => {
        const raw = [`${kindHeader}: ${name}`, ...hs.map(([k, v]) => `${k}: ${v}`)].join(eol) + eol + eol;
        const frame = parseAmiFrame(raw)!;
        expect(frame.name).toBe(name);
        expect(frame.headers).toHaveLength(hs.length + 1);
        expect(frame.headers.slice(1).map(([k]) => k)).toEqual(hs.map(([k]) => k));
      }),
      { numRuns: 300 },
    );
  });
});

describe('AMI frame splitter', () => {
  it('yields the same frames whatever the chunk boundaries', () => {
    const frames = loadRecording('snapshot-during-call').frames.filter((f) => f.dir === 'in').slice(0, 80).map((f) => f.frame);
    const stream = frames.join('');
    const whole = new AmiFrameSplitter({ expectBanner: true });
    const expected = whole.push(stream);
    expect(whole.banner).toBe('Asterisk Call Manager/11.0.0');
    expect(expected).toHaveLength(frames.length - 1);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 30 }), (cuts) => {
        const splitter = new AmiFrameSplitter({ expectBanner: true });
        const got: string[] = [];
        let last = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) got.push(...splitter.push(stream.slice(last, cut))), (last = cut);
        got.push(...splitter.push(stream.slice(last)));
        expect(got).toEqual(expected);
        expect(splitter.pending).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
