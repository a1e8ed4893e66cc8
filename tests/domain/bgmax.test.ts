import {
  type BgmaxBuildInput,
  buildBgmax,
  decodeBgmax,
  encodeLatin1,
  parseBgmax,
  type BgmaxParseResult,
} from '../../server/src/domain/bgmax';

/**
 * Files are written by hand here, field by field at the columns PRODUCT.md gives, so that the parser is
 * checked against the layout and not against our own writer.
 */
type Field = [from: number, to: number, value: string, align?: 'left' | 'right' | 'zeros'];

/** One 80-character record: the kind in 1–2, each field placed in its columns. */
function row(kind: string, ...fields: Field[]): string {
  const chars = `${kind}${' '.repeat(78)}`.split('');
  for (const [from, to, value, align = 'left'] of fields) {
    const width = to - from + 1;
    if (value.length > width) throw new Error(`${value} does not fit ${from}–${to}`);
    const text = align === 'left' ? value.padEnd(width) : value.padStart(width, align === 'zeros' ? '0' : ' ');
    chars.splice(from - 1, width, ...text.split(''));
  }
  return chars.join('');
}

const start = (marker = 'P', stamp = '20261201061502123456') =>
  row('01', [3, 22, 'BGMAX'], [23, 24, '01'], [25, 44, stamp], [45, 45, marker]);
const opening = (bankgiro = '9912346', currency = 'SEK') => row('05', [3, 12, bankgiro, 'zeros'], [23, 25, currency]);
function pay(
  kind: '20' | '21' | '22' | '23',
  reference: string,
  ore: number | string,
  options: { code?: string; align?: 'left' | 'right'; serial?: string; payer?: string } = {},
) {
  return row(
    kind,
    [3, 12, options.payer ?? '5555555', 'zeros'],
    [13, 37, reference, options.align ?? 'right'],
    [38, 55, String(ore), 'zeros'],
    [56, 56, options.code ?? '2'],
    [57, 57, '1'],
    [58, 69, options.serial ?? '000000000001'],
  );
}
const name = (text: string) => row('26', [3, 37, text]);
function deposit(ore: number | string, count: number | string, options: { date?: string; currency?: string; serial?: string } = {}) {
  return row(
    '15',
    [3, 37, '99123460', 'zeros'],
    [38, 45, options.date ?? '20261201'],
    [46, 50, options.serial ?? '00001'],
    [51, 68, String(ore), 'zeros'],
    [69, 71, options.currency ?? 'SEK'],
    [72, 79, String(count), 'zeros'],
  );
}
const end = (payments: number, deductions: number, extra: number, deposits: number) =>
  row(
    '70',
    [3, 10, String(payments), 'zeros'],
    [11, 18, String(deductions), 'zeros'],
    [19, 26, String(extra), 'zeros'],
    [27, 34, String(deposits), 'zeros'],
  );

/** The recipient's account as the deposit record writes it: 35 digits, zero-filled. */
const ACCOUNT = '99123460'.padStart(35, '0');

const file = (...lines: string[]) => lines.join('\n') + '\n';
const error = (result: BgmaxParseResult) => (result.ok ? 'ok' : [result.line, result.error]);

/** Two sections: OCR payments right- and left-aligned, a deduction, extra references, name and address records. */
const VALID = [
  start(), //                                                             1
  opening(), //                                                           2
  pay('20', '50000181', 14900, { serial: '000000000011' }), //            3
  name('Anna Andersson'), //                                              4
  row('27', [3, 37, 'Storgatan 1'], [38, 46, '11122']), //               5
  row('28', [3, 37, 'Stockholm']), //                                     6
  pay('20', 'Faktnr 50000280', 5000, { code: '3', align: 'left', serial: '000000000012' }), // 7
  pay('22', '50000389', 0, { serial: '000000000012' }), //               8
  pay('23', '50000488', 100, { serial: '000000000012' }), //             9
  row('25', [3, 52, 'Betalning avser två fakturor']), //                 10
  row('29', [3, 14, '5560000001']), //                                   11
  pay('21', '50000181', 2000, { serial: '000000000013' }), //            12
  deposit(14900 + 5000 - 2000, 3), //                                   13
  opening(), //                                                          14
  pay('20', '  50000587', 29800, { align: 'left', serial: '000000000021' }), // 15
  deposit(29800, 1, { date: '20261202', serial: '00002' }), //           16
  end(3, 1, 2, 2), //                                                    17
];

