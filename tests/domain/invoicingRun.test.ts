import { addDays, addMonths, type IsoDate, maxDate } from '../../server/src/domain/calendarDate';
import {
  billableFrom,
  type DueInvoice,
  invoiceSchedule,
  invoicesDueOn,
  type ScheduledSubscription,
  type ScheduleInput,
} from '../../server/src/domain/invoiceSchedule';

const PRIO = { product_name: 'ID-Larm Prio', monthly_price_ore: 14900, sticker_yearly_fee_ore: 19900 };

function sub(overrides: Partial<ScheduledSubscription> = {}): ScheduledSubscription {
  return {
    id: 1,
    ...PRIO,
    signed_on: '2025-03-10',
    ends_on: null,
    with_stickers: false,
    sticker_fee_removed_on: null,
    invoiced_through: '2026-11-30',
    ...overrides,
  };
}

/** A customer as the run sees it: invoiced through November, the last invoice issued on 1 November. */
function input(overrides: Partial<ScheduleInput> = {}): ScheduleInput & { last_issued_on: IsoDate | null } {
  return {
    today: '2026-11-25',
    interval: 'monthly',
    pending_changes: [],
    invoiced_through: '2026-11-30',
    last_issued_on: '2026-11-01',
    payment_method: 'email_invoice',
    subscriptions: [sub()],
    ...overrides,
  } as ScheduleInput & { last_issued_on: IsoDate | null };
}

/** A brand-new customer: nothing invoiced, one subscription signed (and entered) on `signed`. */
const newCustomer = (signed: IsoDate, today: IsoDate, extra: Partial<ScheduledSubscription> = {}) =>
  input({
    today,
    invoiced_through: null,
    last_issued_on: null,
    subscriptions: [sub({ signed_on: signed, registered_on: signed, invoiced_through: null, ...extra })],
  });

const run = (i: ScheduleInput & { last_issued_on: IsoDate | null }, runDate: IsoDate) => invoicesDueOn({ ...i, run_date: runDate });
const summary = (invoices: Array<{ date: string; due_on: string; lines: Array<{ description: string; amount_ore: number }> }>) =>
  invoices.map((inv) => [inv.date, inv.due_on, inv.lines.map((l) => `${l.description}: ${l.amount_ore}`)]);
const preview = (i: ScheduleInput, today: IsoDate) => invoiceSchedule({ ...i, today }).invoices;

/** What the service does after issuing: the customer's and each subscription's coverage, the last invoice date. */
function afterIssuing<T extends ScheduleInput>(i: T, issued: DueInvoice[]): T {
  if (issued.length === 0) return i;
  const latest = (dates: Array<string | null | undefined>) => dates.filter((d): d is string => !!d).reduce(maxDate);
  return {
    ...i,
    invoiced_through: latest([i.invoiced_through, ...issued.map((inv) => inv.period_end)]),
    last_issued_on: latest([i.last_issued_on, ...issued.map((inv) => inv.date)]),
    subscriptions: i.subscriptions.map((s) => {
      const ends = issued.flatMap((inv) =>
        inv.lines.filter((l) => l.kind === 'service' && l.subscription_id === s.id).map((l) => l.period_end),
      );
      return ends.length ? { ...s, invoiced_through: latest([s.invoiced_through, ...ends]) } : s;
    }),
  };
}

/** Runs the daily job every day from `from` for `days` days, issuing what it finds; answers every issued invoice. */
function simulate(start: ScheduleInput & { last_issued_on: IsoDate | null }, from: IsoDate, days: number) {
  let state = start;
  const issued: Array<{ run_on: IsoDate; invoice: DueInvoice; previewed: unknown }> = [];
  for (let d = 0; d < days; d++) {
    const day = addDays(from, d);
    // The preview an agent would see that morning, before the run, for invoices dated that day.
    const previewed = preview(state, day).filter((inv) => inv.date === day);
    const due = run(state, day);
    for (const invoice of due) issued.push({ run_on: day, invoice, previewed });
    state = afterIssuing(state, due);
  }
  return issued;
}

