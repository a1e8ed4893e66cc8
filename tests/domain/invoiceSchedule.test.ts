import {
  intervalChangeEffectiveOn,
  invoiceSchedule,
  type ScheduleInput,
  type ScheduledSubscription,
  stickerFeeDays,
} from '../../server/src/domain/invoiceSchedule';

const PRIO = { product_name: 'ID-Larm Prio', monthly_price_ore: 14900, sticker_yearly_fee_ore: 19900 };

function sub(overrides: Partial<ScheduledSubscription> = {}): ScheduledSubscription {
  return { id: 1, ...PRIO, signed_on: '2025-03-10', ends_on: null, with_stickers: false, sticker_fee_removed_on: null, ...overrides };
}

function input(overrides: Partial<ScheduleInput> = {}): ScheduleInput {
  return {
    today: '2026-11-25',
    interval: 'monthly',
    pending_changes: [],
    invoiced_through: '2026-11-30',
    payment_method: 'autogiro',
    subscriptions: [sub()],
    ...overrides,
  };
}

const dates = (i: ScheduleInput) => invoiceSchedule(i).invoices.map((inv) => inv.date);
const totals = (i: ScheduleInput) => invoiceSchedule(i).invoices.map((inv) => [inv.date, inv.total_ore]);
const stickerInvoices = (i: ScheduleInput) =>
  invoiceSchedule(i)
    .invoices.filter((inv) => inv.lines.some((l) => l.kind === 'sticker'))
    .map((inv) => inv.date);

describe('monthly vs annual invoicing', () => {
  test('a monthly customer gets one invoice a month for the next 12 months, on the first, due 30 days later', () => {
    const { invoices } = invoiceSchedule(input());
    expect(invoices.map((i) => i.date)).toEqual([
      '2026-12-01',
      '2027-01-01',
      '2027-02-01',
      '2027-03-01',
      '2027-04-01',
      '2027-05-01',
      '2027-06-01',
      '2027-07-01',
      '2027-08-01',
      '2027-09-01',
      '2027-10-01',
      '2027-11-01',
    ]);
    expect(invoices[0]).toEqual({
      date: '2026-12-01',
      due_on: '2026-12-31',
      lines: [
        { kind: 'service', subscription_id: 1, description: 'ID-Larm Prio 2026-12-01 – 2026-12-31', amount_ore: 14900, vat_ore: 2980 },
      ],
      total_ore: 14900,
      vat_ore: 2980,
      payment_method: 'autogiro',
    });
  });

  test.each([
    [
      'an annual customer invoiced through May: one invoice for twelve months in June',
      input({ interval: 'annual', invoiced_through: '2027-05-31' }),
      [['2027-06-01', 178800]],
    ],
    [
      'a switch to annual from 1 Dec: one invoice of twelve months on 1 Dec',
      input({ pending_changes: [{ effective_on: '2026-12-01', to_interval: 'annual' }] }),
      [['2026-12-01', 178800]],
    ],
    [
      'a switch back to monthly when the annual period ends: monthly invoices from then on',
      input({
        interval: 'annual',
        invoiced_through: '2027-05-31',
        pending_changes: [{ effective_on: '2027-06-01', to_interval: 'monthly' }],
      }),
      [
        ['2027-06-01', 14900],
        ['2027-07-01', 14900],
        ['2027-08-01', 14900],
        ['2027-09-01', 14900],
        ['2027-10-01', 14900],
        ['2027-11-01', 14900],
      ],
    ],
    [
      // This case used to expect an invoice dated 1 November while today is 25 November: the bug of issue
      // 11 (the schedule never shows an invoice dated before today). The period still starts on the first
      // of this month; its invoice, not issued on its day, is shown on the next invoicing day.
      'an annual customer whose current period is not yet invoiced: periods from the first of this month, invoiced on the next first',
      input({ interval: 'annual', invoiced_through: null }),
      [
        ['2026-12-01', 178800],
        ['2027-11-01', 178800],
      ],
    ],
  ])('%s', (_name, i, expected) => {
    expect(totals(i)).toEqual(expected);
  });

  test('the annual invoice has one service line for the twelve months with 20 % of it as VAT', () => {
    const [inv] = invoiceSchedule(input({ pending_changes: [{ effective_on: '2026-12-01', to_interval: 'annual' }] })).invoices;
    expect(inv.lines).toEqual([
      { kind: 'service', subscription_id: 1, description: 'ID-Larm Prio 2026-12-01 – 2027-11-30', amount_ore: 178800, vat_ore: 35760 },
    ]);
    expect(inv.due_on).toBe('2026-12-31');
  });
});

describe('when an interval change takes effect', () => {
  test.each([
    ['to annual, asked on the 25th', input(), 'annual', '2026-12-01'],
    ['to annual, asked on the 1st', input({ today: '2026-12-01', invoiced_through: '2026-12-31' }), 'annual', '2027-01-01'],
    ['to annual, asked on New Year’s Eve', input({ today: '2026-12-31', invoiced_through: '2026-12-31' }), 'annual', '2027-01-01'],
    [
      'to monthly, when the invoiced annual period ends',
      input({ interval: 'annual', invoiced_through: '2027-05-31' }),
      'monthly',
      '2027-06-01',
    ],
    ['to monthly, when an uninvoiced annual period ends', input({ interval: 'annual', invoiced_through: null }), 'monthly', '2027-11-01'],
  ] as const)('%s', (_name, i, to, expected) => {
    expect(intervalChangeEffectiveOn(i, to)).toBe(expected);
  });
});

