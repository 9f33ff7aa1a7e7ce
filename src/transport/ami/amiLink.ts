import { createActor, fromCallback, fromPromise, type Actor, type InspectionEvent, type Observer } from 'xstate';
import type { AmiAction, AmiFrame, AmiSnapshot } from '../../domain/amiFrame.js';
import type { AmiPort } from '../../domain/amiPort.js';
import { systemClock, type Clock } from '../../domain/clock.js';
import type { AmiLinkStateName } from '../../domain/engineEvents.js';
import { parseAmiUrl, type AmiEndpoint, type XucConfig } from '../../config.js';
import { XucError, isXucError } from '../../errors.js';
import { silentLogger, type Logger } from '../../log.js';
import { amiLinkMachine, amiLinkStateName, type AmiLinkEvent, type AmiLinkSnapshot } from '../../machines/amiLinkMachine.js';
import { ActionCorrelator, type ActionResult } from './actionCorrelator.js';
import { serializeAmiAction } from './amiActionWriter.js';
import { AmiClientSession } from './amiClientSession.js';
import { parseAmiFrame } from './amiFrameParser.js';
import { asteriskIdentity, isAsteriskRestart, type AsteriskIdentity } from './asteriskIdentity.js';
import { emptySnapshot, snapshotActions } from './snapshotActions.js';

export type AmiLinkSettings = Pick<XucConfig['ami'], 'actionTimeoutMs' | 'pingIntervalMs' | 'pingTimeoutMs' | 'backoffInitialMs' | 'backoffMaxMs'>;

export interface AmiLinkOptions {
  readonly endpoint: AmiEndpoint;
  /** Defaults: the configuration defaults (5 s actions, 10 s ping, 5 s ping deadline, 100 ms → 5 s backoff). */
  readonly settings?: Partial<AmiLinkSettings>;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Uniform in [0, 1) for the backoff jitter. */
  readonly random?: () => number;
  /** Passed to createActor: watch the link machine with @statelyai/inspect. */
  readonly inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
}

/** Counters for the status page and metrics. */
export interface AmiLinkStats {
  readonly state: AmiLinkStateName;
  readonly since: number;
  readonly connectAttempts: number;
  readonly logins: number;
  /** Logins after the first one: how often the link came back. */
  readonly reconnects: number;
  readonly asteriskRestarts: number;
  readonly framesReceived: number;
  /** Live events (not answers to our actions). */
  readonly eventsReceived: number;
  /** Frames that are neither an event nor a response. */
  readonly garbageFrames: number;
  /** Responses with an ActionID we are not waiting for (late or never ours). */
  readonly orphanResponses: number;
  /** List events with an ActionID we are not collecting. */
  readonly orphanListEvents: number;
  readonly actionsSent: number;
  readonly actionTimeouts: number;
  readonly actionsRefused: number;
  readonly lastResyncAt: number | undefined;
  readonly lastResyncDurationMs: number | undefined;
  readonly lastError: string | undefined;
  /** In backoff: the delay before the next attempt, and how many attempts failed in a row. */
  readonly retryDelayMs: number | undefined;
  readonly failedAttempts: number;
}

type Counters = { -readonly [K in Exclude<keyof AmiLinkStats, 'state' | 'since' | 'lastError' | 'retryDelayMs' | 'failedAttempts'>]: AmiLinkStats[K] };

const defaults: AmiLinkSettings = { actionTimeoutMs: 5_000, pingIntervalMs: 10_000, pingTimeoutMs: 5_000, backoffInitialMs: 100, backoffMaxMs: 5_000 };

/** Events that carry the ActionID of the action that caused them but go to every session. */
const BROADCAST_WITH_ACTION_ID = new Set(['OriginateResponse']);

/** Beyond this many events buffered during one resync, the link is dropped and resynced again. */
const MAX_BUFFERED_EVENTS = 100_000;

/**
 * The AMI link (AmiPort): one connection to Asterisk, kept up forever by the link machine, resynced
 * on every (re)connection before events flow. Never throws out of its handlers: listener errors are
 * logged, bad frames counted, and every failure of the socket becomes a reconnection.
 */
export class AmiLink implements AmiPort {
  private readonly settings: AmiLinkSettings;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly correlator: ActionCorrelator;
  private readonly actor: Actor<typeof amiLinkMachine>;
  private readonly eventListeners = new Set<(frame: AmiFrame, receivedAt: number) => void>();
  private readonly snapshotHandlers = new Set<(snapshot: AmiSnapshot, info: { restart: boolean }) => void | Promise<void>>();
  private readonly stateListeners = new Set<(state: AmiLinkStateName, since: number) => void>();
  private readonly counters: Counters = {
    connectAttempts: 0, logins: 0, reconnects: 0, asteriskRestarts: 0, framesReceived: 0, eventsReceived: 0,
    garbageFrames: 0, orphanResponses: 0, orphanListEvents: 0, actionsSent: 0, actionTimeouts: 0, actionsRefused: 0,
    lastResyncAt: undefined, lastResyncDurationMs: undefined,
  };
  private currentState: AmiLinkStateName = 'stopped';
  private since: number;
  private lastError: string | undefined;
  private started = false;

