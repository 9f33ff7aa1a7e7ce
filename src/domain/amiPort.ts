import type { AmiAction, AmiFrame, AmiSnapshot } from './amiFrame.js';
import type { AmiLinkStateName } from './engineEvents.js';

/**
 * What the engine needs from the AMI link (implemented in src/transport/ami over
 * asterisk-ami-client). The engine never sees the library.
 */
export interface AmiPort {
  start(): void;
  stop(): Promise<void>;
  state(): AmiLinkStateName;
  /**
   * Sends an action with an ActionID and a deadline. Resolves with the response frame
   * (`Response: Success`); rejects with XucError AMI_REFUSED (`Response: Error`), AMI_TIMEOUT,
   * or AMI_DOWN at once when the link is not live. With `list: true`, resolves after the
   * `…Complete` event with the collected list events.
   */
  action(action: AmiAction, options?: { timeoutMs?: number }): Promise<AmiFrame>;
  listAction(action: AmiAction, options?: { timeoutMs?: number }): Promise<{ response: AmiFrame; events: AmiFrame[] }>;
  /** Live events (not list events of our own actions), in AMI order. */
  onEvent(listener: (frame: AmiFrame, receivedAt: number) => void): () => void;
  /**
   * Called on every (re)connection after login with the resync snapshot, before the link goes
   * live; events received meanwhile are delivered after the handler returns (order preserved).
   * `restart` is true when Asterisk itself restarted (FullyBooted uptime), false for a network blip.
   */
  onSnapshot(handler: (snapshot: AmiSnapshot, info: { restart: boolean }) => void | Promise<void>): () => void;
  onStateChange(listener: (state: AmiLinkStateName, since: number) => void): () => void;
}
