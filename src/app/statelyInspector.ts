import { createServer } from 'node:net';
import { createWebSocketInspector } from '@statelyai/inspect';
import { createInspectorServer } from '@statelyai/inspect/server';
import type { InspectionEvent } from 'xstate';
import type { Logger } from '../log.js';

/** The relay's port: the one `@statelyai/inspect/server` and its browser page default to. */
export const STATELY_RELAY_PORT = 8080;

export interface StatelyInspection {
  observer: (event: InspectionEvent) => void;
  stop(): void;
}

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/**
 * `XUC_INSPECT=stately`: streams every inspection event to the Stately inspector through the
 * relay of `@statelyai/inspect/server` on localhost:8080 (started here unless one already runs
 * there); a developer opens http://localhost:8080 and sees the actors in Stately's UI.
 * Unlike /inspector this is always on, so it costs throughput: a development tool only.
 */
export async function startStatelyInspection(logger: Logger): Promise<StatelyInspection> {
  // The relay's HTTP server has no error handler: only start it on a free port.
  const relay = (await portIsFree(STATELY_RELAY_PORT)) ? createInspectorServer({ port: STATELY_RELAY_PORT, autoOpen: false }) : undefined;
  const inspector = createWebSocketInspector({ url: `ws://localhost:${STATELY_RELAY_PORT}` });
  logger.info(
    { relay: relay ? 'started' : 'already running' },
    `XUC_INSPECT=stately: open http://localhost:${STATELY_RELAY_PORT} to watch the actors in the Stately inspector`,
  );
  return {
    observer: (event) => {
      try {
        inspector.inspect.next?.(event);
      } catch (error) {
        logger.debug({ err: error }, 'Stately inspection event not sent');
      }
    },
    stop() {
      inspector.stop();
      relay?.stop();
    },
  };
}
