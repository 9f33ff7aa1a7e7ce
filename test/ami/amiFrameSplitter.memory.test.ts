import { getHeapSnapshot } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { parseAmiFrame } from '../../src/transport/ami/amiFrameParser.js';
import { AmiFrameSplitter } from '../../src/transport/ami/amiFrameSplitter.js';

/**
 * Whether a string on the heap holds `text` followed by CRLF, read from a heap snapshot: its JSON
 * writes CRLF as backslash-r backslash-n, which the needle holds, while the needle's own backslashes
 * are written doubled, so the needle never finds itself.
 */
async function heapHoldsLine(text: string): Promise<boolean> {
  const needle = `${text}\\r\\n`;
  let tail = '';
  for await (const chunk of getHeapSnapshot().setEncoding('utf8') as AsyncIterable<string>) {
    if ((tail + chunk).includes(needle)) return true;
    tail = chunk.slice(-needle.length);
  }
  return false;
}

describe('AMI frame splitter memory', () => {
  it('a value kept from one frame does not keep the rest of the data received with it', async () => {
    // One read from the socket: a frame whose linked id the engine keeps, then a large frame nobody keeps.
    const marker = `Padding${Math.random().toString(36).slice(2)}`;
    const splitter = new AmiFrameSplitter();
    const kept = (() => {
      const frames = splitter.push(
        `Event: Newchannel\r\nChannel: Local/1001@phones-00000001;1\r\nLinkedid: 1795000000.123456\r\n\r\n` +
          `Event: VarSet\r\nVariable: ${marker}\r\nValue: ${'x'.repeat(60_000)}\r\n\r\n`,
      );
      return parseAmiFrame(frames[0]!)!.fields.Linkedid;
    })();
    expect(kept).toBe('1795000000.123456');
    expect(await heapHoldsLine(`Variable: ${marker}`)).toBe(false);
  }, 60_000);
});
