import { type IsoDate, isIsoDate } from './calendarDate';

/**
 * Bankgirot's BgMax payment file, as PRODUCT.md ("Money that moves") lays it out: 80-character records,
 * the record kind in columns 1–2, columns counted from 1 and inclusive. A file is
 *
 *   01 start · (05 opening · (20|21 payment · 22–29 about it …)* · 15 deposit)* · 70 end
 *
 * Parsing either yields the whole file or the first problem in reading order, with its line number and
 * a Swedish message for the supervisor who uploaded it: a file is booked entirely or not at all, so there
 * is no partial result.
 *
 * Decisions the manual leaves to the reader:
 * - Short lines: editors and mail gateways strip trailing blanks, so a record shorter than 80 characters
 *   is padded with blanks, but only when everything it lacks is optional (each kind's `required` below:
 *   the last column of its last field we read). A record too short to hold its required fields is an
 *   error naming the line. A record longer than 80 is accepted only if the excess is blanks.
 * - Empty lines at the end of the file are ignored; an empty line between records is an error.
 * - A deposit's "number of payments" (72–79) counts its payment (20) and deduction (21) records, and its
 *   amount is the payments minus the deductions; extra-reference records (22, 23) carry references only.
 * - 25–29 are read where useful (the payer's name from 26) and never an error, wherever they stand in a
 *   section; 22/23 must follow a payment, because their references belong to it.
 */

export interface BgmaxExtraReference {
  reference: string;
  reference_code: string;
  /** Negative for a 23 (extra reference, minus). Informational: deposits are summed from 20 and 21. */
  amount_ore: number;
}

export interface BgmaxPayment {
  /** Line number of the 20/21 record in the file. */
  line: number;
  kind: 'payment' | 'deduction';
  /** Payer's bankgiro number without leading zeros, or null when the bank sent none. */
  payer_bankgiro: string | null;
  /** Columns 13–37 with the blanks around them removed (right- or left-aligned). */
  reference: string;
  /** Column 56: `2` is an OCR reference; other codes are free text or none (see ocrCandidates). */
  reference_code: string;
  /** Öre; negative for a deduction (21). */
  amount_ore: number;
  channel: string;
  /** Bankgirot's serial number of the payment (58–69). */
  serial: string;
  payer_name?: string;
  extra_references: BgmaxExtraReference[];
}

export interface BgmaxDeposit {
  line: number;
  account: string;
  payment_date: IsoDate;
  serial: string;
  amount_ore: number;
  /** Number of payment and deduction records in the section. */
  count: number;
}

export interface BgmaxSection {
  /** Line number of the opening (05) record. */
  line: number;
  bankgiro: string;
  currency: 'SEK';
  deposit: BgmaxDeposit;
  payments: BgmaxPayment[];
}

export interface BgmaxTotals {
  payments: number;
  deductions: number;
  extra_references: number;
  deposits: number;
  /** Sum of all deposits. */
  amount_ore: number;
}

export interface BgmaxFile {
  version: string;
  /** The file's creation time as Bankgirot wrote it (Swedish local time): `YYYY-MM-DDTHH:MM:SS.ffffff`. */
  timestamp: string;
  /** `T` in column 45: a test file that must not be booked as real money. */
  test: boolean;
  sections: BgmaxSection[];
  totals: BgmaxTotals;
}

export type BgmaxParseResult = { ok: true; file: BgmaxFile } | { ok: false; line: number; error: string };

export const BGMAX_RECORD_LENGTH = 80;
export const BGMAX_CURRENCY = 'SEK';

/** The record kinds of the manual, with their Swedish names and the last column we require. */
const RECORD_KINDS = {
  '01': { name: 'startpost', required: 45 },
  '05': { name: 'öppningspost', required: 25 },
  '20': { name: 'betalningspost', required: 69 },
  '21': { name: 'avdragspost', required: 69 },
  '22': { name: 'extra referensnummerpost', required: 56 },
  '23': { name: 'extra referensnummerpost (minus)', required: 56 },
  '25': { name: 'informationspost', required: 2 },
  '26': { name: 'namnpost', required: 2 },
  '27': { name: 'adresspost', required: 2 },
  '28': { name: 'ortpost', required: 2 },
  '29': { name: 'organisationsnummerpost', required: 2 },
  '15': { name: 'insättningspost', required: 79 },
  '70': { name: 'slutpost', required: 34 },
} as const;
type RecordKind = keyof typeof RECORD_KINDS;

