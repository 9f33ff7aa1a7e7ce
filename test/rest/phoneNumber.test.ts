import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizePhoneNumber } from '../../src/transport/rest/phoneNumber.js';

describe('sanitizePhoneNumber', () => {
  it.each([
    ['+33 (0)1 23 45 67 89', '0033123456789'],
    ['+39 06 1234 5678', '00390612345678'],
    ['0033 1 23 45 67 89', '0033123456789'],
    ['01.23.45.67.89', '0123456789'],
    ['(02) 9876-5432', '0298765432'],
    ['1002', '1002'],
    ['*8#', '*8#'],
    ['tel: +44 20 7946 0958', '00442079460958'],
  ])('%s → %s', (input, expected) => {
    expect(sanitizePhoneNumber(input)).toBe(expected);
  });

  const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 14 });
  const noise = fc.string({ unit: fc.constantFrom(' ', '.', '-', '/'), maxLength: 2 });

  it('keeps only dialable characters and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const out = sanitizePhoneNumber(s);
        expect(out).toMatch(/^[0-9*#]*$/);
        expect(sanitizePhoneNumber(out)).toBe(out);
      }),
      { numRuns: 300 },
    );
  });

  it('+CC and 00CC dial the same, whatever separators are typed', () => {
    fc.assert(
      fc.property(digits, digits, noise, (cc, rest, sep) => {
        expect(sanitizePhoneNumber(`+${cc}${sep}${rest}`)).toBe(`00${cc}${rest}`);
        expect(sanitizePhoneNumber(`00${cc}${sep}${rest}`)).toBe(`00${cc}${rest}`);
      }),
      { numRuns: 300 },
    );
  });

  it('drops a national 0 only when written as (0)', () => {
    fc.assert(
      fc.property(digits, digits, (cc, rest) => {
        expect(sanitizePhoneNumber(`+${cc} (0)${rest}`)).toBe(`00${cc}${rest}`);
        expect(sanitizePhoneNumber(`+${cc} 0${rest}`)).toBe(`00${cc}0${rest}`);
      }),
      { numRuns: 300 },
    );
  });
});
