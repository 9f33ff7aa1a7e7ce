import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCallbackCsv, ticketsToCsv, type CsvContext } from '../../src/services/callbackCsv.js';

const context: CsvContext = {
  periodsByName: new Map([['Morning', 'p-morning'], ['Afternoon', 'p-afternoon']]),
  defaultPeriodUuid: 'p-morning',
  defaultDueDate: '2016-08-02',
};

const header = 'phoneNumber|mobilePhoneNumber|firstName|lastName|company|description|dueDate|period';
const phone = fc.stringMatching(/^\+?[0-9]{4,12}$/);
const word = fc.stringMatching(/^[A-Za-z' ]{0,12}$/).map((s) => s.trim());
const date = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const row = fc.record({
  phoneNumber: fc.option(phone, { nil: '' }),
  mobilePhoneNumber: phone,
  firstName: word, lastName: word, company: word, description: word,
  dueDate: fc.option(date, { nil: '' }),
  period: fc.constantFrom('', 'Morning', 'Afternoon'),
});

describe('callback CSV import', () => {
  it('reads the documentation example, with the next day and the default period as defaults', () => {
    const result = parseCallbackCsv(
      `phoneNumber|mobilePhoneNumber|firstName|lastName|company|description|dueDate|Period
0230210092|0689746321|John|Doe|MyCompany|Call back quickly||
0587963214|0789654123|Alice|O'Neill|YourSociety||2016-08-01|Afternoon
`, context);
    expect(result).toEqual({ ok: true, rows: [
      { line: 2, phoneNumber: '0230210092', mobilePhoneNumber: '0689746321', firstName: 'John', lastName: 'Doe',
        company: 'MyCompany', description: 'Call back quickly', dueDate: '2016-08-02', periodUuid: 'p-morning' },
      { line: 3, phoneNumber: '0587963214', mobilePhoneNumber: '0789654123', firstName: 'Alice', lastName: "O'Neill",
        company: 'YourSociety', description: null, dueDate: '2016-08-01', periodUuid: 'p-afternoon' },
    ] });
  });

  it('any valid file reads back every field of every line (property)', () => {
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), fc.boolean(), (rows, crlf) => {
      const text = [header, ...rows.map((r) => Object.values(r).join('|'))].join(crlf ? '\r\n' : '\n');
      const result = parseCallbackCsv(text, context);
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(result.rows).toHaveLength(rows.length);
      result.rows.forEach((parsed, i) => {
        const r = rows[i];
        expect(parsed.line).toBe(i + 2);
        expect(parsed.phoneNumber).toBe(r.phoneNumber || null);
        expect(parsed.mobilePhoneNumber).toBe(r.mobilePhoneNumber);
        expect(parsed.lastName).toBe(r.lastName || null);
        expect(parsed.dueDate).toBe(r.dueDate || '2016-08-02');
        expect(parsed.periodUuid).toBe(r.period === 'Afternoon' ? 'p-afternoon' : 'p-morning');
      });
    }), { numRuns: 200 });
  });

  it('one bad line anywhere rejects the whole file and names that line (property)', () => {
    const badLine = fc.constantFrom(
      '||John|Doe||||', '0102|0102|a|b|c|d|2016-13-01|', '0102|0102|a|b|c|d||Night', 'abc|0102|a|b|c|d||', '0102|only three',
    );
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 10 }), fc.nat(), badLine, (rows, at, bad) => {
      const lines = rows.map((r) => Object.values(r).join('|'));
      const index = at % (lines.length + 1);
      lines.splice(index, 0, bad);
      const result = parseCallbackCsv([header, ...lines].join('\n'), context);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.map((p) => p.line)).toEqual(expect.arrayContaining([index + 2]));
    }), { numRuns: 200 });
  });

  it('rejects unknown or repeated header names and a header without any phone column', () => {
    const bad = (h: string) => (parseCallbackCsv(`${h}\n1|2\n`, context) as { problems: { line: number; message: string }[] }).problems;
    expect(bad('phone|name')[0]).toMatchObject({ line: 1, message: expect.stringContaining('unknown column "phone"') });
    expect(bad('phoneNumber|phoneNumber')[0].message).toContain('appears twice');
    expect(bad('firstName|lastName').map((p) => p.message)).toContain('the header needs a phoneNumber or a mobilePhoneNumber column');
    expect(parseCallbackCsv(header + '\n', context)).toMatchObject({ ok: false, problems: [{ message: 'the file holds no callback' }] });
    expect(parseCallbackCsv('phoneNumber\n0102\n', { ...context, defaultPeriodUuid: undefined }))
      .toMatchObject({ ok: false, problems: [{ line: 2, message: expect.stringContaining('no default period') }] });
  });

  it('exports tickets with separators and line breaks in values neutralised', () => {
    const csv = ticketsToCsv([{
      uuid: 't', requestUuid: 'r', listUuid: 'l', phoneNumber: '01', mobilePhoneNumber: null, firstName: 'A|B', lastName: null,
      company: null, description: 'two\nlines', dueDate: '2016-08-01', periodName: 'Morning', calledNumber: '01',
      startDate: '2016-08-01T09:00:00.000Z', lastUpdate: '2016-08-01T09:05:00.000Z', comment: null, status: 'Fax', agentId: 7,
    }]);
    const [head, line] = csv.trim().split('\n');
    expect(line.split('|')).toHaveLength(head.split('|').length);
    expect(line).toBe('t|r|l|01||A B|||two lines|2016-08-01|Morning|01|2016-08-01T09:00:00.000Z|2016-08-01T09:05:00.000Z||Fax|7');
  });
});
