import { z } from 'zod';
import type { CallbackContact, CallbackTicket } from '../domain/callback.js';

/**
 * The callback CSV of the product documentation (§1.3.1): `|`-separated, a header line naming the
 * columns with their exact field names, one request per line. Pure: no database, no clock.
 */
export const callbackCsvFields = [
  'phoneNumber', 'mobilePhoneNumber', 'firstName', 'lastName', 'company', 'description', 'dueDate', 'period',
] as const;
type CsvField = (typeof callbackCsvFields)[number];

/** One request read from the file, with defaults applied and the period resolved. */
export interface CsvCallbackRow extends CallbackContact {
  line: number;
  dueDate: string;
  periodUuid: string;
}

export interface CsvProblem {
  /** 1-based line number in the file (1 is the header). */
  line: number;
  message: string;
}

export interface CsvContext {
  /** Period uuid by name. */
  periodsByName: ReadonlyMap<string, string>;
  /** Used when a line names no period; absent: such a line is an error. */
  defaultPeriodUuid: string | undefined;
  /** `YYYY-MM-DD` used when a line has no due date: the next day. */
  defaultDueDate: string;
}

const phone = z.string().max(40).regex(/^\+?[0-9][0-9 .\-()]*$/, 'must be a phone number (digits, optional leading +)');
const text = z.string().max(1_000);
const isoDate = z.iso.date('must be an ISO date YYYY-MM-DD');

/** The product documentation's own example writes the last header `Period`; both spellings are accepted. */
const headerName = (raw: string): CsvField | undefined => {
  const name = raw.trim();
  if (name === 'Period') return 'period';
  return (callbackCsvFields as readonly string[]).includes(name) ? (name as CsvField) : undefined;
};

/** Parses a whole file; any problem rejects it whole, each problem with its line number. */
export function parseCallbackCsv(
  content: string,
  context: CsvContext,
): { ok: true; rows: CsvCallbackRow[] } | { ok: false; problems: CsvProblem[] } {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: CsvProblem[] = [];
  const header = lines[0]?.split('|') ?? [];
  const columns = header.map(headerName);
  header.forEach((raw, i) => {
    if (columns[i] === undefined) {
      problems.push({ line: 1, message: `unknown column "${raw}"; expected ${callbackCsvFields.join('|')}` });
    } else if (columns.indexOf(columns[i]) !== i) {
      problems.push({ line: 1, message: `column "${raw}" appears twice` });
    }
  });
  if (!columns.includes('phoneNumber') && !columns.includes('mobilePhoneNumber')) {
    problems.push({ line: 1, message: 'the header needs a phoneNumber or a mobilePhoneNumber column' });
  }
  if (problems.length) return { ok: false, problems };

  const rows: CsvCallbackRow[] = [];
  lines.slice(1).forEach((raw, index) => {
    const line = index + 2;
    if (raw.trim() === '') return;
    const cells = raw.split('|');
    if (cells.length !== columns.length) {
      problems.push({ line, message: `${cells.length} fields, the header has ${columns.length}` });
      return;
    }
    const value = (field: CsvField): string | null => {
      const i = columns.indexOf(field);
      const v = i < 0 ? '' : cells[i].trim();
      return v === '' ? null : v;
    };
    const lineProblems: string[] = [];
    const check = <T>(field: CsvField, schema: z.ZodType<T>): void => {
      const v = value(field);
      if (v === null) return;
      const result = schema.safeParse(v);
      if (!result.success) lineProblems.push(`${field}: ${result.error.issues[0]?.message ?? 'invalid'}`);
    };
    check('phoneNumber', phone);
    check('mobilePhoneNumber', phone);
    for (const f of ['firstName', 'lastName', 'company', 'description'] as const) check(f, text);
    check('dueDate', isoDate);
    if (value('phoneNumber') === null && value('mobilePhoneNumber') === null) {
      lineProblems.push('phoneNumber or mobilePhoneNumber is required');
    }
    const periodName = value('period');
    const periodUuid = periodName === null ? context.defaultPeriodUuid : context.periodsByName.get(periodName);
    if (periodUuid === undefined) {
      lineProblems.push(periodName === null ? 'no period given and no default period is defined' : `period: unknown period "${periodName}"`);
    }
    if (lineProblems.length) {
      for (const message of lineProblems) problems.push({ line, message });
      return;
    }
    rows.push({
      line,
      phoneNumber: value('phoneNumber'),
      mobilePhoneNumber: value('mobilePhoneNumber'),
      firstName: value('firstName'),
      lastName: value('lastName'),
      company: value('company'),
      description: value('description'),
      dueDate: value('dueDate') ?? context.defaultDueDate,
      periodUuid: periodUuid!,
    });
  });
  if (rows.length === 0 && problems.length === 0) problems.push({ line: 2, message: 'the file holds no callback' });
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}

export const ticketCsvFields = [
  'uuid', 'requestUuid', 'listUuid', 'phoneNumber', 'mobilePhoneNumber', 'firstName', 'lastName', 'company',
  'description', 'dueDate', 'period', 'calledNumber', 'startDate', 'lastUpdate', 'comment', 'status', 'agentId',
] as const;

/** `|` and line breaks inside a value would break the format; they become spaces. */
const cell = (v: string | number | null): string => (v === null ? '' : String(v).replace(/[|\r\n]+/g, ' '));

/** The tickets of a list as a CSV in the same `|`-separated style as the import. */
export function ticketsToCsv(tickets: readonly CallbackTicket[]): string {
  const rows = tickets.map((t) =>
    [t.uuid, t.requestUuid, t.listUuid, t.phoneNumber, t.mobilePhoneNumber, t.firstName, t.lastName, t.company,
      t.description, t.dueDate, t.periodName, t.calledNumber, t.startDate, t.lastUpdate, t.comment, t.status, t.agentId]
      .map(cell).join('|'));
  return [ticketCsvFields.join('|'), ...rows].join('\n') + '\n';
}
