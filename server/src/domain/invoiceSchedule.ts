import { addDays, addMonths, daysBetween, firstOfMonth, type IsoDate, lastOfMonth, maxDate, minDate, parts } from './calendarDate';
import { vatPart } from './money';
import type { SubscriptionStatus } from './values';

/**
 * The invoice schedule: which invoices a customer will receive, with which lines, in the coming 12 months,
 * and the invoicing run's share of it (`invoicesDueOn`): the run issues exactly what the schedule shows
 * for a date, so an agent's preview is a promise.
 *
 * Billing periods follow calendar months and are invoiced on their first day, due 30 days later. A
 * monthly customer's period is one calendar month, an annual customer's twelve calendar months.
 *
 * Anchor of the annual period: periods run back to back from the first day that no issued invoice covers
 * yet (the day after the latest invoiced `period_end`, never before the first of the current month; a
 * customer whose first invoice is still to come starts at the month it became billable, see
 * firstUninvoicedDay). A
 * switch to annual takes effect on the first of the month after the request, which is exactly that day
 * for a monthly customer, so the annual period starts on the switch's `effective_on` and each next one
 * twelve months later. A switch back to monthly takes effect the day after the current annual period ends.
 *
 * Which invoice a line goes on is a fact of the data, not of the day someone looks (so two instances of
 * the run, or a run days late, always agree on it, and the database's unique (customer, date) key makes
 * the run exactly-once):
 * - a line's invoicing day is its period's first day when the service runs from that day; a service that
 *   begins inside a period (signed on the 27th) goes on the next invoicing day's invoice, the first of the
 *   following month, together with that month's period — never on an invoice dated before `signed_on`;
 * - never before the first invoicing day on or after the day the sale was registered (`registered_on`):
 *   a sale back-dated across the first of a month waits for the next first rather than landing on an
 *   invoice dated before anyone knew of it;
 * - never on or before the customer's last issued invoice (`last_issued_on`): one invoice per customer
 *   and day.
 * The preview never shows an invoice dated before today: a line whose invoicing day has passed without
 * the run issuing it (the server was down on the 1st) is shown on the next invoicing day's invoice. The
 * run issues it dated on its own invoicing day as soon as it runs (at start, then hourly), so the two
 * differ only until that first run.
 *
 * History is not billed: a subscription is billed from the month it became known to this system (see
 * billableFrom), so data entered before the invoicing run existed, or a run missed for over a month,
 * does not produce invoices for months long gone.
 */
export type InvoiceInterval = 'monthly' | 'annual';
export type PaymentMethod = 'paper_invoice' | 'email_invoice' | 'autogiro';

export interface ScheduledSubscription {
  id: number;
  product_name: string;
  monthly_price_ore: number;
  sticker_yearly_fee_ore: number;
  signed_on: IsoDate;
  /** Last day of service (inclusive), or null while the subscription runs on. */
  ends_on: IsoDate | null;
  with_stickers: boolean;
  sticker_fee_removed_on: IsoDate | null;
  /** A withdrawn subscription (ångerrätt) is never invoiced again; the withdrawal settles what was. */
  status?: SubscriptionStatus;
  /**
   * The day the sale was entered (the Stockholm date of `created_at`). Pass it: without it a sale is
   * taken as entered on `signed_on`, so one back-dated across the first of a month counts as known on
   * that first, which the run then issues late (dated that first) while the preview showed the next
   * first; and what is billable at all falls back to billableFrom's rule for old data.
   */
  registered_on?: IsoDate;
  /**
   * The last day this subscription's issued service lines cover, or null when it has none. Undefined:
   * not known, the customer's `invoiced_through` is taken (then a subscription added to a period the
   * customer was already invoiced for is not billed for the rest of that period). With it, those days
   * go on the next invoice; pass `last_issued_on` with it.
   */
  invoiced_through?: IsoDate | null;
}

export interface IntervalChange {
  effective_on: IsoDate;
  to_interval: InvoiceInterval;
}