  // Per connection: bumped each time the machine opens a connection, so late callbacks of an old one are ignored.
  private generation = 0;
  private session: AmiClientSession | undefined;
  private closing: Promise<void> = Promise.resolve();
  private dropConnection: (reason: string) => void = () => undefined;
  private buffering = true;
  private buffered: Array<{ frame: AmiFrame; receivedAt: number }> = [];
  private fullyBooted: { frame: AmiFrame; receivedAt: number } | undefined;
  private identity: AsteriskIdentity | undefined;

  constructor(private readonly options: AmiLinkOptions) {
    this.settings = { ...defaults, ...options.settings };
    this.clock = options.clock ?? systemClock;
    this.log = (options.logger ?? silentLogger).child({ component: 'amiLink' });
    this.correlator = new ActionCorrelator(this.clock);
    this.since = this.clock.now();
    const machine = amiLinkMachine.provide({
      actors: {
        connection: fromCallback<AmiLinkEvent>(({ sendBack }) => this.openConnection(sendBack)),
        resync: fromPromise<void>(() => this.resync()),
        ping: fromPromise<void>(() => this.ping()),
      },
    });
    const { backoffInitialMs, backoffMaxMs, pingIntervalMs, pingTimeoutMs, actionTimeoutMs } = this.settings;
    this.actor = createActor(machine, {
      input: { backoffInitialMs, backoffMaxMs, pingIntervalMs, pingTimeoutMs, connectTimeoutMs: actionTimeoutMs, random: options.random ?? Math.random },
      clock: this.clock,
      inspect: options.inspect,
    });
    this.actor.subscribe({
      next: (snapshot) => this.onMachineSnapshot(snapshot),
      error: (error) => this.log.error({ err: error }, 'AMI link machine failed'),
    });
  }

  /** A link to `config.ami.url` with the configured timings. */
  static fromConfig(config: XucConfig, options: Omit<AmiLinkOptions, 'endpoint' | 'settings'> = {}): AmiLink {
    if (!config.ami.url) throw new XucError('XUC_ERR_NOT_AVAILABLE', { feature: 'AMI (no ami.url configured)' });
    return new AmiLink({ ...options, endpoint: parseAmiUrl(config.ami.url), settings: config.ami });
  }

  start(): void {
    if (!this.started) this.actor.start(), (this.started = true);
    this.actor.send({ type: 'START' });
  }

  async stop(): Promise<void> {
    if (this.started) this.actor.send({ type: 'STOP' });
    await this.closing;
  }

  state(): AmiLinkStateName {
    return this.currentState;
  }

  stats(): AmiLinkStats {
    const { attempt, retryDelayMs } = this.actor.getSnapshot().context;
    return {
      ...this.counters, state: this.currentState, since: this.since, lastError: this.lastError,
      retryDelayMs: this.currentState === 'backoff' ? retryDelayMs : undefined, failedAttempts: attempt,
    };
  }

  action(action: AmiAction, options: { timeoutMs?: number } = {}): Promise<AmiFrame> {
    if (!this.isLive()) return Promise.reject(new XucError('XUC_ERR_AMI_DOWN'));
    return this.send(action, { list: false, timeoutMs: options.timeoutMs }).then((r) => r.response);
  }

  listAction(action: AmiAction, options: { timeoutMs?: number } = {}): Promise<ActionResult> {
    if (!this.isLive()) return Promise.reject(new XucError('XUC_ERR_AMI_DOWN'));
    return this.send(action, { list: true, timeoutMs: options.timeoutMs });
  }

