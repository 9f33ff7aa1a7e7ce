import type { AmiAction } from '../../domain/amiFrame.js';
import type { Line } from '../../domain/contactCenterConfig.js';
import type { CallInfo } from '../../domain/domainEvents.js';
import type { EngineApi } from '../../domain/engineApi.js';
import { XucError } from '../../errors.js';
import type { CommandDeps } from './commandDeps.js';
import { callerIdOf, destination, headerValue, requireLine, requireQueue, userVariables } from './commandInputs.js';

type PhoneCommands = Pick<
  EngineApi,
  | 'dial'
  | 'dialFromNumber'
  | 'dialFromQueue'
  | 'answer'
  | 'hangup'
  | 'hold'
  | 'directTransfer'
  | 'attendedTransfer'
  | 'completeTransfer'
  | 'cancelTransfer'
  | 'conference'
  | 'setData'
  | 'sendDtmf'
>;

/** The line technology, as in its interface (`Local/1001@phones` → `Local`). */
const technologyOf = (line: Line) => line.interface.split('/', 1)[0] || 'unknown';

/** `<command> on a <technology> line is not supported`. */
const unsupported = (command: string, line: Line) =>
  new XucError('XUC_ERR_UNSUPPORTED', { what: `${command} on a ${technologyOf(line)} line`, command, technology: technologyOf(line) });

/** How long Asterisk may take to show the first leg of a call it was asked to originate. */
const ORIGINATE_TIMEOUT_MS = 20_000;

/**
 * Phone commands on a configured line. Calls are found in the router's view of Asterisk (the
 * line's channels); each command acts on the line's own channel of the call.
 */