describe('a valid BgMax file', () => {
  test('is read whole: header, two sections with their deposits, payments, deductions, extra references and names', () => {
    const result = parseBgmax(file(...VALID));
    expect(result).toEqual({
      ok: true,
      file: {
        version: '01',
        timestamp: '2026-12-01T06:15:02.123456',
        test: false,
        sections: [
          {
            line: 2,
            bankgiro: '9912346',
            currency: 'SEK',
            deposit: {
              line: 13,
              account: ACCOUNT,
              payment_date: '2026-12-01',
              serial: '00001',
              amount_ore: 17900,
              count: 3,
            },
            payments: [
              {
                line: 3,
                kind: 'payment',
                payer_bankgiro: '5555555',
                reference: '50000181',
                reference_code: '2',
                amount_ore: 14900,
                channel: '1',
                serial: '000000000011',
                payer_name: 'Anna Andersson',
                extra_references: [],
              },
              {
                line: 7,
                kind: 'payment',
                payer_bankgiro: '5555555',
                reference: 'Faktnr 50000280',
                reference_code: '3',
                amount_ore: 5000,
                channel: '1',
                serial: '000000000012',
                extra_references: [
                  { reference: '50000389', reference_code: '2', amount_ore: 0 },
                  { reference: '50000488', reference_code: '2', amount_ore: -100 },
                ],
              },
              {
                line: 12,
                kind: 'deduction',
                payer_bankgiro: '5555555',
                reference: '50000181',
                reference_code: '2',
                amount_ore: -2000,
                channel: '1',
                serial: '000000000013',
                extra_references: [],
              },
            ],
          },
          {
            line: 14,
            bankgiro: '9912346',
            currency: 'SEK',
            deposit: {
              line: 16,
              account: ACCOUNT,
              payment_date: '2026-12-02',
              serial: '00002',
              amount_ore: 29800,
              count: 1,
            },
            payments: [expect.objectContaining({ line: 15, reference: '50000587', amount_ore: 29800 })],
          },
        ],
        totals: { payments: 3, deductions: 1, extra_references: 2, deposits: 2, amount_ore: 47700 },
      },
    });
  });

  test.each([
    ['LF line ends', VALID.join('\n')],
    ['CRLF line ends', VALID.join('\r\n') + '\r\n'],
    ['CR line ends', VALID.join('\r')],
    ['empty lines after the end record', file(...VALID) + '\n\n   \n'],
    ['a UTF-8 byte-order mark', '\uFEFF' + file(...VALID)],
    ['trailing blanks trimmed from every record', file(...VALID.map((l) => l.trimEnd()))],
    ['records padded beyond 80 with blanks', file(...VALID.map((l) => `${l}   `))],
  ])('reads the same with %s', (_what, text) => {
    expect(parseBgmax(text)).toEqual(parseBgmax(file(...VALID)));
  });

  test.each([
    ['T', true],
    ['P', false],
  ])('test marker %s means test = %s', (marker, test) => {
    const result = parseBgmax(file(start(marker), end(0, 0, 0, 0)));
    expect(result.ok && result.file.test).toBe(test);
  });

  test('a file with no sections is valid and empty', () => {
    expect(parseBgmax(file(start(), end(0, 0, 0, 0)))).toMatchObject({
      ok: true,
      file: { sections: [], totals: { payments: 0, deductions: 0, extra_references: 0, deposits: 0, amount_ore: 0 } },
    });
  });
});