const isRecordKind = (kind: string): kind is RecordKind => Object.prototype.hasOwnProperty.call(RECORD_KINDS, kind);
const label = (kind: RecordKind) => `${RECORD_KINDS[kind].name} (${kind})`;

class BgmaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Columns `from`–`to` of a record, counted from 1, inclusive. */
function columns(record: string, from: number, to: number): string {
  return record.slice(from - 1, to);
}

function kronor(ore: number): string {
  return `${(ore / 100).toFixed(2).replace('.', ',')} kr`;
}

/** Splits into lines (CRLF, LF or CR), drops a byte-order mark and the empty lines that end a file. */
function splitLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
}

/** One record, padded to 80 characters when what is missing is optional. */
function normalise(raw: string, line: number): { kind: RecordKind; record: string } {
  if (raw.trim() === '') throw new BgmaxError(line, `Rad ${line}: tom rad`);
  const kind = raw.slice(0, 2);
  if (!isRecordKind(kind)) throw new BgmaxError(line, `Rad ${line}: okänd posttyp "${kind}"`);
  let record = raw;
  if (record.length > BGMAX_RECORD_LENGTH) {
    if (record.slice(BGMAX_RECORD_LENGTH).trim() !== '') {
      throw new BgmaxError(line, `Rad ${line}: posten är ${record.length} tecken lång, en BgMax-post har ${BGMAX_RECORD_LENGTH}`);
    }
    record = record.slice(0, BGMAX_RECORD_LENGTH);
  }
  const { required } = RECORD_KINDS[kind];
  if (record.length < required) {
    throw new BgmaxError(
      line,
      `Rad ${line}: posten är för kort (${record.length} tecken); en ${label(kind)} behöver minst ${required} tecken`,
    );
  }
  return { kind, record: record.padEnd(BGMAX_RECORD_LENGTH, ' ') };
}

function amount(record: string, from: number, to: number, line: number, what: string): number {
  const text = columns(record, from, to);
  if (!/^\d+$/.test(text)) throw new BgmaxError(line, `Rad ${line}: ${what} i kolumn ${from}–${to} är inte siffror ("${text.trim()}")`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new BgmaxError(line, `Rad ${line}: ${what} i kolumn ${from}–${to} är för stort`);
  return value;
}

function yyyymmdd(text: string): IsoDate | null {
  if (!/^\d{8}$/.test(text)) return null;
  const date = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
  return isIsoDate(date) ? date : null;
}

function timestamp(text: string): string | null {
  const date = yyyymmdd(text.slice(0, 8));
  const m = /^(\d{2})(\d{2})(\d{2})(\d{6})$/.exec(text.slice(8));
  if (!date || !m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3]) > 59) return null;
  return `${date}T${m[1]}:${m[2]}:${m[3]}.${m[4]}`;
}

function bankgiro(text: string): string | null {
  const trimmed = text.trim();
  const number = /^\d+$/.test(trimmed) ? trimmed.replace(/^0+/, '') : trimmed;
  return number === '' ? null : number;
}

function currency(record: string, from: number, to: number, line: number): 'SEK' {
  const value = columns(record, from, to).trim();
  if (value !== BGMAX_CURRENCY) {
    throw new BgmaxError(line, `Rad ${line}: valutan är "${value}" i kolumn ${from}–${to}; bara ${BGMAX_CURRENCY} tas emot`);
  }
  return BGMAX_CURRENCY;
}

/** Columns 3–69 of a 20, 21, 22 or 23 record. */
function paymentFields(kind: '20' | '21' | '22' | '23', record: string, line: number) {
  const negative = kind === '21' || kind === '23';
  const ore = amount(record, 38, 55, line, 'beloppet');
  const code = columns(record, 56, 56);
  if (!/^\d$/.test(code)) throw new BgmaxError(line, `Rad ${line}: referenskoden i kolumn 56 är inte en siffra ("${code}")`);
  return {
    payer_bankgiro: bankgiro(columns(record, 3, 12)),
    reference: columns(record, 13, 37).trim(),
    amount_ore: negative ? -ore : ore,
    reference_code: code,
    channel: columns(record, 57, 57).trim(),
    serial: columns(record, 58, 69).trim(),
  };
}

interface OpenSection {
  line: number;
  bankgiro: string;
  payments: BgmaxPayment[];
}

/** Parses a decoded BgMax file (see decodeBgmax). Never throws for bad input: it answers the first problem. */
export function parseBgmax(text: string): BgmaxParseResult {
  try {
    return { ok: true, file: readFile(splitLines(text)) };
  } catch (err) {
    if (err instanceof BgmaxError) return { ok: false, line: err.line, error: err.message };
    throw err;
  }
}