  onEvent(listener: (frame: AmiFrame, receivedAt: number) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onSnapshot(handler: (snapshot: AmiSnapshot, info: { restart: boolean }) => void | Promise<void>): () => void {
    this.snapshotHandlers.add(handler);
    return () => this.snapshotHandlers.delete(handler);
  }

  onStateChange(listener: (state: AmiLinkStateName, since: number) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Logged in and the resync handed over: what the engine calls live. */
  private isLive(): boolean {
    return this.session !== undefined && !this.buffering;
  }

  private onMachineSnapshot(snapshot: AmiLinkSnapshot): void {
    const name = amiLinkStateName(snapshot);
    if (name === this.currentState) return;
    this.currentState = name;
    this.since = this.clock.now();
    this.lastError = snapshot.context.lastError;
    if (name === 'backoff') {
      this.log.warn({ attempt: snapshot.context.attempt, retryInMs: snapshot.context.retryDelayMs, reason: this.lastError }, 'AMI link down, retrying');
    } else this.log.info({ state: name }, 'AMI link state');
    for (const listener of [...this.stateListeners]) this.guard('state listener', () => listener(name, this.since));
  }

  /** The machine's `connection` actor: opens a session; the returned cleanup closes it. */
  private openConnection(sendBack: (event: AmiLinkEvent) => void): () => void {
    const generation = ++this.generation;
    const abort = new AbortController();
    let active = true;
    const send = (event: AmiLinkEvent) => active && generation === this.generation && sendBack(event);
    this.buffering = true;
    this.buffered = [];
    this.fullyBooted = undefined;
    this.dropConnection = (reason) => send({ type: 'CLOSED', reason });
    this.counters.connectAttempts++;
    const { host, port } = this.options.endpoint;
    this.log.debug({ host, port, generation }, 'connecting to AMI');
    AmiClientSession.open(this.options.endpoint, { signal: abort.signal, onTcpConnected: () => send({ type: 'TCP_CONNECTED' }) }).then(
      (session) => {
        if (!active || generation !== this.generation) return void session.close();
        this.session = session;
        this.closing = session.whenClosed;
        session.onFrame((raw) => this.guard('AMI frame', () => this.onRawFrame(raw, generation)));
        session.onClose((reason) => {
          if (this.session === session) this.detachSession();
          send({ type: 'CLOSED', reason });
        });
        this.counters.logins++;
        if (this.counters.logins > 1) this.counters.reconnects++;
        send({ type: 'LOGGED_IN' });
      },
      (error: unknown) => {
        const e = isXucError(error) ? error : new XucError('XUC_ERR_AMI_DOWN', {}, { cause: error });
        if (e.code === 'XUC_ERR_AMI_REFUSED') send({ type: 'LOGIN_REFUSED', message: String(e.params.detail) });
        else send({ type: 'CLOSED', reason: describe(e) });
      },
    );
    return () => {
      active = false;
      abort.abort();
      if (this.session && generation === this.generation) this.detachSession();
    };
  }

  /** Forgets the session: pending actions fail with AMI_DOWN, buffered events are dropped (a resync follows). */
  private detachSession(): void {
    const session = this.session;
    this.session = undefined;
    this.buffering = true;
    this.buffered = [];
    if (session) this.closing = session.close();
    this.correlator.failAll(() => new XucError('XUC_ERR_AMI_DOWN'));
  }

  private onRawFrame(raw: string, generation: number): void {
    if (generation !== this.generation) return;
    const receivedAt = this.clock.now();
    this.counters.framesReceived++;
    const frame = parseAmiFrame(raw);
    if (frame === null) {
      this.counters.garbageFrames++;
      this.log.warn({ frame: raw.slice(0, 200) }, 'AMI frame is neither an event nor a response, ignored');
      return;
    }
    if (frame.kind === 'response') {
      const outcome = this.correlator.onResponse(frame);
      if (outcome !== 'matched') this.orphan('orphanResponses', outcome, frame);
      return;
    }
    // Most events have no ActionID: looking at the text first leaves their fields unparsed until read.
    const actionId = raw.includes('ActionID') ? frame.fields.ActionID : undefined;
    if (actionId && !BROADCAST_WITH_ACTION_ID.has(frame.name)) {
      const outcome = this.correlator.onListEvent(frame);
      if (outcome !== 'matched') this.orphan('orphanListEvents', outcome, frame);
      return;
    }
    if (frame.name === 'FullyBooted') this.fullyBooted = { frame, receivedAt };
    this.counters.eventsReceived++;
    if (!this.buffering) return this.deliver(frame, receivedAt);
    this.buffered.push({ frame, receivedAt });
    if (this.buffered.length > MAX_BUFFERED_EVENTS) {
      this.log.error({ buffered: this.buffered.length }, 'too many AMI events during resync, reconnecting');
      this.dropConnection('resync buffer overflow');
    }
  }

  private orphan(counter: 'orphanResponses' | 'orphanListEvents', outcome: 'late' | 'orphan', frame: AmiFrame): void {
    this.counters[counter]++;
    this.log.warn({ actionId: frame.fields.ActionID, name: frame.name, late: outcome === 'late' }, 'AMI answer to no pending action, ignored');
  }

  private deliver(frame: AmiFrame, receivedAt: number): void {
    // Per frame: with the usual single listener (the engine), no copy of the set and no closure.
    if (this.eventListeners.size === 1) return this.deliverTo(this.eventListeners.values().next().value!, frame, receivedAt);
    for (const listener of [...this.eventListeners]) this.deliverTo(listener, frame, receivedAt);
  }

  private deliverTo(listener: (frame: AmiFrame, receivedAt: number) => void, frame: AmiFrame, receivedAt: number): void {
    try {
      listener(frame, receivedAt);
    } catch (e) {
      this.log.error({ err: e }, 'event listener threw; ignored');
    }
  }

  /** Sends an action on the current session with an ActionID and a deadline. */
  private send(action: AmiAction, options: { list: boolean; timeoutMs?: number }): Promise<ActionResult> {
    const session = this.session;
    if (!session) return Promise.reject(new XucError('XUC_ERR_AMI_DOWN'));
    const actionId = this.correlator.nextActionId();
    let text: string;
    try {
      text = serializeAmiAction(action, actionId);
    } catch (e) {
      return Promise.reject(e);
    }
    const timeoutMs = options.timeoutMs ?? this.settings.actionTimeoutMs;
    const result = this.correlator.track(actionId, action.Action, { list: options.list, timeoutMs });
    if (!session.write(text)) this.correlator.cancel(actionId, new XucError('XUC_ERR_AMI_DOWN'));
    else this.counters.actionsSent++;
    result.then(undefined, (e: unknown) => {
      if (!isXucError(e)) return;
      if (e.code === 'XUC_ERR_AMI_TIMEOUT') this.counters.actionTimeouts++, this.log.warn({ action: action.Action, actionId, timeoutMs }, 'AMI action timed out');
      if (e.code === 'XUC_ERR_AMI_REFUSED') this.counters.actionsRefused++;
    });
    return result;
  }

  /**
   * The machine's `resync` actor: CoreStatus (to tell a restart from a blip) and the five snapshot
   * lists, pipelined; then the snapshot handlers; then the events buffered meanwhile, in order.
   */
  private async resync(): Promise<void> {
    const generation = this.generation;
    const startedAt = this.clock.now();
    let coreStatus: AmiFrame | undefined;
    let coreStatusSettled = false;
    // Asterisk answers one session's actions in order, so CoreStatus is answered before the lists end;
    // a peer that never answers it must not hold the resync, so it is not awaited.
    this.send({ Action: 'CoreStatus' }, { list: false }).then(
      (r) => ((coreStatus = r.response), (coreStatusSettled = true)),
      () => (coreStatusSettled = true),
    );
    const lists = await Promise.all(snapshotActions.map(({ action }) => this.send({ Action: action }, { list: true })));
    if (!coreStatusSettled) this.log.debug('CoreStatus not answered before the snapshot; restart detection uses FullyBooted');
    const snapshot = emptySnapshot() as { -readonly [K in keyof AmiSnapshot]: AmiFrame[] };
    snapshotActions.forEach(({ key }, i) => snapshot[key].push(...lists[i].events));
    const identity = asteriskIdentity(coreStatus, this.fullyBooted);
    const restart = isAsteriskRestart(this.identity, identity);
    this.identity = identity;
    if (restart) this.counters.asteriskRestarts++;
    this.log.info(
      { restart, channels: snapshot.coreShowChannels.length, agents: snapshot.agents.length, buffered: this.buffered.length },
      'AMI resync snapshot received',
    );
    for (const handler of [...this.snapshotHandlers]) {
      try {
        await handler(snapshot, { restart });
      } catch (e) {
        this.log.error({ err: e }, 'AMI snapshot handler failed');
      }
    }
    if (generation !== this.generation || !this.session) throw new XucError('XUC_ERR_AMI_DOWN');
    const buffered = this.buffered;
    this.buffered = [];
    this.buffering = false;
    for (const { frame, receivedAt } of buffered) this.deliver(frame, receivedAt);
    this.counters.lastResyncAt = this.clock.now();
    this.counters.lastResyncDurationMs = this.counters.lastResyncAt - startedAt;
  }

  /** The machine's `ping` actor: any answer, even `Response: Error`, proves the link alive. */
  private async ping(): Promise<void> {
    try {
      await this.send({ Action: 'Ping' }, { list: false, timeoutMs: this.settings.pingTimeoutMs });
    } catch (e) {
      if (!isXucError(e) || e.code !== 'XUC_ERR_AMI_REFUSED') throw e;
    }
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.log.error({ err: e }, `${what} threw; ignored`);
    }
  }
}

function describe(e: XucError): string {
  const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return `${e.message}${cause}`;
}