describe('encodings: the caller decodes bytes with decodeBgmax', () => {
  const withName = (payer: string) =>
    file(start(), opening(), pay('20', '50000181', 14900), name(payer), deposit(14900, 1), end(1, 0, 0, 1));
  const payerName = (text: string) => {
    const result = parseBgmax(text);
    return result.ok ? result.file.sections[0].payments[0].payer_name : result.error;
  };

  test.each([['Åsa Öberg-Ärlig'], ['Örjan Ängström'], ['Ebba Müller Ådahl']])(
    'ISO-8859-1 bytes with %s decode to the same name',
    (payer) => {
      const bytes = encodeLatin1(withName(payer));
      expect(bytes.length).toBe(withName(payer).length); // one byte per character: Latin-1, not UTF-8
      expect(payerName(decodeBgmax(bytes))).toBe(payer);
    },
  );

  test('UTF-8 bytes decode as UTF-8, with or without a byte-order mark', () => {
    const utf8 = new TextEncoder().encode(withName('Åsa Öberg-Ärlig'));
    expect(payerName(decodeBgmax(utf8))).toBe('Åsa Öberg-Ärlig');
    expect(payerName(decodeBgmax(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])))).toBe('Åsa Öberg-Ärlig');
  });

  test('ISO-8859-1 is byte for byte, also where windows-1252 differs (0x80–0x9F)', () => {
    expect(decodeBgmax(new Uint8Array([0x41, 0x80, 0xc5]))).toBe('A\u0080Å');
  });

  test('a character outside Latin-1 cannot be encoded', () => {
    expect(() => encodeLatin1('€')).toThrow(RangeError);
  });
});

describe('a malformed file is refused with the line and a Swedish message', () => {
  const section = (...lines: string[]) => [start(), opening(), ...lines];
  test.each([
    ['an empty file', '', [1, 'Rad 1: filen är tom; en BgMax-fil börjar med en startpost (01)']],
    ['a file of blank lines', '\r\n\r\n', [1, 'Rad 1: filen är tom; en BgMax-fil börjar med en startpost (01)']],
    ['an unknown record kind', file(start(), row('99'), end(0, 0, 0, 0)), [2, 'Rad 2: okänd posttyp "99"']],
    ['a kind the manual does not have (24)', file(...section(row('24'))), [3, 'Rad 3: okänd posttyp "24"']],
    ['letters for a kind', file(start(), 'XY hello'), [2, 'Rad 2: okänd posttyp "XY"']],
    [
      'no start record',
      file(opening(), deposit(0, 0), end(0, 0, 1, 1)),
      [1, 'Rad 1: filen börjar inte med en startpost (01) utan med en öppningspost (05)'],
    ],
    ['a second start record', file(start(), start(), end(0, 0, 0, 0)), [2, 'Rad 2: en andra startpost (01)']],
    ['no end record', file(start(), opening(), deposit(0, 0)), [3, 'Rad 3: filen slutar utan slutpost (70)']],
    ['a second end record', file(start(), end(0, 0, 0, 0), end(0, 0, 0, 0)), [3, 'Rad 3: en andra slutpost (70)']],
    ['a record after the end', file(start(), end(0, 0, 0, 0), opening()), [3, 'Rad 3: öppningspost (05) efter slutposten (70)']],
    ['an empty line between records', file(start(), '', end(0, 0, 0, 0)), [2, 'Rad 2: tom rad']],
    [
      'no BGMAX in the start record',
      file(row('01', [3, 22, 'BGMIN'], [23, 24, '01'], [25, 44, '20261201061502123456'], [45, 45, 'P'])),
      [1, 'Rad 1: startposten saknar "BGMAX" i kolumn 3–22'],
    ],
    [
      'a test marker that is neither T nor P',
      file(start('X'), end(0, 0, 0, 0)),
      [1, 'Rad 1: testmarkeringen i kolumn 45 ska vara T (test) eller P (produktion), inte "X"'],
    ],
    [
      'an impossible timestamp',
      file(start('P', '20261301061502123456')),
      [1, 'Rad 1: ogiltig tidsstämpel i kolumn 25–44 ("20261301061502123456")'],
    ],
    [
      'a payment before any opening record',
      file(start(), pay('20', '50000181', 100), end(1, 0, 0, 0)),
      [2, 'Rad 2: betalningspost (20) utanför en sektion (05 … 15)'],
    ],
    [
      'a payment after its section closed',
      file(...section(deposit(0, 0)), pay('20', '50000181', 100), end(1, 0, 0, 1)),
      [4, 'Rad 4: betalningspost (20) utanför en sektion (05 … 15)'],
    ],
    [
      'a deduction outside a section',
      file(start(), pay('21', '50000181', 100)),
      [2, 'Rad 2: avdragspost (21) utanför en sektion (05 … 15)'],
    ],
    [
      'an extra reference without a payment',
      file(...section(pay('22', '50000181', 0))),
      [3, 'Rad 3: extra referensnummerpost (22) utan en betalningspost (20/21) före sig'],
    ],
    [
      'a deposit without an opening record',
      file(start(), deposit(0, 0)),
      [2, 'Rad 2: insättningspost (15) utan öppningspost (05) före sig'],
    ],
    [
      'an opening record inside an open section',
      file(...section(opening())),
      [3, 'Rad 3: ny öppningspost (05) innan sektionen från rad 2 avslutats med en insättningspost (15)'],
    ],
    [
      'an end record inside an open section',
      file(...section(end(0, 0, 0, 0))),
      [3, 'Rad 3: slutpost (70) innan sektionen från rad 2 avslutats med en insättningspost (15)'],
    ],
    [
      'the file ending inside a section',
      file(...section(pay('20', '50000181', 100))),
      [3, 'Rad 3: filen slutar innan sektionen från rad 2 avslutats med en insättningspost (15)'],
    ],
    ['an opening in euro', file(start(), opening('9912346', 'EUR')), [2, 'Rad 2: valutan är "EUR" i kolumn 23–25; bara SEK tas emot']],
    [
      'a deposit in euro',
      file(...section(deposit(0, 0, { currency: 'EUR' }))),
      [3, 'Rad 3: valutan är "EUR" i kolumn 69–71; bara SEK tas emot'],
    ],
    [
      'letters in an amount',
      file(...section(pay('20', '50000181', '149,00'))),
      [3, 'Rad 3: beloppet i kolumn 38–55 är inte siffror ("000000000000149,00")'],
    ],
    [
      'a blank amount',
      file(...section(row('20', [13, 37, '50000181'], [56, 56, '2'], [58, 69, '1']))),
      [3, 'Rad 3: beloppet i kolumn 38–55 är inte siffror ("")'],
    ],
    [
      'a negative sign in a deduction',
      file(...section(pay('21', '50000181', '-100'))),
      [3, 'Rad 3: beloppet i kolumn 38–55 är inte siffror ("00000000000000-100")'],
    ],
    [
      'letters in a deposit amount',
      file(...section(deposit('12x', 0))),
      [3, 'Rad 3: insättningsbeloppet i kolumn 51–68 är inte siffror ("00000000000000012x")'],
    ],
    [
      'a reference code that is not a digit',
      file(...section(pay('20', '50000181', 100, { code: 'X' }))),
      [3, 'Rad 3: referenskoden i kolumn 56 är inte en siffra ("X")'],
    ],
    [
      'an impossible payment date',
      file(...section(deposit(0, 0, { date: '20261131' }))),
      [3, 'Rad 3: ogiltigt betalningsdatum i kolumn 38–45 ("20261131")'],
    ],
    [
      'a payment date with letters',
      file(...section(deposit(0, 0, { date: '2026120X' }))),
      [3, 'Rad 3: ogiltigt betalningsdatum i kolumn 38–45 ("2026120X")'],
    ],
  ])('%s', (_what, text, expected) => {
    expect(error(parseBgmax(text))).toEqual(expected);
  });
});

