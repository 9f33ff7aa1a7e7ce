import { z } from 'zod';

/**
 * The client → server commands of the Xuc protocol (shared/protocol/xuc-websocket.md §3), one zod
 * schema each, with the wire's own field casing (`agentid` here, `agentId` there). Ids and penalties
 * arrive as numbers or numeric strings; a missing optional field means "not given". Unknown extra
 * fields are ignored, as the original server did.
 */
const id = z.union([
  z.number().int().positive(),
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a positive integer')
    .transform(Number)
    .pipe(z.number().int().positive()),
]);
const penalty = z.union([
  z.number().int().min(0),
  z.string().trim().regex(/^\d+$/, 'must be a non-negative integer').transform(Number),
]);
const text = z.string();
const variables = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));
const membership = z.array(z.object({ queueId: id, penalty }));
const none = z.object({});

export const commandSchemas = {
  // Session
  getConfig: z.object({ objectType: text }),
  // User: presence, DND, forwards
  userStatusUpdate: z.object({ status: text }),
  dnd: z.object({ state: z.boolean() }),
  naFwd: z.object({ state: z.boolean(), destination: text.default('') }),
  uncFwd: z.object({ state: z.boolean(), destination: text.default('') }),
  busyFwd: z.object({ state: z.boolean(), destination: text.default('') }),
  // Agent
  agentLogin: z.object({ agentphonenumber: z.union([text, z.number().transform(String)]).optional(), agentid: id.optional() }),
  agentLogout: z.object({ agentid: id.optional() }),
  pauseAgent: z.object({ agentid: id.optional(), reason: text.optional() }),
  unpauseAgent: z.object({ agentid: id.optional() }),
  listenAgent: z.object({ agentid: id }),
  monitorPause: z.object({ agentid: id.optional() }),
  monitorUnpause: z.object({ agentid: id.optional() }),
  setAgentGroup: z.object({ agentId: id, groupId: id }),
  // Phone
  dial: z.object({ destination: text.min(1), variables: variables.optional() }),
  dialFromMobile: z.object({ destination: text.min(1), variables: variables.optional() }),
  dialFromQueue: z.object({
    destination: text.min(1),
    queueId: id,
    callerIdName: text.optional(),
    callerIdNumber: text.optional(),
    variables: variables.optional(),
  }),
  dialByUsername: z.object({ username: text.min(1), variables: variables.optional() }),
  originate: z.object({ destination: text.min(1) }),
  answer: z.object({ uniqueId: text.optional() }),
  hangup: z.object({ uniqueId: text.optional() }),
  hold: z.object({ uniqueId: text.optional() }),
  directTransfer: z.object({ destination: text.min(1) }),
  attendedTransfer: z.object({ destination: text.min(1), device: text.optional() }),
  completeTransfer: none,
  cancelTransfer: none,
  conference: none,
  setData: z.object({ variables }),
  getCurrentCallsPhoneEvents: none,
  sendDtmf: z.object({ key: z.string().regex(/^[0-9*#A-D]$/, 'must be one DTMF digit') }),
  subscribeToPhoneHints: z.object({ phoneNumbers: z.array(text).max(1000) }),
  unsubscribeFromAllPhoneHints: none,
  // Lists, subscriptions and membership
  getList: z.object({ objectType: text }),
  getAgentStates: none,
  subscribeToAgentEvents: none,
  subscribeToAgentStats: none,
  getAgentDirectory: none,
  subscribeToQueueStats: none,
  getQueueStatistics: z.object({ queueId: id, window: penalty.optional(), xqos: penalty.optional() }),
  subscribeToQueueCalls: z.object({ queueId: id }),
  unSubscribeToQueueCalls: z.object({ queueId: id }),
  setAgentQueue: z.object({ agentId: id, queueId: id, penalty: penalty.default(0) }),
  removeAgentFromQueue: z.object({ agentId: id, queueId: id }),
  moveAgentsInGroup: z.object({ groupId: id, fromQueueId: id, fromPenalty: penalty, toQueueId: id, toPenalty: penalty }),
  addAgentsInGroup: z.object({ groupId: id, fromQueueId: id, fromPenalty: penalty, toQueueId: id, toPenalty: penalty }),
  removeAgentGroupFromQueueGroup: z.object({ groupId: id, queueId: id, penalty }),
  addAgentsNotInQueueFromGroupTo: z.object({ groupId: id, queueId: id, penalty }),
  // Default membership (membership.js)
  getUserDefaultMembership: z.object({ userId: id }),
  setUserDefaultMembership: z.object({ userId: id, membership }),
  setUsersDefaultMembership: z.object({ userIds: z.array(id), membership }),
  applyUsersDefaultMembership: z.object({ userIds: z.array(id) }),
  // History
  getUserCallHistory: z.object({ size: penalty.default(10) }),
  getAgentCallHistory: z.object({ size: penalty.default(10) }),
  getQueueCallHistory: z.object({ queue: text, size: penalty.default(10) }),
  findCustomerCallHistory: z.object({ id: z.union([z.number(), z.string()]), request: z.record(z.string(), z.unknown()) }),
  getUserCallHistoryByDays: z.object({ days: penalty }),
  // Directory and favourites
  directoryLookUp: z.object({ term: text }),
  getFavorites: none,
  addFavorite: z.object({ contactId: z.union([text, z.number().transform(String)]), source: text }),
  removeFavorite: z.object({ contactId: z.union([text, z.number().transform(String)]), source: text }),
  // Callbacks (callback.js)
  getCallbackLists: none,
  findCallbackRequest: z.object({ id: z.union([z.number(), z.string()]), request: z.record(z.string(), z.unknown()) }),
  getCallbackPreferredPeriods: none,
  takeCallback: z.object({ uuid: text.min(1) }),
  releaseCallback: z.object({ uuid: text.min(1) }),
  startCallback: z.object({ uuid: text.min(1), number: text.min(1) }),
  listenCallbackMessage: z.object({ voiceMessageRef: text.min(1) }),
  updateCallbackTicket: z.object({
    uuid: text.min(1),
    status: z.enum(['NoAnswer', 'Answered', 'Email', 'Fax', 'Callback']),
    comment: text.optional(),
    dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').optional(),
    periodUuid: text.optional(),
  }),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandArgs<C extends CommandName> = z.output<(typeof commandSchemas)[C]>;
export type Command = { [C in CommandName]: { command: C; args: CommandArgs<C> } }[CommandName];

/**
 * Commands a client library may send that we recognise but do not serve (conferences and the
 * later-only commands): answered with `Unsupported`, never dropped.
 */
export const unsupportedCommands: ReadonlySet<string> = new Set([
  'inviteConferenceRoom', 'conferenceMute', 'conferenceUnmute', 'conferenceKick', 'conferenceDeafen',
  'conferenceUndeafen', 'conferenceMuteAll', 'conferenceUnmuteAll', 'conferenceMuteMe', 'conferenceUnmuteMe',
  'conferenceReset', 'conferenceClose', 'conferenceInvite', 'includeToConference', 'toggleMicrophone',
  'retrieveQueueCall', 'flashTextBrowserRequest', 'getIceConfig', 'toggleUniqueAccountDevice',
  'displayNameLookup', 'pushLogToServer', 'videoEvent', 'subscribeToVideoStatus',
  'unsubscribeFromAllVideoStatus', 'inviteToMeetingRoom', 'meetingRoomInviteAck', 'meetingRoomInviteAccept',
  'meetingRoomInviteReject', 'setUserPreference', 'unregisterMobileApp', 'searchContacts', 'getFavoriteContacts',
]);

export const isCommandName = (name: string): name is CommandName => Object.hasOwn(commandSchemas, name);
