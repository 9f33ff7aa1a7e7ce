import { createActor, type AnyActorLogic, type AnyActorRef, type EventObject, type InspectionEvent, type Observer } from 'xstate';
import type { AmiFrame } from '../domain/amiFrame.js';
import type { AmiPort } from '../domain/amiPort.js';
import type { Clock } from '../domain/clock.js';
import type { ConfigStore } from '../domain/configStore.js';
import type { EngineApi } from '../domain/engineApi.js';
import type { EngineEvent } from '../domain/engineEvents.js';
import { XucError } from '../errors.js';
import type { Logger } from '../log.js';
import { createAmiRouter } from './amiRouter.js';
import { CommandRunner } from './commandRunner.js';
import { createAgentCommands } from './commands/agentCommands.js';
import { createMembershipCommands } from './commands/membershipCommands.js';
import { createPhoneCommands } from './commands/phoneCommands.js';
import type { CommandDeps } from './commands/commandDeps.js';
import { EngineBus } from './engineBus.js';
import type { EngineKind, KindDeps } from './engineKind.js';
import { engineKinds } from './engineKinds.js';
import { createEngineQueries } from './engineQueries.js';
import { LinkStatusTracker } from './linkStatusTracker.js';
import { buildNameIndex, type NameIndex } from './nameIndex.js';
import { QueueTicker } from './queueTicker.js';
import { createRootMachine } from './rootMachine.js';
import { sharedDirectory } from './sharedDirectory.js';

const configSections = ['users', 'lines', 'agents', 'agentGroups', 'queues', 'queueMembers', 'userStatuses'] as const;

export interface EngineOptions {
  configStore: ConfigStore;
  ami: AmiPort;
  clock: Clock;
  logger: Logger;
  /** XState inspection observer (the `/inspector` page, `@statelyai/inspect`). */
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** How long a command waits for Asterisk's events to confirm it (default 5 s). */
  commandTimeoutMs?: number;
  /**
   * More managers to run under the root, by systemId (e.g. `{ callbacks: callbackManagerMachine }`),
   * so they share the tree, its clock and its inspection: `engine.root.system.get('callbacks')`.
   */
  managers?: Readonly<Record<string, AnyActorLogic>>;
}

/** The engine: the EngineApi, plus its lifecycle and what tests and the inspector need. */
export interface Engine extends EngineApi {
  /** Starts the AMI link (the actor tree runs from creation). */
  start(): void;
  /** Stops the AMI link and the actor tree. */
  stop(): Promise<void>;
  /** The root of the actor tree (`system.get('agent:1')`…), for the inspector. */
  readonly root: AnyActorRef;
  /** AMI frames processed so far (every one dispatched to every actor it concerns). */
  framesProcessed(): number;
}

/**
 * Builds the engine: the supervisor tree (root → agents/lines/queues managers → one actor per
 * configured entry), the AMI router feeding it, the bus its actors publish on, and the command API.
 */
export function createEngine(options: EngineOptions, kinds: readonly EngineKind[] = engineKinds): Engine {
  const { configStore, ami, clock, logger } = options;
  let index: NameIndex = buildNameIndex(configStore.current());
  const bus = new EngineBus((error, event) => logger.warn({ err: error, kind: event.kind }, 'engine bus listener failed'));
  const frameListeners = new Set<(frame: AmiFrame, receivedAt: number) => void>();
  const link = new LinkStatusTracker(ami.state(), clock.now());
  const runner = new CommandRunner({ ami, clock, logger, confirmTimeoutMs: options.commandTimeoutMs ?? 5_000 });
  let frames = 0;

  const kindDeps: KindDeps = { index: () => index, directory: sharedDirectory(() => index), now: () => clock.now() };
  // Started by the first waiting caller; reads the actors through `root`, created below.
  const ticker = new QueueTicker({ clock, index: () => index, actor: (systemId) => root.system.get(systemId) });
  const publish = (event: EngineEvent) => {
    if (event.kind === 'queueCalls' && event.calls.length > 0) ticker.wake();
    bus.publish(event);
    runner.recheck();
  };

  const router = createAmiRouter({
    ami,
    clock,
    logger,
    index: () => index,
    afterFrame: (frame, receivedAt) => {
      frames++;
      link.onFrame(router.view().counters.unknown);
      for (const listener of frameListeners) {
        try {
          listener(frame, receivedAt);
        } catch (error) {
          logger.warn({ err: error }, 'AMI frame listener failed');
        }
      }
      runner.recheck();
    },
    afterSnapshot: ({ at }) => {
      link.onSnapshotApplied(at);
      runner.recheck();
    },
  });

  // Every actor's outputs (emitted events) become EngineEvents, through one hook per kind rather
  // than a listener per actor; it covers children a manager restarts or spawns after a
  // configuration change. (Not through inspection: inspection events cost every actor every step,
  // so they run only for an inspector.)
  const watch = (kind: EngineKind) => (emitted: EventObject, ref: AnyActorRef & { systemId?: string }) => {
    try {
      for (const event of kind.published(emitted, ref, kindDeps)) publish(event);
    } catch (error) {
      logger.warn({ err: error, systemId: ref.systemId }, 'actor output could not be published');
    }
  };

  const rootLogic = createRootMachine({
    specs: kinds.map((k) => ({ ...k.spec(kindDeps), onEmit: watch(k) })),
    edges: { ...options.managers, router: router.logic },
    onChildFailure: ({ systemId, error }) => logger.error({ err: error, systemId }, 'actor failed; restarted from its last snapshot'),
  });
  const root = createActor(rootLogic, {
    input: { config: index.config },
    clock,
    systemId: 'root',
    ...(options.inspect ? { inspect: options.inspect } : {}),
  });

  const offConfig = configStore.onChange((config) => {
    const previous = index.config;
    index = buildNameIndex(config);
    router.reconfigure(index);
    root.send({ type: 'config.changed', config });
    router.forceFromView();
    for (const what of configSections) {
      if (JSON.stringify(previous[what]) !== JSON.stringify(config[what])) publish({ kind: 'configChanged', what });
    }
  });
  const offState = ami.onStateChange((state, since) => {
    link.onState(state, since);
    if (state !== 'live') runner.failPending(new XucError('XUC_ERR_AMI_DOWN'));
    publish({ kind: 'linkState', state, since });
  });
  root.start();

  const queries = createEngineQueries({ system: root.system, index: () => index, now: () => clock.now(), router, link });
  const commandDeps: CommandDeps = { ami, runner, queries, router, index: () => index, system: root.system, bus: publish, logger, now: () => clock.now() };
  let started = false;

  return {
    ...queries,
    ...createAgentCommands(commandDeps),
    ...createMembershipCommands(commandDeps),
    ...createPhoneCommands(commandDeps),
    root,
    start() {
      if (started) return;
      started = true;
      ami.start();
    },
    async stop() {
      offConfig();
      offState();
      ticker.stop();
      try {
        await ami.stop();
      } finally {
        root.stop();
      }
    },
    framesProcessed: () => frames,
    subscribe: (listener) => bus.subscribe(listener),
    onAmiFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
  };
}
