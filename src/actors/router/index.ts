/**
 * The router's pure core: AMI frames in, DomainEvents out (see docs in each file).
 *
 *   const view = createRouterView({ lines, agentMemberInterface });
 *   const events = translate(view, frame, at);               // updates view in place, never throws
 *   const { view, event } = translateSnapshot(options, snapshot, at);   // after a (re)connection
 *   viewToSnapshot(view)                                     // the ResyncSnapshot the view amounts to
 */
export { createRouterView } from './routerView.js';
export type { RouterView, ChannelView, BridgeView, TrackedCall, AgentView, QueueView, RouterCounters } from './routerView.js';
export type { RouterOptions, RouterLineOption } from './routerOptions.js';
export { translate } from './translate.js';
export { translateSnapshot, viewToSnapshot } from './snapshot.js';
export { normalizeOptions } from './routerOptions.js';
/** Which line a channel speaks for, and which agent a member interface is (for commands). */
export { lineOfChannel, agentNumberOfInterface, interfaceOfChannel } from './channelOwnership.js';