export function createPhoneCommands(deps: CommandDeps): PhoneCommands {
  const { runner } = deps;

  const callsOf = (line: Line): CallInfo[] =>
    Object.values(deps.router.view().calls)
      .filter((t) => t.line === line.interface && t.call.state !== 'released')
      .map((t) => t.call);

  /** The call a command is about: the given one, else the established one, else the only one. */
  const callOf = (line: Line, action: string, uniqueId?: string, states?: ReadonlyArray<CallInfo['state']>): CallInfo => {
    const calls = callsOf(line).filter((c) => !states || states.includes(c.state));
    const call =
      uniqueId !== undefined
        ? calls.find((c) => c.uniqueId === uniqueId)
        : (calls.find((c) => c.state === 'established') ?? calls.find((c) => c.state === 'onHold') ?? calls[0]);
    if (!call) throw new XucError('XUC_ERR_NO_CALL', { action, line: line.number });
    return call;
  };
  const gone = (line: Line, uniqueId: string) => () => !callsOf(line).some((c) => c.uniqueId === uniqueId);

  /**
   * Answer and hold press the phone's buttons, which only SIP/PJSIP phones let Asterisk do (the
   * `talk`/`hold` notifications). On any other line (a Local channel into the dialplan, Asterisk
   * itself) the command can never work: it fails at once, whatever the call state.
   */
  const phoneButtons = (line: Line, command: 'answer' | 'hold') => {
    const [tech = '', peer = ''] = line.interface.split('/', 2);
    switch (tech.toUpperCase()) {
      case 'PJSIP':
        return (event: 'talk' | 'hold'): AmiAction => ({ Action: 'PJSIPNotify', Endpoint: peer, Variable: `Event=${event}` });
      case 'SIP':
        return (event: 'talk' | 'hold'): AmiAction => ({ Action: 'SIPnotify', Channel: peer, Variable: `Event=${event}` });
      default:
        throw unsupported(command, line);
    }
  };

  const originateFrom = (channel: string, context: string, exten: string, callerId: string, variables: string[]): AmiAction => ({
    Action: 'Originate',
    Channel: channel,
    Context: context,
    Exten: exten,
    Priority: '1',
    CallerID: callerId,
    Async: 'true',
    Timeout: String(ORIGINATE_TIMEOUT_MS),
    ...(variables.length ? { Variable: variables } : {}),
  });

  return {
    async dial({ lineId, destination: to, variables, callerId }) {
      const index = deps.index();
      const line = requireLine(index, lineId);
      const exten = destination('destination', to);
      const before = new Set(callsOf(line).map((c) => c.uniqueId));
      const cid = callerId === undefined ? callerIdOf(index, line) : headerValue('callerId', callerId);
      await runner.run({
        command: 'dial',
        key: `dial:${lineId}:${exten}`,
        // The line rings first (click-to-dial calls the user's own phone): a new call on it confirms.
        done: () => callsOf(line).some((c) => !before.has(c.uniqueId)),
        actions: [originateFrom(line.interface, line.context, exten, cid, userVariables(variables))],
        timeoutMs: ORIGINATE_TIMEOUT_MS,
      });
    },

    async dialFromNumber({ from, destination: to, variables, callerId }) {
      const index = deps.index();
      const source = destination('from', from);
      const exten = destination('destination', to);
      const context = index.config.lines[0]?.context ?? 'default';
      const cid = callerId === undefined ? `<${source}>` : headerValue('callerId', callerId);
      await runner.run({
        command: 'dialFromNumber',
        key: `dialFromNumber:${source}:${exten}`,
        done: () => false,
        confirmBy: 'response',
        actions: [originateFrom(`Local/${source}@${context}`, context, exten, cid, userVariables(variables))],
      });
    },

    async dialFromQueue({ queueId, destination: to, callerIdName, callerIdNumber, variables }) {
      const index = deps.index();
      const queue = requireQueue(index, queueId);
      if (!queue.number) throw new XucError('XUC_ERR_INVALID_STATE', { action: 'dial from a queue', state: 'queue without number' });
      const exten = destination('destination', to);
      const name = callerIdName === undefined ? queue.displayName : headerValue('callerIdName', callerIdName, { allowEmpty: true });
      const number = callerIdNumber === undefined ? queue.number : destination('callerIdNumber', callerIdNumber);
      // The destination is called first; once it answers it is sent into the queue.
      await runner.run({
        command: 'dialFromQueue',
        key: `dialFromQueue:${queueId}:${exten}`,
        done: () => false,
        confirmBy: 'response',
        actions: [originateFrom(`Local/${exten}@${queue.context}`, queue.context, queue.number, `"${name.replace(/"/g, '')}" <${number}>`, userVariables(variables))],
      });
    },

    async answer({ lineId, uniqueId }) {
      const line = requireLine(deps.index(), lineId);
      const notify = phoneButtons(line, 'answer');
      const call = callOf(line, 'answer', uniqueId, ['ringing']);
      await runner.run({
        command: 'answer',
        key: `answer:${lineId}:${call.uniqueId}`,
        done: () => callsOf(line).some((c) => c.uniqueId === call.uniqueId && c.state === 'established'),
        actions: [notify('talk')],
      });
    },

    async hangup({ lineId, uniqueId }) {
      const line = requireLine(deps.index(), lineId);
      const call = callOf(line, 'hang up', uniqueId);
      await runner.run({
        command: 'hangup',
        key: `hangup:${lineId}:${call.uniqueId}`,
        done: gone(line, call.uniqueId),
        actions: [{ Action: 'Hangup', Channel: call.channel, Cause: '16' }],
      });
    },

    async hold({ lineId, uniqueId }) {
      const line = requireLine(deps.index(), lineId);
      const notify = phoneButtons(line, 'hold');
      const call = callOf(line, 'hold', uniqueId, ['established', 'onHold']);
      const target = call.state === 'onHold' ? 'established' : 'onHold';
      await runner.run({
        command: 'hold',
        key: `hold:${lineId}:${call.uniqueId}:${target}`,
        done: () => callsOf(line).some((c) => c.uniqueId === call.uniqueId && c.state === target),
        actions: [notify('hold')],
      });
    },

    async directTransfer({ lineId, destination: to }) {
      const line = requireLine(deps.index(), lineId);
      const exten = destination('destination', to);
      const call = callOf(line, 'transfer', undefined, ['established', 'onHold']);
      await runner.run({
        command: 'directTransfer',
        key: `directTransfer:${lineId}:${call.uniqueId}`,
        // The transferer leaves the call: its channel is hung up once the transfer is done.
        done: gone(line, call.uniqueId),
        actions: [{ Action: 'BlindTransfer', Channel: call.channel, Context: line.context, Exten: exten }],
      });
    },

    async attendedTransfer({ lineId, destination: to }) {
      const line = requireLine(deps.index(), lineId);
      const exten = destination('destination', to);
      const call = callOf(line, 'transfer', undefined, ['established']);
      await runner.run({
        command: 'attendedTransfer',
        key: `attendedTransfer:${lineId}:${call.uniqueId}`,
        done: () => false,
        confirmBy: 'response',
        actions: [{ Action: 'Atxfer', Channel: call.channel, Context: line.context, Exten: exten }],
      });
    },

    async completeTransfer({ lineId }) {
      const line = requireLine(deps.index(), lineId);
      const call = callOf(line, 'complete the transfer');
      // The transferer hanging up joins the two other parties (Asterisk merges the bridges).
      await runner.run({
        command: 'completeTransfer',
        key: `completeTransfer:${lineId}:${call.uniqueId}`,
        done: gone(line, call.uniqueId),
        actions: [{ Action: 'Hangup', Channel: call.channel, Cause: '16' }],
      });
    },

    async cancelTransfer({ lineId }) {
      const line = requireLine(deps.index(), lineId);
      const call = callOf(line, 'cancel the transfer', undefined, ['established']);
      const view = deps.router.view();
      const bridge = view.channels[call.channel]?.bridge;
      const peers = bridge ? (view.bridges[bridge]?.channels ?? []).filter((c) => c !== call.channel) : [];
      const consultation = peers[0];
      if (!consultation) throw new XucError('XUC_ERR_NO_CALL', { action: 'cancel the transfer', line: line.number });
      await runner.run({
        command: 'cancelTransfer',
        key: `cancelTransfer:${lineId}:${consultation}`,
        done: () => !deps.router.view().channels[consultation],
        actions: [{ Action: 'Hangup', Channel: consultation, Cause: '16' }],
      });
    },

    async conference({ lineId }) {
      // Not implemented on any line yet.
      throw unsupported('conference', requireLine(deps.index(), lineId));
    },

    async setData({ lineId, variables }) {
      const line = requireLine(deps.index(), lineId);
      const call = callOf(line, 'attach data');
      const assignments = userVariables(variables);
      await runner.run({
        command: 'setData',
        key: `setData:${lineId}:${assignments.join('&')}`,
        done: () => false,
        confirmBy: 'response',
        actions: assignments.map((a) => {
          const at = a.indexOf('=');
          return { Action: 'Setvar', Channel: call.channel, Variable: a.slice(0, at), Value: a.slice(at + 1) };
        }),
      });
    },

    async sendDtmf({ lineId, key }) {
      const line = requireLine(deps.index(), lineId);
      if (typeof key !== 'string' || !/^[0-9*#A-D]$/.test(key)) {
        throw new XucError('XUC_ERR_INVALID_FIELD', { field: 'key', detail: 'must be one DTMF digit' });
      }
      const call = callOf(line, 'send DTMF', undefined, ['established', 'onHold']);
      await runner.run({
        command: 'sendDtmf',
        key: `dtmf:${lineId}:${call.uniqueId}:${key}`,
        done: () => false,
        confirmBy: 'response',
        actions: [{ Action: 'PlayDTMF', Channel: call.channel, Digit: key }],
      });
    },
  };
}