function readFile(lines: string[]): BgmaxFile {
  if (lines.length === 0) throw new BgmaxError(1, 'Rad 1: filen är tom; en BgMax-fil börjar med en startpost (01)');
  let start: { version: string; timestamp: string; test: boolean } | null = null;
  let ended = false;
  let open: OpenSection | null = null;
  let lastPayment: BgmaxPayment | null = null;
  const sections: BgmaxSection[] = [];
  const counted = { payments: 0, deductions: 0, extra_references: 0, deposits: 0 };
  let totalOre = 0;

  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const { kind, record } = normalise(lines[index], line);
    if (ended) {
      throw new BgmaxError(
        line,
        kind === '70' ? `Rad ${line}: en andra slutpost (70)` : `Rad ${line}: ${label(kind)} efter slutposten (70)`,
      );
    }
    if (!start && kind !== '01') {
      throw new BgmaxError(line, `Rad ${line}: filen börjar inte med en startpost (01) utan med en ${label(kind)}`);
    }
    switch (kind) {
      case '01': {
        if (start) throw new BgmaxError(line, `Rad ${line}: en andra startpost (01)`);
        if (columns(record, 3, 22).trim() !== 'BGMAX') throw new BgmaxError(line, `Rad ${line}: startposten saknar "BGMAX" i kolumn 3–22`);
        const version = columns(record, 23, 24);
        if (!/^\d{2}$/.test(version))
          throw new BgmaxError(line, `Rad ${line}: versionen i kolumn 23–24 är inte två siffror ("${version}")`);
        const stamp = timestamp(columns(record, 25, 44));
        if (!stamp) throw new BgmaxError(line, `Rad ${line}: ogiltig tidsstämpel i kolumn 25–44 ("${columns(record, 25, 44).trim()}")`);
        const marker = columns(record, 45, 45);
        if (marker !== 'T' && marker !== 'P') {
          throw new BgmaxError(line, `Rad ${line}: testmarkeringen i kolumn 45 ska vara T (test) eller P (produktion), inte "${marker}"`);
        }
        start = { version, timestamp: stamp, test: marker === 'T' };
        continue;
      }
      case '05': {
        if (open) {
          throw new BgmaxError(
            line,
            `Rad ${line}: ny öppningspost (05) innan sektionen från rad ${open.line} avslutats med en insättningspost (15)`,
          );
        }
        currency(record, 23, 25, line);
        const recipient = bankgiro(columns(record, 3, 12));
        if (!recipient || !/^\d+$/.test(recipient)) {
          throw new BgmaxError(line, `Rad ${line}: mottagarens bankgironummer i kolumn 3–12 saknas eller är inte siffror`);
        }
        open = { line, bankgiro: recipient, payments: [] };
        lastPayment = null;
        continue;
      }
      case '20':
      case '21': {
        if (!open) throw new BgmaxError(line, `Rad ${line}: ${label(kind)} utanför en sektion (05 … 15)`);
        lastPayment = { line, kind: kind === '20' ? 'payment' : 'deduction', ...paymentFields(kind, record, line), extra_references: [] };
        open.payments.push(lastPayment);
        if (kind === '20') counted.payments += 1;
        else counted.deductions += 1;
        continue;
      }
      case '22':
      case '23': {
        if (!open || !lastPayment) throw new BgmaxError(line, `Rad ${line}: ${label(kind)} utan en betalningspost (20/21) före sig`);
        const { reference, reference_code, amount_ore } = paymentFields(kind, record, line);
        lastPayment.extra_references.push({ reference, reference_code, amount_ore });
        counted.extra_references += 1;
        continue;
      }
      case '26': {
        const name = columns(record, 3, 37).trim();
        if (lastPayment && name !== '') lastPayment.payer_name = name;
        continue;
      }
      case '25':
      case '27':
      case '28':
      case '29':
        continue;
      case '15': {
        if (!open) throw new BgmaxError(line, `Rad ${line}: insättningspost (15) utan öppningspost (05) före sig`);
        const paymentDate = yyyymmdd(columns(record, 38, 45));
        if (!paymentDate) throw new BgmaxError(line, `Rad ${line}: ogiltigt betalningsdatum i kolumn 38–45 ("${columns(record, 38, 45)}")`);
        const depositOre = amount(record, 51, 68, line, 'insättningsbeloppet');
        currency(record, 69, 71, line);
        const count = amount(record, 72, 79, line, 'antalet betalningar');
        if (count !== open.payments.length) {
          throw new BgmaxError(
            line,
            `Rad ${line}: insättningen anger ${count} betalningar men sektionen från rad ${open.line} har ${open.payments.length}`,
          );
        }
        const sum = open.payments.reduce((s, p) => s + p.amount_ore, 0);
        if (sum !== depositOre) {
          throw new BgmaxError(
            line,
            `Rad ${line}: insättningsbeloppet ${kronor(depositOre)} stämmer inte med betalningarnas summa ${kronor(sum)}`,
          );
        }
        sections.push({
          line: open.line,
          bankgiro: open.bankgiro,
          currency: BGMAX_CURRENCY,
          deposit: {
            line,
            account: columns(record, 3, 37).trim(),
            payment_date: paymentDate,
            serial: columns(record, 46, 50).trim(),
            amount_ore: depositOre,
            count,
          },
          payments: open.payments,
        });
        counted.deposits += 1;
        totalOre += depositOre;
        open = null;
        lastPayment = null;
        continue;
      }
      case '70': {
        if (open) {
          throw new BgmaxError(
            line,
            `Rad ${line}: slutpost (70) innan sektionen från rad ${open.line} avslutats med en insättningspost (15)`,
          );
        }
        const stated = [
          ['betalningsposter', 3, 10, counted.payments],
          ['avdragsposter', 11, 18, counted.deductions],
          ['extra referensnummerposter', 19, 26, counted.extra_references],
          ['insättningsposter', 27, 34, counted.deposits],
        ] as const;
        for (const [what, from, to, actual] of stated) {
          const value = amount(record, from, to, line, `antalet ${what}`);
          if (value !== actual) throw new BgmaxError(line, `Rad ${line}: slutposten anger ${value} ${what} men filen har ${actual}`);
        }
        ended = true;
        continue;
      }
    }
  }

  const last = lines.length;
  if (open) {
    throw new BgmaxError(last, `Rad ${last}: filen slutar innan sektionen från rad ${open.line} avslutats med en insättningspost (15)`);
  }
  if (!ended || !start) throw new BgmaxError(last, `Rad ${last}: filen slutar utan slutpost (70)`);
  return { ...start, sections, totals: { ...counted, amount_ore: totalOre } };
}