describe('sticker fees', () => {
  const withStickers = (o: Partial<ScheduledSubscription>) => input({ subscriptions: [sub({ with_stickers: true, ...o })] });

  test.each([
    ['billed on the invoice of the period that contains the anniversary', withStickers({ signed_on: '2025-03-10' }), ['2027-03-01']],
    [
      'free in the first year: signed this month, first fee at the first anniversary',
      withStickers({ signed_on: '2026-11-01' }),
      ['2027-11-01'],
    ],
    ['free in the first year: signed in June, nothing before June next year', withStickers({ signed_on: '2026-06-15' }), ['2027-06-01']],
    ['not billed without stickers', input({ subscriptions: [sub({ with_stickers: false })] }), []],
    [
      'removed mid-year: no fee at the next anniversary',
      withStickers({ signed_on: '2025-03-10', sticker_fee_removed_on: '2026-12-15' }),
      [],
    ],
    ['removed on the anniversary itself: not billed', withStickers({ signed_on: '2025-03-10', sticker_fee_removed_on: '2027-03-10' }), []],
    [
      'removed after the anniversary: that year is still billed',
      withStickers({ signed_on: '2025-03-10', sticker_fee_removed_on: '2027-04-01' }),
      ['2027-03-01'],
    ],
    ['not billed after the subscription ends', withStickers({ signed_on: '2025-03-10', ends_on: '2027-03-09' }), []],
    [
      // Was dated 1 November with today 25 November (the same bug as the annual case above): the period
      // from 1 November is invoiced on the next invoicing day instead.
      'on each annual invoice whose period contains an anniversary',
      input({ interval: 'annual', invoiced_through: null, subscriptions: [sub({ with_stickers: true, signed_on: '2025-03-10' })] }),
      ['2026-12-01', '2027-11-01'],
    ],
  ])('%s', (_name, i, expected) => {
    expect(stickerInvoices(i)).toEqual(expected);
  });

  test('the sticker line is the yearly fee with its VAT part', () => {
    const inv = invoiceSchedule(withStickers({ signed_on: '2025-03-10' })).invoices.find((i) => i.date === '2027-03-01')!;
    expect(inv.lines).toContainEqual({
      kind: 'sticker',
      subscription_id: 1,
      description: 'Stöldskyddsdekaler (ID-Larm Prio), årsavgift från 2027-03-10',
      amount_ore: 19900,
      vat_ore: 3980,
    });
    expect(inv.total_ore).toBe(14900 + 19900);
    expect(inv.vat_ore).toBe(2980 + 3980);
  });

  test.each([
    ['2027: the anniversary of a leap day is 28 February', '2026-11-25', ['2027-02-28']],
    ['2028: a leap year again, 29 February', '2027-11-25', ['2028-02-29']],
  ])('signed on 29 February, %s', (_name, today, expected) => {
    const s = sub({ signed_on: '2024-02-29', with_stickers: true });
    expect(stickerFeeDays(s, today, `${Number(today.slice(0, 4)) + 1}-11-24`)).toEqual(expected);
  });
});

describe('pro rata by days', () => {
  test('a subscription ending within the 12 months is billed for its days in its last month, and nothing after', () => {
    const i = input({ subscriptions: [sub({ ends_on: '2027-02-14' })] });
    expect(totals(i)).toEqual([
      ['2026-12-01', 14900],
      ['2027-01-01', 14900],
      ['2027-02-01', 7450],
    ]);
    expect(invoiceSchedule(i).invoices[2].lines[0]).toMatchObject({ description: 'ID-Larm Prio 2027-02-01 – 2027-02-14', vat_ore: 1490 });
  });

  test('an annual period is billed for the days the subscription runs in it', () => {
    // 1 Dec 2026 – 31 May 2027 is 182 of the period's 365 days: 178 800 × 182 / 365 = 89 155.07.
    const i = input({
      pending_changes: [{ effective_on: '2026-12-01', to_interval: 'annual' }],
      subscriptions: [sub({ ends_on: '2027-05-31' })],
    });
    expect(totals(i)).toEqual([['2026-12-01', 89155]]);
  });

  test('a subscription signed on a leap day starts paying on its day of a 29-day February', () => {
    // 15 of 29 days: 14 900 × 15 / 29 = 7 706.9 → 7 707 öre, VAT 1 541.4 → 1 541. Signed after 1 February,
    // so those days go on the invoice of 1 March (never on an invoice dated before signed_on).
    const i = input({ today: '2028-01-20', invoiced_through: '2028-01-31', subscriptions: [sub({ signed_on: '2028-02-15' })] });
    const [first] = invoiceSchedule(i).invoices;
    expect(first.date).toBe('2028-03-01');
    expect(first.lines[0]).toMatchObject({ description: 'ID-Larm Prio 2028-02-15 – 2028-02-29', amount_ore: 7707, vat_ore: 1541 });
  });

  test('two subscriptions: VAT is rounded per line and the invoice sums the lines', () => {
    const kk = { ...sub({ id: 2, product_name: 'Konsumentkollen IDskydd', monthly_price_ore: 9900, sticker_yearly_fee_ore: 14900 }) };
    const [dec] = invoiceSchedule(input({ subscriptions: [kk, sub({ id: 1, ends_on: '2026-12-10' })] })).invoices;
    // 14 900 × 10 / 31 = 4 806.45 → 4 806 (VAT 961.2 → 961); 9 900 (VAT 1 980).
    expect(dec.lines.map((l) => [l.subscription_id, l.amount_ore, l.vat_ore])).toEqual([
      [1, 4806, 961],
      [2, 9900, 1980],
    ]);
    expect([dec.total_ore, dec.vat_ore]).toEqual([14706, 2941]);
  });

  test('a customer with nothing running gets no invoices', () => {
    expect(dates(input({ subscriptions: [sub({ ends_on: '2026-10-31' })] }))).toEqual([]);
  });
});