describe('a subscription signed on the 27th', () => {
  test('a new customer: the preview shows no invoice before today; the 27th–30th go on 1 December with December', () => {
    const i = newCustomer('2026-11-27', '2026-11-27');
    // 14 900 × 4 / 30 = 1 986.7 → 1 987.
    expect(summary(preview(i, '2026-11-27')).slice(0, 2)).toEqual([
      ['2026-12-01', '2026-12-31', ['ID-Larm Prio 2026-11-27 – 2026-11-30: 1987', 'ID-Larm Prio 2026-12-01 – 2026-12-31: 14900']],
      ['2027-01-01', '2027-01-31', ['ID-Larm Prio 2027-01-01 – 2027-01-31: 14900']],
    ]);
  });

  test('a new customer: the run issues nothing on the 27th, and on 1 December exactly what the preview showed', () => {
    const i = newCustomer('2026-11-27', '2026-11-27');
    expect(run(i, '2026-11-27')).toEqual([]);
    const [issued, ...more] = run({ ...i, today: '2026-12-01' }, '2026-12-01');
    expect(more).toEqual([]);
    const { period_start, period_end, lines, ...invoice } = issued;
    const shown = preview(i, '2026-11-27')[0];
    expect({ ...invoice, lines: lines.map(({ period_start: _s, period_end: _e, ...l }) => l) }).toEqual(shown);
    expect([period_start, period_end]).toEqual(['2026-11-01', '2026-12-31']);
    expect(lines.map((l) => [l.period_start, l.period_end])).toEqual([
      ['2026-11-27', '2026-11-30'],
      ['2026-12-01', '2026-12-31'],
    ]);
  });

  test('an existing customer already invoiced for November: the new subscription’s 27th–30th go on 1 December', () => {
    const i = input({
      today: '2026-11-27',
      subscriptions: [sub(), sub({ id: 2, signed_on: '2026-11-27', registered_on: '2026-11-27', invoiced_through: null })],
    });
    const expected = [
      '2026-12-01',
      '2026-12-31',
      [
        'ID-Larm Prio 2026-12-01 – 2026-12-31: 14900',
        'ID-Larm Prio 2026-11-27 – 2026-11-30: 1987',
        'ID-Larm Prio 2026-12-01 – 2026-12-31: 14900',
      ],
    ];
    expect(summary(preview(i, '2026-11-27'))[0]).toEqual(expected);
    expect(summary(run(i, '2026-12-01'))).toEqual([expected]);
  });

  test('a sale back-dated across the 1st (signed 27 November, entered 3 December) waits for 1 January', () => {
    const i = newCustomer('2026-11-27', '2026-12-03', { registered_on: '2026-12-03' });
    expect(run(i, '2026-12-03')).toEqual([]);
    expect(summary(preview(i, '2026-12-03'))[0]).toEqual([
      '2027-01-01',
      '2027-01-31',
      [
        'ID-Larm Prio 2026-11-27 – 2026-11-30: 1987',
        'ID-Larm Prio 2026-12-01 – 2026-12-31: 14900',
        'ID-Larm Prio 2027-01-01 – 2027-01-31: 14900',
      ],
    ]);
    expect(summary(run(i, '2027-01-01'))).toEqual([summary(preview(i, '2026-12-03'))[0]]);
  });
});