export interface ScheduleInput {
  today: IsoDate;
  /** The customer's interval now (customers.invoice_interval). */
  interval: InvoiceInterval;
  /** Changes not yet applied to the customer, in any order. */
  pending_changes: readonly IntervalChange[];
  /** The last day covered by an issued invoice, or null when nothing has been invoiced. */
  invoiced_through: IsoDate | null;
  payment_method: PaymentMethod;
  subscriptions: readonly ScheduledSubscription[];
  /** The date of the customer's latest issued invoice (kind `invoice`), null when none; see `invoicesDueOn`. */
  last_issued_on?: IsoDate | null;
}

export interface ScheduleLine {
  kind: 'service' | 'sticker';
  subscription_id: number;
  description: string;
  amount_ore: number;
  vat_ore: number;
}

export interface ScheduledInvoice {
  date: IsoDate;
  due_on: IsoDate;
  lines: ScheduleLine[];
  total_ore: number;
  vat_ore: number;
  payment_method: PaymentMethod;
}

export interface Schedule {
  invoices: ScheduledInvoice[];
}

/** A line as the run writes it to `invoice_lines`: the days of service, or the sticker year, it pays for. */
export interface DueInvoiceLine extends ScheduleLine {
  period_start: IsoDate;
  period_end: IsoDate;
}

/**
 * An invoice the run issues: `date` is `issued_on`. `period_start`–`period_end` span the billing periods
 * it invoices (the customer's `invoiced_through` afterwards is at least `period_end`).
 */
export interface DueInvoice extends Omit<ScheduledInvoice, 'lines'> {
  lines: DueInvoiceLine[];
  period_start: IsoDate;
  period_end: IsoDate;
}

export interface BillingPeriod {
  start: IsoDate;
  end: IsoDate;
  interval: InvoiceInterval;
}

export const PAYMENT_TERM_DAYS = 30;
export const SCHEDULE_MONTHS = 12;

type PeriodInput = Pick<ScheduleInput, 'today' | 'invoiced_through' | 'interval' | 'pending_changes'> &
  Partial<Pick<ScheduleInput, 'subscriptions'>>;

/** The interval that applies to a period starting on `date`. */
export function intervalOn(input: Pick<ScheduleInput, 'interval' | 'pending_changes'>, date: IsoDate): InvoiceInterval {
  const applicable = input.pending_changes
    .filter((c) => c.effective_on <= date)
    .sort((a, b) => (a.effective_on < b.effective_on ? -1 : a.effective_on > b.effective_on ? 1 : 0));
  return applicable.length ? applicable[applicable.length - 1].to_interval : input.interval;
}

/** The date itself when it is the first of a month, else the first of the next month. */
export function invoicingDayOnOrAfter(date: IsoDate): IsoDate {
  return parts(date).day === 1 ? date : addMonths(firstOfMonth(date), 1);
}

/**
 * The first month a subscription may still be billed for. This system bills what it knows of, not
 * history from before it: a subscription counts as known from the month it was entered (`registered_on`;
 * without it, from its signing when that was last month or this month, otherwise from this month, as
 * data entered before the invoicing run existed), and is billed from its signing month when it was
 * signed at most a month before that, from the month it became known otherwise.
 */
export function billableFrom(sub: ScheduledSubscription, today: IsoDate): IsoDate {
  const thisMonth = firstOfMonth(today);
  const known = sub.registered_on ?? (sub.signed_on >= addMonths(thisMonth, -1) ? sub.signed_on : today);
  const knownMonth = firstOfMonth(minDate(known, today));
  return sub.signed_on >= addMonths(knownMonth, -1) ? firstOfMonth(sub.signed_on) : knownMonth;
}

/**
 * The first day no issued invoice covers, never before the first of the current month. A customer with
 * nothing invoiced yet starts where its subscriptions became billable (see billableFrom), so that the
 * periods do not shift while the first invoice is still to come (signed on 27 November, the run on
 * 1 December still bills November's last days and anchors an annual period on 1 November).
 */