// ─── Bytes ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Text from the uploaded bytes: UTF-8 when the bytes are valid UTF-8 (a byte-order mark is dropped),
 * otherwise ISO-8859-1, Bankgirot's own encoding. Latin-1 text with Å, Ä or Ö is never valid UTF-8
 * (a lone byte above 0x7F is not a UTF-8 sequence), so the guess is safe for Swedish names.
 */
export function decodeBgmax(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeLatin1(bytes);
  }
}

/** ISO-8859-1 maps each byte to the code point of the same number (TextDecoder's 'latin1' is windows-1252). */
export function decodeLatin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}

/** ISO-8859-1 bytes of a text, as Bankgirot sends files; a character outside Latin-1 is a RangeError. */
export function encodeLatin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new RangeError(`"${text[i]}" cannot be written in ISO-8859-1`);
    bytes[i] = code;
  }
  return bytes;
}

// ─── Writing a file ──────────────────────────────────────────────────────────────────────────────

export interface BgmaxBuildPayment {
  reference: string;
  /** Default `2` (OCR). */
  reference_code?: string;
  /** Öre; a negative amount is written as a deduction (21). */
  amount_ore: number;
  /** Default: right-aligned for an OCR reference (code 2), left-aligned otherwise. */
  reference_align?: 'left' | 'right';
  payer_bankgiro?: string | null;
  payer_name?: string;
  /** Default `1`. */
  channel?: string;
  /** Default: a running number in the file. */
  serial?: string;
  extra_references?: Array<{ reference: string; reference_code?: string; amount_ore?: number }>;
}

export interface BgmaxBuildSection {
  /** The recipient's bankgiro number. */
  bankgiro: string;
  payment_date: IsoDate;
  /** Deposit serial (46–50); default the section's number in the file. */
  serial?: string;
  /** Recipient account (3–37); default the bankgiro number. */
  account?: string;
  payments: BgmaxBuildPayment[];
}

export interface BgmaxBuildInput {
  /** `YYYY-MM-DDTHH:MM:SS` with optional fraction (up to six digits). */
  timestamp: string;
  test?: boolean;
  /** Default `01`. */
  version?: string;
  sections: BgmaxBuildSection[];
  /** Default CRLF, as Bankgirot writes files. */
  line_end?: '\r\n' | '\n';
}