describe('a subscription signed today, on the 1st', () => {
  test('a new customer: its invoice is dated today and the run issues it today', () => {
    const i = newCustomer('2026-12-01', '2026-12-01');
    expect(summary(preview(i, '2026-12-01'))[0]).toEqual(['2026-12-01', '2026-12-31', ['ID-Larm Prio 2026-12-01 – 2026-12-31: 14900']]);
    expect(summary(run(i, '2026-12-01'))).toEqual([summary(preview(i, '2026-12-01'))[0]]);
  });

  test('a customer whose invoice of today is already issued: the new subscription’s December goes on 1 January', () => {
    const i = input({
      today: '2026-12-01',
      invoiced_through: '2026-12-31',
      last_issued_on: '2026-12-01',
      subscriptions: [
        sub({ invoiced_through: '2026-12-31' }),
        sub({ id: 2, signed_on: '2026-12-01', registered_on: '2026-12-01', invoiced_through: null }),
      ],
    });
    expect(run(i, '2026-12-01')).toEqual([]);
    expect(summary(preview(i, '2026-12-01'))[0]).toEqual([
      '2027-01-01',
      '2027-01-31',
      [
        'ID-Larm Prio 2027-01-01 – 2027-01-31: 14900',
        'ID-Larm Prio 2026-12-01 – 2026-12-31: 14900',
        'ID-Larm Prio 2027-01-01 – 2027-01-31: 14900',
      ],
    ]);
  });
});

describe('the server was down on the 1st', () => {
  test.each([
    ['the run on the 3rd', '2026-12-03'],
    ['the run on the 2nd', '2026-12-02'],
    ['the run on the day itself', '2026-12-01'],
  ])('%s issues the invoice of 1 December, dated the 1st and due 30 days after it', (_what, runDate) => {
    expect(summary(run(input({ today: runDate }), runDate))).toEqual([
      ['2026-12-01', '2026-12-31', ['ID-Larm Prio 2026-12-01 – 2026-12-31: 14900']],
    ]);
  });

  test('the late invoice is the one the preview showed for the 1st', () => {
    const [late] = run(input({ today: '2026-12-03' }), '2026-12-03');
    expect(late).toEqual(run(input({ today: '2026-12-01' }), '2026-12-01')[0]);
  });

  test('before that run the preview of the 3rd shows no invoice dated before today', () => {
    expect(preview(input(), '2026-12-03').every((inv) => inv.date >= '2026-12-03')).toBe(true);
  });

  test('after it, nothing more is due that month and the preview starts at 1 January', () => {
    const after = afterIssuing(input({ today: '2026-12-03' }), run(input({ today: '2026-12-03' }), '2026-12-03'));
    for (const day of ['2026-12-03', '2026-12-15', '2026-12-31']) expect(run(after, day)).toEqual([]);
    expect(preview(after, '2026-12-03')[0].date).toBe('2027-01-01');
  });

  test('two missed invoicing days inside this month and the last: both are issued, each on its own date', () => {
    const i = newCustomer('2026-11-01', '2026-12-02');
    expect(run(i, '2026-12-02').map((inv) => [inv.date, inv.total_ore])).toEqual([
      ['2026-11-01', 14900],
      ['2026-12-01', 14900],
    ]);
  });

  test('history is not billed: an invoicing day before this month that never ran is left out', () => {
    const i = input({
      invoiced_through: '2026-10-31',
      last_issued_on: '2026-10-01',
      subscriptions: [sub({ invoiced_through: '2026-10-31' })],
    });
    expect(run(i, '2026-12-02').map((inv) => inv.date)).toEqual(['2026-12-01']);
  });
});

describe('history is not billed: a subscription is billed from the month it became known', () => {
  test.each([
    // today 5 December 2026 unless said
    ['entered before the run existed, no entry date given: from this month', '2025-03-10', undefined, '2026-12-05', '2026-12-01'],
    ['signed last month, no entry date given: from its signing month', '2026-11-27', undefined, '2026-12-05', '2026-11-01'],
    ['signed this month: this month', '2026-12-01', undefined, '2026-12-05', '2026-12-01'],
    ['signed 27 November, entered 3 December: from November', '2026-11-27', '2026-12-03', '2026-12-05', '2026-11-01'],
    ['the same on 1 January, when November is two months back', '2026-11-27', '2026-12-03', '2027-01-01', '2026-11-01'],
    [
      'signed 20 October, entered 3 December (back-dated over a month): from December',
      '2026-10-20',
      '2026-12-03',
      '2026-12-05',
      '2026-12-01',
    ],
  ])('%s', (_what, signed, registered, today, expected) => {
    expect(billableFrom(sub({ signed_on: signed, registered_on: registered }), today)).toBe(expected);
  });

  test('an annual customer signed on the 27th: the run on 1 December bills the annual period from 1 November as previewed', () => {
    const i = { ...newCustomer('2026-11-27', '2026-11-27'), interval: 'annual' as const };
    // 12 × 14 900 × 339 / 365 (27 November 2026 – 31 October 2027) = 166 063.56 → 166 064.
    const shown = summary(preview(i, '2026-11-27'));
    expect(shown[0]).toEqual(['2026-12-01', '2026-12-31', ['ID-Larm Prio 2026-11-27 – 2027-10-31: 166064']]);
    expect(summary(run({ ...i, today: '2026-12-01' }, '2026-12-01'))).toEqual([shown[0]]);
  });
});