export function firstUninvoicedDay(input: Pick<PeriodInput, 'today' | 'invoiced_through' | 'subscriptions'>): IsoDate {
  const thisMonth = firstOfMonth(input.today);
  if (input.invoiced_through) return maxDate(addDays(input.invoiced_through, 1), thisMonth);
  return (input.subscriptions ?? [])
    .filter((s) => s.status !== 'withdrawn')
    .map((s) => billableFrom(s, input.today))
    .reduce(minDate, thisMonth);
}

/** Back-to-back billing periods from the first uninvoiced day, for those starting before `until`. */
export function billingPeriods(input: PeriodInput, until: IsoDate): BillingPeriod[] {
  const periods: BillingPeriod[] = [];
  let start = firstUninvoicedDay(input);
  while (start < until) {
    const interval = intervalOn(input, start);
    // An uninvoiced stretch that begins mid-month (after an odd invoice) runs to the month's end first.
    const end = interval === 'annual' ? addDays(addMonths(firstOfMonth(start), SCHEDULE_MONTHS), -1) : lastOfMonth(start);
    periods.push({ start, end, interval });
    start = addDays(end, 1);
  }
  return periods;
}

/** Anniversaries of `signedOn` (one, two … years later), clamped like every month addition (29 Feb → 28 Feb). */
export function anniversaries(signedOn: IsoDate, from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  const yearsBefore = Math.max(1, parts(from).year - parts(signedOn).year - 1);
  for (let years = yearsBefore; ; years++) {
    const day = addMonths(signedOn, 12 * years);
    if (day > to) break;
    if (day >= from) out.push(day);
  }
  return out;
}

/**
 * Sticker fee anniversaries inside [from, to]: none in the first (free) year, none on or after the day
 * the fee was removed, none after the subscription's end.
 */
export function stickerFeeDays(sub: ScheduledSubscription, from: IsoDate, to: IsoDate): IsoDate[] {
  if (!sub.with_stickers || sub.sticker_yearly_fee_ore <= 0) return [];
  return anniversaries(sub.signed_on, from, to).filter(
    (day) => (sub.ends_on === null || day <= sub.ends_on) && (sub.sticker_fee_removed_on === null || day < sub.sticker_fee_removed_on),
  );
}

/**
 * The service fee for the days of `period` the subscription runs, within `within` (default: all of
 * them from its signing), pro rata by days, in whole öre.
 */
export function serviceFee(
  sub: ScheduledSubscription,
  period: BillingPeriod,
  within: { from?: IsoDate; to?: IsoDate } = {},
): { from: IsoDate; to: IsoDate; amount_ore: number } | null {
  const from = [period.start, sub.signed_on, within.from ?? period.start].reduce(maxDate);
  const to = [period.end, sub.ends_on ?? period.end, within.to ?? period.end].reduce(minDate);
  if (from > to) return null;
  // Priced against the whole nominal period (a calendar month, or twelve), so a part is paid by its days.
  const nominalDays = daysBetween(firstOfMonth(period.start), period.end) + 1;
  const activeDays = daysBetween(from, to) + 1;
  const fullPrice = sub.monthly_price_ore * (period.interval === 'annual' ? SCHEDULE_MONTHS : 1);
  const amount = Math.round((fullPrice * activeDays) / nominalDays);
  return { from, to, amount_ore: amount };
}

/** A line with the billing period it belongs to, the invoicing day that period gives it and its invoice's date. */
interface PlannedLine {
  line: DueInvoiceLine;
  period: { start: IsoDate; end: IsoDate };
  periodDay: IsoDate;
  date: IsoDate;
}

function scheduleLine(kind: ScheduleLine['kind'], sub: ScheduledSubscription, description: string, amount: number) {
  return { kind, subscription_id: sub.id, description, amount_ore: amount, vat_ore: vatPart(amount) };
}