/** `value` placed in columns `from`–`to`, left-aligned with blanks or right-aligned with `fill`. */
function fit(value: string, from: number, to: number, align: 'left' | 'right' = 'left', fill = ' '): string {
  const width = to - from + 1;
  if (value.length > width) throw new RangeError(`"${value}" does not fit in columns ${from}–${to}`);
  return align === 'left' ? value.padEnd(width, ' ') : value.padStart(width, fill);
}

const digitsIn = (ore: number, from: number, to: number) => {
  if (!Number.isSafeInteger(ore) || ore < 0) throw new RangeError(`Amount must be whole öre, got ${ore}`);
  return fit(String(ore), from, to, 'right', '0');
};

/** A record from its fields in column order; each starts where the previous ended. */
function record(kind: string, ...fields: string[]): string {
  return `${kind}${fields.join('')}`.padEnd(BGMAX_RECORD_LENGTH, ' ');
}

function paymentRecord(kind: '20' | '21' | '22' | '23', p: BgmaxBuildPayment, serial: string): string {
  const code = p.reference_code ?? '2';
  const align = p.reference_align ?? (code === '2' ? 'right' : 'left');
  return record(
    kind,
    fit(p.payer_bankgiro ?? '', 3, 12, 'right', '0'),
    fit(p.reference, 13, 37, align),
    digitsIn(Math.abs(p.amount_ore), 38, 55),
    fit(code, 56, 56),
    fit(p.channel ?? '1', 57, 57),
    fit(serial, 58, 69, 'right', '0'),
  );
}

/**
 * A BgMax file holding the given payments, for demo data, benchmarks and tests: the deposits, counts
 * and sums are computed so that parseBgmax reads it back as given.
 */
export function buildBgmax(input: BgmaxBuildInput): string {
  const stamp = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(input.timestamp);
  if (!stamp) throw new RangeError(`Timestamp must be YYYY-MM-DDTHH:MM:SS[.ffffff], got ${input.timestamp}`);
  const stampDigits = `${stamp.slice(1, 7).join('')}${(stamp[7] ?? '').padEnd(6, '0')}`;
  const lines = [record('01', fit('BGMAX', 3, 22), fit(input.version ?? '01', 23, 24), stampDigits, input.test ? 'T' : 'P')];
  const counts = { payments: 0, deductions: 0, extra: 0 };
  let running = 0;
  input.sections.forEach((section, sectionIndex) => {
    if (!isIsoDate(section.payment_date)) throw new RangeError(`Payment date must be YYYY-MM-DD, got ${section.payment_date}`);
    lines.push(record('05', fit(section.bankgiro, 3, 12, 'right', '0'), fit('', 13, 22), BGMAX_CURRENCY));
    let sum = 0;
    for (const p of section.payments) {
      running += 1;
      const deduction = p.amount_ore < 0;
      lines.push(paymentRecord(deduction ? '21' : '20', p, p.serial ?? String(running)));
      if (deduction) counts.deductions += 1;
      else counts.payments += 1;
      sum += p.amount_ore;
      for (const extra of p.extra_references ?? []) {
        const extraOre = extra.amount_ore ?? 0;
        lines.push(
          paymentRecord(
            extraOre < 0 ? '23' : '22',
            {
              ...p,
              reference: extra.reference,
              reference_code: extra.reference_code ?? '2',
              amount_ore: extraOre,
              reference_align: undefined,
            },
            p.serial ?? String(running),
          ),
        );
        counts.extra += 1;
      }
      if (p.payer_name !== undefined) lines.push(record('26', fit(p.payer_name, 3, 37)));
    }
    lines.push(
      record(
        '15',
        fit(section.account ?? section.bankgiro, 3, 37, 'right', '0'),
        section.payment_date.replace(/-/g, ''),
        fit(section.serial ?? String(sectionIndex + 1), 46, 50, 'right', '0'),
        digitsIn(sum, 51, 68),
        BGMAX_CURRENCY,
        digitsIn(section.payments.length, 72, 79),
      ),
    );
  });
  lines.push(
    record(
      '70',
      digitsIn(counts.payments, 3, 10),
      digitsIn(counts.deductions, 11, 18),
      digitsIn(counts.extra, 19, 26),
      digitsIn(input.sections.length, 27, 34),
    ),
  );
  const end = input.line_end ?? '\r\n';
  return lines.join(end) + end;
}