describe('interval switches, sticker anniversaries, ends and withdrawals go through the same run', () => {
  test('a switch to annual from 1 December: one twelve-month invoice on the 1st, then nothing for a year', () => {
    const i = input({ pending_changes: [{ effective_on: '2026-12-01', to_interval: 'annual' }] });
    const issued = run(i, '2026-12-01');
    expect(issued.map((inv) => [inv.date, inv.period_start, inv.period_end, inv.total_ore])).toEqual([
      ['2026-12-01', '2026-12-01', '2027-11-30', 178800],
    ]);
    const after = afterIssuing(i, issued);
    for (const day of ['2027-01-01', '2027-06-01', '2027-11-01']) expect(run({ ...after, today: day }, day)).toEqual([]);
    expect(run({ ...after, today: '2027-12-01' }, '2027-12-01').map((inv) => [inv.date, inv.total_ore])).toEqual([['2027-12-01', 178800]]);
  });

  test('a switch back to monthly when the annual period ends: monthly invoices from then on', () => {
    const i = input({
      interval: 'annual',
      invoiced_through: '2027-05-31',
      last_issued_on: '2026-06-01',
      subscriptions: [sub({ invoiced_through: '2027-05-31' })],
      pending_changes: [{ effective_on: '2027-06-01', to_interval: 'monthly' }],
    });
    expect(run({ ...i, today: '2027-06-01' }, '2027-06-01').map((inv) => [inv.date, inv.period_end, inv.total_ore])).toEqual([
      ['2027-06-01', '2027-06-30', 14900],
    ]);
  });

  test('a sticker anniversary: the yearly fee is on the invoice of the period that contains it, with its sticker year', () => {
    const i = input({
      invoiced_through: '2027-02-28',
      last_issued_on: '2027-02-01',
      subscriptions: [sub({ with_stickers: true, invoiced_through: '2027-02-28' })],
    });
    const [march] = run({ ...i, today: '2027-03-01' }, '2027-03-01');
    expect(march.lines.map((l) => [l.kind, l.period_start, l.period_end, l.amount_ore])).toEqual([
      ['service', '2027-03-01', '2027-03-31', 14900],
      ['sticker', '2027-03-10', '2028-03-09', 19900],
    ]);
  });

  test('stickers sold on the 27th: free for the first 12 months, first fee on the invoice of November next year', () => {
    const issued = simulate(newCustomer('2026-11-27', '2026-11-27', { with_stickers: true }), '2026-11-27', 400);
    const stickers = issued.filter(({ invoice }) => invoice.lines.some((l) => l.kind === 'sticker')).map(({ invoice }) => invoice.date);
    expect(stickers).toEqual(['2027-11-01']);
  });

  test('a subscription ending mid-period is billed for its days in its last month, then never again', () => {
    const i = input({ subscriptions: [sub({ ends_on: '2026-12-14' })] });
    // 14 900 × 14 / 31 = 6 729.03 → 6 729.
    expect(summary(run(i, '2026-12-01'))).toEqual([['2026-12-01', '2026-12-31', ['ID-Larm Prio 2026-12-01 – 2026-12-14: 6729']]]);
    const after = afterIssuing(i, run(i, '2026-12-01'));
    expect(run({ ...after, today: '2027-01-01' }, '2027-01-01')).toEqual([]);
  });

  test('a withdrawn subscription is never invoiced again', () => {
    expect(run(input({ subscriptions: [sub({ status: 'withdrawn', ends_on: '2026-11-20' })] }), '2026-12-01')).toEqual([]);
  });
});