/** The date a line of `sub` goes on, given the invoicing day its period gives it (see the module comment). */
function invoiceDate(input: ScheduleInput, sub: ScheduledSubscription, periodDay: IsoDate): IsoDate {
  const date = maxDate(periodDay, invoicingDayOnOrAfter(sub.registered_on ?? sub.signed_on));
  const last = input.last_issued_on;
  return last && date <= last ? invoicingDayOnOrAfter(addDays(last, 1)) : date;
}

function servicePlan(
  input: ScheduleInput,
  sub: ScheduledSubscription,
  period: BillingPeriod,
  within: { from?: IsoDate; to?: IsoDate },
): PlannedLine | null {
  const fee = serviceFee(sub, period, within);
  if (!fee || fee.amount_ore <= 0) return null;
  // A service that begins inside its period waits for the next first of a month.
  const periodDay = fee.from === period.start ? period.start : invoicingDayOnOrAfter(fee.from);
  return {
    line: {
      ...scheduleLine('service', sub, `${sub.product_name} ${fee.from} – ${fee.to}`, fee.amount_ore),
      period_start: fee.from,
      period_end: fee.to,
    },
    period,
    periodDay,
    date: invoiceDate(input, sub, periodDay),
  };
}

/** Calendar months from the one holding `from` to the one holding `to`, as monthly periods. */
function calendarMonths(from: IsoDate, to: IsoDate): BillingPeriod[] {
  const months: BillingPeriod[] = [];
  for (let start = firstOfMonth(from); start <= to; start = addMonths(start, 1)) {
    months.push({ start, end: lastOfMonth(start), interval: 'monthly' });
  }
  return months;
}

/** Every line not yet invoiced whose period starts before `until`, with the date of its invoice. */
function plannedLines(input: ScheduleInput, until: IsoDate): PlannedLine[] {
  const periods = billingPeriods(input, until);
  const firstUninvoiced = firstUninvoicedDay(input);
  const planned: PlannedLine[] = [];
  for (const sub of [...input.subscriptions].sort((a, b) => a.id - b.id)) {
    if (sub.status === 'withdrawn') continue;
    const through = sub.invoiced_through !== undefined ? sub.invoiced_through : input.invoiced_through;
    // The first day no service line of this subscription covers. A customer with no invoice at all is
    // billed from its first uninvoiced day; a subscription without one of a customer who has them, from
    // its signing — both never before the month it is billable from.
    const from = through !== null ? addDays(through, 1) : input.invoiced_through === null ? firstUninvoiced : sub.signed_on;
    const billable = billableFrom(sub, input.today);
    // Days before the customer's periods that this subscription has not paid for: it was added to a
    // period already invoiced. Billed month by month as a monthly customer's invoice would have.
    if (from < firstUninvoiced) {
      const catchUpFrom = [from, sub.signed_on, billable].reduce(maxDate);
      const catchUpTo = addDays(firstUninvoiced, -1);
      for (const month of catchUpFrom <= catchUpTo ? calendarMonths(catchUpFrom, catchUpTo) : []) {
        const plan = servicePlan(input, sub, month, { from: catchUpFrom, to: catchUpTo });
        if (plan) planned.push(plan);
      }
    }
    for (const period of periods) {
      const plan = servicePlan(input, sub, period, { from });
      if (plan && plan.periodDay >= billable) planned.push(plan);
      for (const day of period.start >= billable ? stickerFeeDays(sub, period.start, period.end) : []) {
        planned.push({
          line: {
            ...scheduleLine('sticker', sub, `Stöldskyddsdekaler (${sub.product_name}), årsavgift från ${day}`, sub.sticker_yearly_fee_ore),
            period_start: day,
            period_end: addDays(addMonths(day, 12), -1),
          },
          period,
          periodDay: period.start,
          date: invoiceDate(input, sub, period.start),
        });
      }
    }
  }
  return planned;
}

