/**
 * One AMI frame as received from Asterisk, parsed once at the edge.
 * Header names keep Asterisk's exact case (`BridgeID` in Status, `BridgeId` in CoreShowChannel).
 */
export interface AmiFrame {
  readonly kind: 'event' | 'response';
  /** The `Event:` name for events, the `Response:` value (`Success`, `Error`, …) for responses. */
  readonly name: string;
  /** First value of each header. */
  readonly fields: Readonly<Record<string, string>>;
  /** Every header line in order; needed where headers repeat (`ChanVariable`, `Variable`). */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The first value of one header, read without building `fields` (frames from the parser have it). */
  header?(name: string): string | undefined;
}

/** The first value of header `name`, or undefined. */
export function firstField(frame: AmiFrame, name: string): string | undefined {
  return frame.header ? frame.header(name) : frame.fields[name];
}

/** All values of a header that may repeat, in order. */
export function headerValues(frame: AmiFrame, name: string): string[] {
  const out: string[] = [];
  for (const [k, v] of frame.headers) if (k === name) out.push(v);
  return out;
}

/** An action to send: header name → value; arrays repeat the header (`Variable`). */
export type AmiAction = { readonly Action: string } & Readonly<Record<string, string | readonly string[]>>;

/** The resync snapshot: the list events of each snapshot action, in arrival order. */
export interface AmiSnapshot {
  readonly coreShowChannels: readonly AmiFrame[];
  readonly queueStatus: readonly AmiFrame[];
  readonly queueSummary: readonly AmiFrame[];
  readonly agents: readonly AmiFrame[];
  readonly status: readonly AmiFrame[];
}
