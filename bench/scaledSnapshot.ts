import { compileFrame, loadSmallFrames } from './scaledTrace.js';

/**
 * The AMI snapshot (answers to CoreShowChannels, QueueStatus, QueueSummary, Agents, Status) of a
 * scaled contact center with everyone logged in and idle: load-small's final snapshot, copied per
 * group of 10 agents with the same renaming as `buildScaledTrace`, so the trace's live frames
 * continue from it. Queue-level items (QueueParams, QueueSummary) are written once per queue.
 */
export type SnapshotAction = 'CoreShowChannels' | 'QueueStatus' | 'QueueSummary' | 'Agents' | 'Status';

export interface ScaledSnapshot {
  /** The wire answer to one snapshot action, with the client's ActionID. */
  answer(action: SnapshotAction, actionId: string): string;
  /** Number of list items per action. */
  readonly sizes: Readonly<Record<SnapshotAction, number>>;
}

interface ListAnswer {
  response: string;
  items: string[];
  complete: string;
}

const CRLF = '\r\n';
const QUEUE_LEVEL = /^Event: (QueueParams|QueueSummary)\r\n/;

/** The recorder's final snapshot answers in load-small, ActionID lines removed. */
function finalAnswers(): Map<SnapshotAction, ListAnswer> {
  const frames = loadSmallFrames();
  const answers = new Map<SnapshotAction, ListAnswer>();
  const lastOut = new Map<string, string>();
  for (const f of frames) {
    if (f.dir !== 'out') continue;
    const action = /^Action: (\w+)/.exec(f.frame)?.[1];
    const id = /ActionID: (\S+)/.exec(f.frame)?.[1];
    if (action && id) lastOut.set(action, id);
  }
  for (const action of ['CoreShowChannels', 'QueueStatus', 'QueueSummary', 'Agents', 'Status'] as const) {
    const id = lastOut.get(action)!;
    const mine = frames.filter((f) => f.dir === 'in' && f.frame.includes(`ActionID: ${id}\r\n`)).map((f) => f.frame.replace(`ActionID: ${id}\r\n`, ''));
    const response = mine.find((f) => f.startsWith('Response:'))!;
    const complete = mine.find((f) => /\r\nEventList: Complete/.test(f))!;
    answers.set(action, { response, items: mine.filter((f) => f !== response && f !== complete), complete });
  }
  return answers;
}

/** Inserts `ActionID` second, where Asterisk puts it in responses and Complete events. */
function withActionId(frame: string, actionId: string): string {
  const body = frame.slice(0, -4);
  const eol = body.indexOf(CRLF);
  return `${body.slice(0, eol)}${CRLF}ActionID: ${actionId}${body.slice(eol)}${CRLF}${CRLF}`;
}

/** A list item (its body, without the closing blank line) with `ActionID` last, where Asterisk puts it. */
const itemWithActionId = (body: string, actionId: string) => `${body}${CRLF}ActionID: ${actionId}${CRLF}${CRLF}`;

/** The snapshot of `agents` agents (multiple of 10) and `queues` queues, as in buildScaledTrace. */
export function buildScaledSnapshot(agents: number, queues: number): ScaledSnapshot {
  const copies = Math.max(1, Math.round(agents / 10));
  const half = Math.max(1, Math.floor(queues / 2));
  const lists = new Map<SnapshotAction, string[]>();
  const completes = new Map<SnapshotAction, string>();
  const responses = new Map<SnapshotAction, string>();
  for (const [action, answer] of finalAnswers()) {
    const items: string[] = [];
    for (const item of answer.items) {
      const render = compileFrame(item);
      if (QUEUE_LEVEL.test(item)) {
        // Queues the trace does not rename (travels, outbound) are listed once.
        const seen = new Set<string>();
        for (let k = 0; k < half; k++) {
          const text = render(k, (q) => `${q}_${k}`);
          if (!seen.has(text)) seen.add(text), items.push(text);
        }
      } else {
        for (let copy = 0; copy < copies; copy++) items.push(render(copy, (q) => `${q}_${copy % half}`));
      }
    }
    // Bodies without the closing blank line, sliced now: slicing flattens the rendered text here,
    // not during the engine's resync, where memory benchmarks would count it as the engine's.
    lists.set(action, items.map((item) => item.slice(0, -4)));
    responses.set(action, answer.response);
    completes.set(action, answer.complete.replace(/ListItems: \d+/, `ListItems: ${items.length}`));
  }
  const sizes = Object.fromEntries([...lists].map(([a, items]) => [a, items.length])) as Record<SnapshotAction, number>;
  return {
    sizes,
    answer(action, actionId) {
      const items = lists.get(action) ?? [];
      let out = withActionId(responses.get(action)!, actionId);
      for (const body of items) out += itemWithActionId(body, actionId);
      return out + withActionId(completes.get(action)!, actionId);
    },
  };
}

/** Answers with empty lists: Asterisk with nobody logged in and no channel. */
export function emptyScaledSnapshot(): ScaledSnapshot {
  const names: Record<SnapshotAction, string> = {
    CoreShowChannels: 'CoreShowChannelsComplete', QueueStatus: 'QueueStatusComplete', QueueSummary: 'QueueSummaryComplete',
    Agents: 'AgentsComplete', Status: 'StatusComplete',
  };
  return {
    sizes: { CoreShowChannels: 0, QueueStatus: 0, QueueSummary: 0, Agents: 0, Status: 0 },
    answer: (action, id) =>
      `Response: Success\r\nActionID: ${id}\r\nEventList: start\r\nMessage: will follow\r\n\r\n` +
      `Event: ${names[action]}\r\nActionID: ${id}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n`,
  };
}
