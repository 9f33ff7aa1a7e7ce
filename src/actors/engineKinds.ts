import { agentKind } from './agentKind.js';
import type { EngineKind } from './engineKind.js';
import { lineKind } from './lineKind.js';
import { queueKind } from './queueKind.js';

/** The kinds of actors the engine supervises, each under its own manager. */
export const engineKinds: readonly EngineKind[] = [agentKind, lineKind, queueKind];