describe('counts and sums must agree', () => {
  const payments = [pay('20', '50000181', 14900), pay('20', '50000280', 5000), pay('21', '50000181', 900)];
  test.each([
    [
      'a deposit stating too few payments',
      [deposit(19000, 2), end(2, 1, 0, 1)],
      [6, 'Rad 6: insättningen anger 2 betalningar men sektionen från rad 2 har 3'],
    ],
    [
      'a deposit stating too many payments',
      [deposit(19000, 4), end(2, 1, 0, 1)],
      [6, 'Rad 6: insättningen anger 4 betalningar men sektionen från rad 2 har 3'],
    ],
    [
      'a deposit amount that is not payments minus deductions',
      [deposit(20800, 3), end(2, 1, 0, 1)],
      [6, 'Rad 6: insättningsbeloppet 208,00 kr stämmer inte med betalningarnas summa 190,00 kr'],
    ],
    [
      'an end record with the wrong number of payment records',
      [deposit(19000, 3), end(3, 1, 0, 1)],
      [7, 'Rad 7: slutposten anger 3 betalningsposter men filen har 2'],
    ],
    [
      'an end record with the wrong number of deductions',
      [deposit(19000, 3), end(2, 0, 0, 1)],
      [7, 'Rad 7: slutposten anger 0 avdragsposter men filen har 1'],
    ],
    [
      'an end record with the wrong number of extra references',
      [deposit(19000, 3), end(2, 1, 1, 1)],
      [7, 'Rad 7: slutposten anger 1 extra referensnummerposter men filen har 0'],
    ],
    [
      'an end record with the wrong number of deposits',
      [deposit(19000, 3), end(2, 1, 0, 2)],
      [7, 'Rad 7: slutposten anger 2 insättningsposter men filen har 1'],
    ],
  ])('%s', (_what, closing, expected) => {
    expect(error(parseBgmax(file(start(), opening(), ...payments, ...(closing as string[]))))).toEqual(expected);
  });

  test('the counts and sum that agree are accepted', () => {
    expect(parseBgmax(file(start(), opening(), ...payments, deposit(19000, 3), end(2, 1, 0, 1))).ok).toBe(true);
  });
});

