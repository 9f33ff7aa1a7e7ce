import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The `xuc` command as `npm start` runs it (`node bin/xuc.mjs`), with its output collected. */
export interface XucProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in the output (stdout and stderr). */
  waitForOutput(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnXuc(env: Record<string, string>): XucProcess {
  // What `npm start` runs; spawned directly so the signal goes to the server, not to npm.
  const child = spawn(process.execPath, ['bin/xuc.mjs'], {
    cwd: repoRoot,
    env: { ...process.env, XUC_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const check of waiters) check();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => text,
    exited,
    waitForOutput(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) {
            waiters.delete(check);
            resolve(match);
          }
        };
        waiters.add(check);
        void exited.then(({ code }) => {
          if (waiters.delete(check)) reject(new Error(`xuc exited (${code}) before printing ${pattern}:\n${text}`));
        });
        check();
      });
    },
  };
}

export interface StatusJson {
  status: string;
  ami: { state: string };
  database: { ready: boolean };
  configuration: Record<string, number>;
  [key: string]: unknown;
}

/** Polls /status (200 or 503) until `ready` says so. */
export async function waitForStatus(base: string, ready: (s: StatusJson) => boolean): Promise<StatusJson> {
  for (;;) {
    try {
      const response = await fetch(`${base}/status`);
      const body = (await response.json()) as StatusJson;
      if (ready(body)) return body;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A CTI client: every message received, by msgType, and a way to wait for one. */
export interface CtiClient {
  ws: WebSocket;
  messages: Array<{ msgType: string; ctiMessage: any }>;
  send(command: Record<string, unknown>): void;
  /** The first message of that type (from message number `from` on) that matches. */
  waitFor(msgType: string, match?: (ctiMessage: any) => boolean, from?: number): Promise<any>;
  closed: Promise<{ code: number; reason: string }>;
}

export async function connectCti(base: string, username: string, password: string, phoneNumber = '0'): Promise<CtiClient> {
  const url = `ws://${base.slice('http://'.length)}/xuc/ctichannel?username=${encodeURIComponent(username)}&agentNumber=${phoneNumber}&password=${encodeURIComponent(password)}`;
  const ws = new WebSocket(url);
  const messages: CtiClient['messages'] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    for (const check of waiters) check();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    closed,
    send: (command) => ws.send(JSON.stringify({ claz: 'web', ...command })),
    waitFor(msgType, match = () => true, from = 0) {
      return new Promise((resolve) => {
        let seen = from;
        const check = () => {
          for (; seen < messages.length; seen++) {
            const m = messages[seen];
            if (m.msgType === msgType && match(m.ctiMessage)) {
              waiters.delete(check);
              resolve(m.ctiMessage);
              return;
            }
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}
