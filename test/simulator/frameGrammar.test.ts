import { describe, expect, it } from 'vitest';
import { diffBurst, diffLifecycleOrder } from './frameGrammar.js';
import type { RawFrame } from './rawAmiClient.js';

const ev = (name: string, ...headers: string[]): RawFrame => [['Event', name], ...headers.map((h): [string, string] => [h, 'x'])];

describe('the fidelity comparison itself', () => {
  it('reports a missing event, an extra one and a header-name difference, and ignores values and order', () => {
    const recorded = [ev('Newchannel', 'Privilege', 'Channel'), ev('Hangup', 'Privilege', 'Channel', 'Cause'), ev('CEL', 'EventName')];
    expect(diffBurst(recorded, [recorded[1], recorded[0]])).toEqual([]);
    expect(diffBurst(recorded, [recorded[0]])).toEqual(['missing 1× Hangup Privilege,Channel,Cause']);
    expect(diffBurst(recorded, [...recorded, ev('Hold', 'Privilege')])).toEqual(['extra 1× Hold Privilege']);
    expect(diffBurst(recorded, [recorded[0], ev('Hangup', 'Privilege', 'Cause', 'Channel')])).toHaveLength(2);
  });

  it('reports life-cycle events of one channel that come in another order', () => {
    const on = (name: string, channel: string): RawFrame => [['Event', name], ['Privilege', 'call,all'], ['Channel', channel]];
    const recorded = [on('Newchannel', 'Local/1001@phones-00000000;1'), on('Newstate', 'Local/1001@phones-00000000;1'), on('Hangup', 'Local/1002@phones-00000001;1')];
    const sameButOtherChannelFirst = [recorded[2], recorded[0], recorded[1]];
    expect(diffLifecycleOrder(recorded, sameButOtherChannelFirst)).toEqual([]);
    expect(diffLifecycleOrder(recorded, [recorded[1], recorded[0], recorded[2]])).toEqual([
      'order on Local/1001@phones;1: recorded Newchannel → Newstate; simulated Newstate → Newchannel',
    ]);
  });
});
