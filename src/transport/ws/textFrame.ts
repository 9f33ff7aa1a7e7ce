/**
 * A complete WebSocket text frame holding `json` (RFC 6455 §5.2: final, unmasked as a server
 * sends, length in 7, 16 or 64 bits). Built once per message, the same bytes then go to every
 * session that gets it: neither the text nor the frame header is encoded again per client.
 */
export function textFrame(json: string): Buffer {
  const length = Buffer.byteLength(json);
  const head = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + length);
  frame[0] = 0x81;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.write(json, head, 'utf8');
  return frame;
}