describe('nothing is issued twice', () => {
  test.each([
    [
      'invoiced through the period: nothing on its first day',
      input({ invoiced_through: '2026-12-31', last_issued_on: '2026-12-01', subscriptions: [sub({ invoiced_through: '2026-12-31' })] }),
      '2026-12-01',
    ],
    [
      'invoiced through the period: nothing later in it',
      input({ invoiced_through: '2026-12-31', last_issued_on: '2026-12-01', subscriptions: [sub({ invoiced_through: '2026-12-31' })] }),
      '2026-12-20',
    ],
    [
      'an annual period invoiced: nothing on the next first',
      input({
        interval: 'annual',
        invoiced_through: '2027-05-31',
        last_issued_on: '2026-06-01',
        subscriptions: [sub({ invoiced_through: '2027-05-31' })],
      }),
      '2026-12-01',
    ],
    ['nothing due before the next first', input(), '2026-11-30'],
  ])('%s', (_what, i, runDate) => {
    expect(run({ ...i, today: runDate }, runDate)).toEqual([]);
  });

  test.each([
    ['a monthly customer', input()],
    ['a switch to annual', input({ pending_changes: [{ effective_on: '2026-12-01', to_interval: 'annual' }] })],
    [
      'stickers and a second subscription signed on the 27th',
      input({
        subscriptions: [
          sub({ with_stickers: true }),
          sub({ id: 2, signed_on: '2026-11-27', registered_on: '2026-11-27', invoiced_through: null }),
        ],
      }),
    ],
    ['a new customer signed on the 27th', newCustomer('2026-11-27', '2026-11-27', { with_stickers: true })],
    ['a subscription ending in March', input({ subscriptions: [sub({ ends_on: '2027-03-14' })] })],
  ])('%s, run every day for 14 months: one invoice per date, each what the morning’s preview showed for it', (_what, i) => {
    const from = i.today;
    const issued = simulate(i, from, 430);
    const dates = issued.map(({ invoice }) => invoice.date);
    expect(new Set(dates).size).toBe(dates.length);
    for (const { run_on, invoice, previewed } of issued) {
      expect(invoice.date).toBe(run_on);
      const { period_start: _s, period_end: _e, lines, ...rest } = invoice;
      expect(previewed).toEqual([{ ...rest, lines: lines.map(({ period_start: _ls, period_end: _le, ...l }) => l) }]);
    }
    // Every day of service from the first uninvoiced day to the end of the 14 months is billed once.
    const serviceDays = issued.flatMap(({ invoice }) =>
      invoice.lines.filter((l) => l.kind === 'service').map((l) => `${l.subscription_id}:${l.period_start}`),
    );
    expect(new Set(serviceDays).size).toBe(serviceDays.length);
    expect(issued.length).toBeGreaterThan(0);
    expect(dates.every((d) => d < addMonths(from, 15))).toBe(true);
  });

  test('the preview never shows an invoice dated before today, nor a service line dated before its subscription was signed', () => {
    const i = input({
      subscriptions: [sub(), sub({ id: 2, signed_on: '2026-11-27', registered_on: '2026-11-27', invoiced_through: null })],
    });
    for (let d = 0; d < 40; d++) {
      const today = addDays('2026-11-20', d);
      const subs = i.subscriptions.filter((s) => s.signed_on <= today);
      for (const inv of preview({ ...i, subscriptions: subs }, today)) {
        expect(inv.date >= today).toBe(true);
        for (const line of inv.lines) expect(inv.date >= subs.find((s) => s.id === line.subscription_id)!.signed_on).toBe(true);
      }
    }
  });
});
