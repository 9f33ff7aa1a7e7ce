import { afterEach, describe, expect, it } from 'vitest';
import { XucError } from '../../src/errors.js';
import { startReplay, type Replay } from './replayHarness.js';

let replay: Replay | undefined;
afterEach(async () => {
  await replay?.stop();
  replay = undefined;
});

const sent = (r: Replay, name: string) =>
  r.server.actions
    .filter((a) => a.name === name)
    .map(({ fields }) => Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'ActionID')));

const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof XucError ? e.code : String(e)));

describe('phone commands end to end: sent as the recorder sent them, confirmed by the recording', () => {
  it('originate-click2dial: dial with attached data rings the user first, then the destination', async () => {
    const r = (replay = await startReplay('originate-click2dial'));
    const dial = r.engine.dial({ lineId: 1, destination: '1003', variables: { DATA1: 'hello', __DATA2: 'inherited' } });
    const action = await r.server.waitForAction('Originate');
    expect(sent(r, 'Originate')[0]).toMatchObject({
      Channel: 'Local/1001@phones',
      Context: 'internal',
      Exten: '1003',
      Priority: '1',
      CallerID: '"Alice Martin" <1001>',
      Async: 'true',
      Timeout: '20000',
    });
    expect(action.raw).toContain('Variable: USR_DATA1=hello\r\nVariable: __USR_DATA2=inherited');
    await r.playUntil(4_000);
    await dial;
    expect(r.engine.currentCalls(1)).toHaveLength(1);
  });

  it('blind-transfer: directTransfer sends BlindTransfer on the transferer’s own channel and resolves when it leaves', async () => {
    const r = (replay = await startReplay('blind-transfer'));
    await r.playUntil(8_000);
    expect(r.engine.currentCalls(2).map((c) => c.eventType)).toEqual(['EventEstablished']);
    expect(await code(r.engine.directTransfer({ lineId: 2, destination: '10\n04' }))).toBe('XUC_ERR_INVALID_FIELD');
    const transfer = r.engine.directTransfer({ lineId: 2, destination: '1004' });
    await r.server.waitForAction('BlindTransfer');
    expect(sent(r, 'BlindTransfer')).toEqual([
      { Action: 'BlindTransfer', Channel: 'Local/1002@phones-00000001;1', Context: 'internal', Exten: '1004' },
    ]);
    await r.playUntil(8_100);
    await transfer;
    expect(r.engine.currentCalls(2)).toEqual([]);
    // No call left on 1002: nothing to hang up.
    expect(await code(r.engine.hangup({ lineId: 2 }))).toBe('XUC_ERR_NO_CALL');
  });

  it('attended-transfer: attendedTransfer sends Atxfer; hangup resolves once the call is released', async () => {
    const r = (replay = await startReplay('attended-transfer'));
    await r.playUntil(8_000);
    await r.engine.attendedTransfer({ lineId: 2, destination: '1005' });
    expect(sent(r, 'Atxfer')).toEqual([{ Action: 'Atxfer', Channel: 'Local/1002@phones-00000001;1', Context: 'internal', Exten: '1005' }]);
    await r.playUntil(16_000);
    const hangup = r.engine.hangup({ lineId: 5 });
    await r.server.waitForAction('Hangup');
    expect(sent(r, 'Hangup')).toEqual([{ Action: 'Hangup', Channel: 'Local/1005@phones-00000003;1', Cause: '16' }]);
    await r.playAll();
    await hangup;
    expect(r.engine.currentCalls(5)).toEqual([]);
  });
});
