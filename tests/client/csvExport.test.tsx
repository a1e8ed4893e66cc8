import polyglotI18nProvider from 'ra-i18n-polyglot';
import { csvCell, toCsv } from '../../client/src/common/csv';
import { cancellationRows } from '../../client/src/cancellations/cancellationExporter';
import { swedishMessages } from '../../client/src/i18n/sv';
import type { Cancellation } from '../../client/src/types';

const provider = polyglotI18nProvider(() => swedishMessages, 'sv', [{ locale: 'sv', name: 'sv' }], { allowMissing: false });
const sv = (key: string, options?: Record<string, unknown>) => provider.translate(key, options);

describe('a CSV cell that a spreadsheet would run as a formula is neutralised', () => {
  test.each([
    ['=HYPERLINK("http://evil.example","Klicka")', `"'=HYPERLINK(""http://evil.example"",""Klicka"")"`],
    ['+46701234567', "'+46701234567"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1+1', `"'\r=1+1"`],
    ['=1;2', `"'=1;2"`],
  ])('%p becomes %p', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  test.each([
    ['Kunden ringde', 'Kunden ringde'],
    ['149,00', '149,00'],
    ['-12,50', '-12,50'],
    ['2026-11-25', '2026-11-25'],
    ['a "citat"', '"a ""citat"""'],
    ['rad 1\nrad 2', '"rad 1\nrad 2"'],
    [null, ''],
    [undefined, ''],
    [0, '0'],
  ])('%p stays %p (only quoted where the format needs it)', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  test('rows are semicolon-separated and end with CRLF', () => {
    expect(toCsv(['A', 'B'], [['1', '=2']])).toBe("A;B\r\n1;'=2");
  });
});

test('the cancellation export is in words and kronor, with names where the queue holds ids', () => {
  const record: Cancellation = {
    id: 7,
    subscription_id: 12,
    customer_id: 1,
    kind: 'notice',
    requested_on: '2026-11-25',
    channel: 'phone',
    reason: 'price',
    reason_note: '=HYPERLINK("http://evil.example")',
    ends_on: '2027-02-25',
    refund_ore: 14900,
    status: 'form_sent',
    form_sent_on: '2026-11-26',
    form_received_on: null,
    completed_on: null,
    revoked_on: null,
    revoke_reason: null,
    created_by: 'agent',
    updated_by: 'agent',
    created_at: '2026-11-25T13:03:00.000Z',
    updated_at: '2026-11-25T13:03:00.000Z',
    version: 2,
  };
  const { header, rows } = cancellationRows(
    [record],
    {
      customer: () => ({ first_name: 'Anna', last_name: 'Andersson', customer_number: '100001' }),
      product: () => 'ID-Larm Prio',
    },
    sv,
  );
  expect(header).toEqual([
    'Kundnummer',
    'Kund',
    'Abonnemang',
    'Typ',
    'Status',
    'Begärd',
    'Slutdatum',
    'Återbetalning (kr)',
    'Kanal',
    'Orsak',
    'Kommentar',
    'Blankett skickad',
    'Blankett mottagen',
    'Avslutad',
    'Återkallad',
    'Skäl till återkallelse',
    'Registrerad av',
    'Registrerad',
  ]);
  expect(rows[0]).toEqual([
    '100001',
    'Anna Andersson',
    'ID-Larm Prio',
    'Uppsägning',
    'Blankett skickad',
    '2026-11-25',
    '2027-02-25',
    '149,00',
    'Telefon',
    'Priset',
    '=HYPERLINK("http://evil.example")',
    '2026-11-26',
    '',
    '',
    '',
    '',
    'agent',
    '2026-11-25 14:03',
  ]);
  // No raw codes and no öre reach the file; the note's formula is neutralised when written.
  const csv = toCsv(header, rows);
  expect(csv).not.toMatch(/form_sent|notice|phone|14900/);
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
});
