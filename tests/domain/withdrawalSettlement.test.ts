import { type SettlementInvoice, type SettlementLine, settleWithdrawal } from '../../server/src/domain/withdrawalSettlement';

const service = (amount: number, overrides: Partial<SettlementLine> = {}): SettlementLine => ({
  subscription_id: 7,
  kind: 'service',
  description: 'ID-Larm Prio 2026-11-01 – 2026-11-30',
  period_start: '2026-11-01',
  period_end: '2026-11-30',
  amount_ore: amount,
  ...overrides,
});
const sticker = (amount: number, overrides: Partial<SettlementLine> = {}) =>
  service(amount, {
    kind: 'sticker',
    description: 'Stöldskyddsdekaler, årsavgift från 2026-11-10',
    period_start: '2026-11-10',
    period_end: '2027-11-09',
    ...overrides,
  });

function invoice(open: number, paid: number, lines: SettlementLine[], overrides: Partial<SettlementInvoice> = {}): SettlementInvoice {
  return {
    invoice_id: 1,
    invoice_number: '500001',
    status: open === 0 ? 'paid' : 'unpaid',
    open_ore: open,
    paid_ore: paid,
    lines,
    ...overrides,
  };
}

/** [kind, invoice number, amount, line amounts] per credit note, then credited and refunded. */
const outcome = (invoices: SettlementInvoice[]) => {
  const s = settleWithdrawal(invoices);
  return [
    s.credit_notes.map((n) => [n.kind, n.invoice_number, n.amount_ore, n.lines.map((l) => l.amount_ore)]),
    s.credited_ore,
    s.refund_ore,
  ];
};

describe('a withdrawal credits what is open and refunds what was paid for the subscription', () => {
  test.each([
    ['no invoices: nothing to settle', [], [[], 0, 0]],
    [
      'an unpaid invoice: credited in full, nothing refunded',
      [invoice(14900, 0, [service(14900)])],
      [[['credit', '500001', 14900, [14900]]], 14900, 0],
    ],
    ['a paid invoice: refunded in full', [invoice(0, 14900, [service(14900)])], [[['refund', '500001', 14900, [14900]]], 0, 14900]],
    [
      'a partly paid invoice: the open part credited, the paid part refunded',
      [invoice(5000, 9900, [service(14900)])],
      [
        [
          ['credit', '500001', 5000, [5000]],
          ['refund', '500001', 9900, [9900]],
        ],
        5000,
        9900,
      ],
    ],
    [
      'an invoice also billing another subscription, partly paid: this one is credited first, the rest refunded',
      // total 34 800 = 14 900 (withdrawn) + 19 900 (other); 24 800 paid, 10 000 open.
      [invoice(10000, 24800, [service(14900)])],
      [
        [
          ['credit', '500001', 10000, [10000]],
          ['refund', '500001', 4900, [4900]],
        ],
        10000,
        4900,
      ],
    ],
    [
      'an invoice also billing another subscription, unpaid: only this one’s lines are credited',
      [invoice(34800, 0, [service(14900)])],
      [[['credit', '500001', 14900, [14900]]], 14900, 0],
    ],
    [
      'a service and a sticker line: both credited, in order',
      [invoice(34800, 0, [service(14900), sticker(19900)])],
      [[['credit', '500001', 34800, [14900, 19900]]], 34800, 0],
    ],
    [
      'a sticker fee already credited when it was removed: only the service is left to credit',
      [invoice(14900, 0, [service(14900), sticker(19900, { credited_ore: 19900 })])],
      [[['credit', '500001', 14900, [14900]]], 14900, 0],
    ],
    [
      'a paid sticker fee already refunded: only the service is refunded',
      [invoice(0, 34800, [service(14900), sticker(19900, { credited_ore: 19900 })])],
      [[['refund', '500001', 14900, [14900]]], 0, 14900],
    ],
    [
      'an invoice wholly credited before: nothing',
      [invoice(0, 0, [service(14900, { credited_ore: 14900 })], { status: 'credited' })],
      [[], 0, 0],
    ],
    [
      'an invoice with nothing open and nothing paid (credited for other lines): nothing to refund',
      [invoice(0, 0, [service(14900)], { status: 'credited' })],
      [[], 0, 0],
    ],
    [
      'several invoices: each settled on its own, the sums add up',
      [
        invoice(0, 14900, [service(14900)], { invoice_id: 1, invoice_number: '500001' }),
        invoice(0, 5000, [service(5000)], { invoice_id: 2, invoice_number: '500002' }),
        invoice(7000, 0, [service(7000)], { invoice_id: 3, invoice_number: '500003' }),
      ],
      [
        [
          ['refund', '500001', 14900, [14900]],
          ['refund', '500002', 5000, [5000]],
          ['credit', '500003', 7000, [7000]],
        ],
        7000,
        19900,
      ],
    ],
  ])('%s', (_what, invoices, expected) => {
    expect(outcome(invoices as SettlementInvoice[])).toEqual(expected);
  });

  test('credit note lines name the invoice and keep the line’s period, in the shape billing issues credit notes', () => {
    const [note] = settleWithdrawal([invoice(14900, 0, [service(14900)])]).credit_notes;
    expect(note).toEqual({
      kind: 'credit',
      invoice_id: 1,
      invoice_number: '500001',
      amount_ore: 14900,
      lines: [
        {
          subscription_id: 7,
          description: 'Kreditering faktura 500001: ID-Larm Prio 2026-11-01 – 2026-11-30',
          period_start: '2026-11-01',
          period_end: '2026-11-30',
          amount_ore: 14900,
        },
      ],
    });
  });

  test('nothing is ever credited or refunded beyond the subscription’s lines, the open amount or the payments', () => {
    for (const open of [0, 1000, 14900, 40000]) {
      for (const paid of [0, 1000, 14900, 40000]) {
        const inv = invoice(open, paid, [service(14900), sticker(19900, { credited_ore: 5000 })]);
        const s = settleWithdrawal([inv]);
        expect(s.credited_ore).toBeLessThanOrEqual(open);
        expect(s.refund_ore).toBeLessThanOrEqual(paid);
        expect(s.credited_ore + s.refund_ore).toBeLessThanOrEqual(14900 + 19900 - 5000);
      }
    }
  });

  test('öre fractions or negative amounts are refused', () => {
    expect(() => settleWithdrawal([invoice(14900.5, 0, [service(14900)])])).toThrow(RangeError);
    expect(() => settleWithdrawal([invoice(0, -1, [service(14900)])])).toThrow(RangeError);
  });
});
