import { describe, expect, it } from 'vitest';
import { formatDuration, formatStart } from '../../src/services/callHistoryFormat.js';

describe('call history formats', () => {
  it('writes durations as HH:MM:SS and starts as local YYYY-MM-DD HH:MM:SS', () => {
    expect(formatDuration(0)).toBe('00:00:00');
    expect(formatDuration(192)).toBe('00:03:12');
    expect(formatDuration(90_061)).toBe('25:01:01');
    expect(formatStart(new Date('2016-09-12T08:15:02Z'), 'UTC')).toBe('2016-09-12 08:15:02');
    expect(formatStart(new Date('2016-09-12T22:15:02Z'), 'Europe/Paris')).toBe('2016-09-13 00:15:02');
  });
});