describe('short lines: padded when only optional blanks are missing, refused when a required field is cut', () => {
  const cut = (record: string, length: number) => record.slice(0, length);
  const base = (payment: string, closing = deposit(14900, 1)) => file(start(), opening(), payment, closing, end(1, 0, 0, 1));

  test.each([
    ['a payment cut after its serial (69)', base(cut(pay('20', '50000181', 14900), 69))],
    ['a deposit cut after its number of payments (79)', base(pay('20', '50000181', 14900), cut(deposit(14900, 1), 79))],
    ['a start record cut after the test marker (45)', file(cut(start(), 45), end(0, 0, 0, 0))],
    ['an opening record cut after the currency (25)', file(start(), cut(opening(), 25), deposit(0, 0), end(0, 0, 0, 1))],
    ['an end record cut after the deposit count (34)', file(start(), cut(end(0, 0, 0, 0), 34))],
    [
      'a name record holding only its kind',
      file(start(), opening(), pay('20', '50000181', 14900), '26', deposit(14900, 1), end(1, 0, 0, 1)),
    ],
  ])('%s is read', (_what, text) => {
    expect(error(parseBgmax(text))).toBe('ok');
  });

  test.each([
    [
      'a payment cut inside its amount',
      base(cut(pay('20', '50000181', 14900), 50)),
      [3, 'Rad 3: posten är för kort (50 tecken); en betalningspost (20) behöver minst 69 tecken'],
    ],
    [
      'a payment cut inside its serial',
      base(cut(pay('20', '50000181', 14900), 68)),
      [3, 'Rad 3: posten är för kort (68 tecken); en betalningspost (20) behöver minst 69 tecken'],
    ],
    [
      'a deposit cut inside its number of payments',
      base(pay('20', '50000181', 14900), cut(deposit(14900, 1), 75)),
      [4, 'Rad 4: posten är för kort (75 tecken); en insättningspost (15) behöver minst 79 tecken'],
    ],
    [
      'a start record without its test marker',
      file(cut(start(), 44)),
      [1, 'Rad 1: posten är för kort (44 tecken); en startpost (01) behöver minst 45 tecken'],
    ],
    [
      'an end record cut inside its counts',
      file(start(), cut(end(0, 0, 0, 0), 30)),
      [2, 'Rad 2: posten är för kort (30 tecken); en slutpost (70) behöver minst 34 tecken'],
    ],
    ['a record longer than 80 with text beyond', file(`${start()}X`), [1, 'Rad 1: posten är 81 tecken lång, en BgMax-post har 80']],
  ])('%s', (_what, text, expected) => {
    expect(error(parseBgmax(text))).toEqual(expected);
  });
});