/** Lines grouped into one invoice per date, in date order; each invoice's lines by subscription, then period. */
function invoicesOf(planned: PlannedLine[], paymentMethod: PaymentMethod): DueInvoice[] {
  const byDate = new Map<IsoDate, PlannedLine[]>();
  for (const p of planned) byDate.set(p.date, [...(byDate.get(p.date) ?? []), p]);
  return [...byDate.keys()].sort().map((date) => {
    const group = byDate.get(date)!;
    const lines = group.map((p) => p.line);
    return {
      date,
      due_on: addDays(date, PAYMENT_TERM_DAYS),
      lines,
      total_ore: lines.reduce((sum, l) => sum + l.amount_ore, 0),
      vat_ore: lines.reduce((sum, l) => sum + l.vat_ore, 0),
      payment_method: paymentMethod,
      period_start: group.map((p) => p.period.start).reduce(minDate),
      period_end: group.map((p) => p.period.end).reduce(maxDate),
    };
  });
}

/**
 * The invoices dated within the next 12 months (before the same day a year ahead), none before today:
 * lines whose invoicing day has passed unissued are shown on the next invoicing day's invoice.
 */
export function invoiceSchedule(input: ScheduleInput): Schedule {
  const until = addMonths(input.today, SCHEDULE_MONTHS);
  const next = invoicingDayOnOrAfter(input.today);
  const planned = plannedLines(input, until)
    .map((p) => (p.date < input.today ? { ...p, date: next } : p))
    .filter((p) => p.date < until);
  const invoices = invoicesOf(planned, input.payment_method).map(
    ({ period_start: _s, period_end: _e, lines, ...invoice }): ScheduledInvoice => ({
      ...invoice,
      lines: lines.map(({ period_start: _ls, period_end: _le, ...line }) => line),
    }),
  );
  return { invoices };
}

/**
 * The daily invoicing run's work for one customer on `run_date`: every invoice dated on or before that
 * day that is not issued yet, each dated on its own invoicing day (`issued_on` = `date`, due 30 days
 * later) — the invoice the preview showed for that date.
 *
 * Why a late run (the server was down on the 1st, the run comes on the 3rd) dates the invoice the 1st
 * and not the 3rd: the date is then a fact of the data, the same for every instance and every hour, so
 * two instances racing across midnight compute the same (customer, date) and the database's unique key
 * lets exactly one of them issue it; the invoice is also exactly what the preview showed for the 1st,
 * and a monthly invoice keeps its place in the sequence. The customer gets two days less to pay, which
 * the 30-day term absorbs; a longer outage is an operational incident, not a billing rule.
 *
 * `last_issued_on` is required here: it keeps a line from going on a date that already has an invoice.
 */
export function invoicesDueOn(
  input: Omit<ScheduleInput, 'today' | 'last_issued_on'> & { run_date: IsoDate; last_issued_on: IsoDate | null },
): DueInvoice[] {
  const scheduleInput: ScheduleInput = { ...input, today: input.run_date };
  const planned = plannedLines(scheduleInput, addDays(input.run_date, 1)).filter((p) => p.date <= input.run_date);
  return invoicesOf(planned, input.payment_method);
}

/**
 * When a requested interval change takes effect: a switch to annual on the first day of the month after
 * the request (or the first uninvoiced day, if that is later); a switch to monthly when the current
 * annual period ends.
 */
export function intervalChangeEffectiveOn(input: PeriodInput, to: InvoiceInterval): IsoDate {
  const firstOfNextMonth = firstOfMonth(addMonths(firstOfMonth(input.today), 1));
  const uninvoiced = firstUninvoicedDay(input);
  if (to === 'annual') return maxDate(firstOfNextMonth, uninvoiced);
  if (uninvoiced > input.today) return uninvoiced;
  // The current period has not been invoiced yet: it ends where the walk of periods says.
  const [current] = billingPeriods(input, addDays(input.today, 1));
  return addDays(current.end, 1);
}
