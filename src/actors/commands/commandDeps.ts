import type { ActorSystem } from 'xstate';
import type { AmiPort } from '../../domain/amiPort.js';
import type { EngineEvent } from '../../domain/engineEvents.js';
import type { Logger } from '../../log.js';
import type { AmiRouter } from '../amiRouter.js';
import type { CommandRunner } from '../commandRunner.js';
import type { EngineQueries } from '../engineQueries.js';
import type { NameIndex } from '../nameIndex.js';

/** What every command group needs from the engine. */
export interface CommandDeps {
  ami: AmiPort;
  runner: CommandRunner;
  queries: EngineQueries;
  /** The router's view of Asterisk: channels, bridges, calls, queue members. */
  router: AmiRouter;
  index: () => NameIndex;
  /** The actor system, to tell an actor about a command intent Asterisk never reports (end of wrap-up). */
  system: ActorSystem<any>;
  /** Publishes an EngineEvent (for outcomes no actor reports, such as listening). */
  bus: (event: EngineEvent) => void;
  logger: Logger;
  /** The engine's clock (epoch ms). */
  now: () => number;
}