describe('buildBgmax writes files that parse back to what was given', () => {
  const input: BgmaxBuildInput = {
    timestamp: '2026-12-01T06:15:02.5',
    sections: [
      {
        bankgiro: '9912346',
        payment_date: '2026-12-01',
        payments: [
          { reference: '50000181', amount_ore: 14900, payer_name: 'Åsa Öberg' },
          { reference: 'Faktnr 50000280', reference_code: '3', amount_ore: 5000, extra_references: [{ reference: '50000389' }] },
          { reference: '50000181', amount_ore: -2000, payer_bankgiro: '1234567' },
        ],
      },
      {
        bankgiro: '9912346',
        payment_date: '2026-12-02',
        payments: [{ reference: '50000587', amount_ore: 29800, reference_align: 'left' }],
      },
      { bankgiro: '9912346', payment_date: '2026-12-03', payments: [] },
    ],
  };

  test('every record is 80 characters, lines end in CRLF', () => {
    const text = buildBgmax(input);
    expect(text.endsWith('\r\n')).toBe(true);
    for (const line of text.split('\r\n').slice(0, -1)) expect(line).toHaveLength(80);
  });

  test('parse(build(x)) gives back the sections, payments, deposits and totals', () => {
    const result = parseBgmax(buildBgmax(input));
    if (!result.ok) throw new Error(result.error);
    expect(result.file.timestamp).toBe('2026-12-01T06:15:02.500000');
    expect(result.file.test).toBe(false);
    expect(
      result.file.sections.map((s) => ({
        bankgiro: s.bankgiro,
        payment_date: s.deposit.payment_date,
        payments: s.payments.map((p) => ({
          reference: p.reference,
          reference_code: p.reference_code,
          amount_ore: p.amount_ore,
          kind: p.kind,
          payer_name: p.payer_name,
          payer_bankgiro: p.payer_bankgiro,
          extra: p.extra_references.map((e) => e.reference),
        })),
      })),
    ).toEqual([
      {
        bankgiro: '9912346',
        payment_date: '2026-12-01',
        payments: [
          {
            reference: '50000181',
            reference_code: '2',
            amount_ore: 14900,
            kind: 'payment',
            payer_name: 'Åsa Öberg',
            payer_bankgiro: null,
            extra: [],
          },
          {
            reference: 'Faktnr 50000280',
            reference_code: '3',
            amount_ore: 5000,
            kind: 'payment',
            payer_name: undefined,
            payer_bankgiro: null,
            extra: ['50000389'],
          },
          {
            reference: '50000181',
            reference_code: '2',
            amount_ore: -2000,
            kind: 'deduction',
            payer_name: undefined,
            payer_bankgiro: '1234567',
            extra: [],
          },
        ],
      },
      {
        bankgiro: '9912346',
        payment_date: '2026-12-02',
        payments: [
          {
            reference: '50000587',
            reference_code: '2',
            amount_ore: 29800,
            kind: 'payment',
            payer_name: undefined,
            payer_bankgiro: null,
            extra: [],
          },
        ],
      },
      { bankgiro: '9912346', payment_date: '2026-12-03', payments: [] },
    ]);
    expect(result.file.totals).toEqual({ payments: 3, deductions: 1, extra_references: 1, deposits: 3, amount_ore: 17900 + 29800 });
  });

  test('a test file round-trips its marker, and LF line ends can be asked for', () => {
    const text = buildBgmax({ ...input, test: true, line_end: '\n' });
    expect(text).not.toContain('\r');
    const result = parseBgmax(text);
    expect(result.ok && result.file.test).toBe(true);
  });

  test('10 000 payments round-trip in one section', () => {
    const payments = Array.from({ length: 10_000 }, (_, i) => ({ reference: String(50000000 + i), amount_ore: 100 + i }));
    const result = parseBgmax(
      buildBgmax({ timestamp: '2026-12-01T06:00:00', sections: [{ bankgiro: '9912346', payment_date: '2026-12-01', payments }] }),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.file.sections[0].payments).toHaveLength(10_000);
    expect(result.file.totals.amount_ore).toBe(payments.reduce((s, p) => s + p.amount_ore, 0));
  });

  test.each([
    ['a reference longer than 25 characters', { reference: '1'.repeat(26), amount_ore: 1 }],
    ['a payer name longer than 35 characters', { reference: '1', amount_ore: 1, payer_name: 'x'.repeat(36) }],
    ['an amount that is not whole öre', { reference: '1', amount_ore: 1.5 }],
  ])('refuses %s', (_what, payment) => {
    expect(() =>
      buildBgmax({
        timestamp: '2026-12-01T06:00:00',
        sections: [{ bankgiro: '9912346', payment_date: '2026-12-01', payments: [payment] }],
      }),
    ).toThrow(RangeError);
  });
});
