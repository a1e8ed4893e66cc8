import { addDays, addMonths, daysBetween, firstOfMonth, type IsoDate, lastOfMonth, maxDate, minDate, parts } from './calendarDate';
import { vatPart } from './money';

/**
 * The invoice schedule: which invoices a customer will receive, with which lines, in the coming 12 months.
 *
 * Billing periods follow calendar months and are invoiced on their first day, due 30 days later. A
 * monthly customer's period is one calendar month, an annual customer's twelve calendar months.
 *
 * Anchor of the annual period: periods run back to back from the first day that no issued invoice covers
 * yet (the day after the latest invoiced `period_end`, never before the first of the current month). A
 * switch to annual takes effect on the first of the month after the request, which is exactly that day
 * for a monthly customer, so the annual period starts on the switch's `effective_on` and each next one
 * twelve months later. A switch back to monthly takes effect the day after the current annual period ends.
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

export interface BillingPeriod {
  start: IsoDate;
  end: IsoDate;
  interval: InvoiceInterval;
}

export const PAYMENT_TERM_DAYS = 30;
export const SCHEDULE_MONTHS = 12;

/** The interval that applies to a period starting on `date`. */
export function intervalOn(input: Pick<ScheduleInput, 'interval' | 'pending_changes'>, date: IsoDate): InvoiceInterval {
  const applicable = input.pending_changes
    .filter((c) => c.effective_on <= date)
    .sort((a, b) => (a.effective_on < b.effective_on ? -1 : a.effective_on > b.effective_on ? 1 : 0));
  return applicable.length ? applicable[applicable.length - 1].to_interval : input.interval;
}

/** The first day no issued invoice covers, never before the first of the current month. */
export function firstUninvoicedDay(input: Pick<ScheduleInput, 'today' | 'invoiced_through'>): IsoDate {
  const thisMonth = firstOfMonth(input.today);
  return input.invoiced_through ? maxDate(addDays(input.invoiced_through, 1), thisMonth) : thisMonth;
}

/** Back-to-back billing periods from the first uninvoiced day, for those starting before `until`. */
export function billingPeriods(
  input: Pick<ScheduleInput, 'today' | 'invoiced_through' | 'interval' | 'pending_changes'>,
  until: IsoDate,
): BillingPeriod[] {
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

/** The service fee for the days of `period` the subscription runs, pro rata by days, in whole öre. */
export function serviceFee(sub: ScheduledSubscription, period: BillingPeriod): { from: IsoDate; to: IsoDate; amount_ore: number } | null {
  const from = maxDate(period.start, sub.signed_on);
  const to = sub.ends_on ? minDate(period.end, sub.ends_on) : period.end;
  if (from > to) return null;
  // Priced against the whole nominal period (a calendar month, or twelve), so a part is paid by its days.
  const nominalDays = daysBetween(firstOfMonth(period.start), period.end) + 1;
  const activeDays = daysBetween(from, to) + 1;
  const fullPrice = sub.monthly_price_ore * (period.interval === 'annual' ? SCHEDULE_MONTHS : 1);
  const amount = Math.round((fullPrice * activeDays) / nominalDays);
  return { from, to, amount_ore: amount };
}

function line(kind: ScheduleLine['kind'], subscriptionId: number, description: string, amount: number): ScheduleLine {
  return { kind, subscription_id: subscriptionId, description, amount_ore: amount, vat_ore: vatPart(amount) };
}

/** The invoice for one billing period, or null when nothing is billed in it. */
export function invoiceFor(
  period: BillingPeriod,
  subscriptions: readonly ScheduledSubscription[],
  paymentMethod: PaymentMethod,
): ScheduledInvoice | null {
  const lines: ScheduleLine[] = [];
  for (const sub of [...subscriptions].sort((a, b) => a.id - b.id)) {
    const fee = serviceFee(sub, period);
    if (fee && fee.amount_ore > 0) {
      lines.push(line('service', sub.id, `${sub.product_name} ${fee.from} – ${fee.to}`, fee.amount_ore));
    }
    for (const day of stickerFeeDays(sub, period.start, period.end)) {
      lines.push(line('sticker', sub.id, `Stöldskyddsdekaler (${sub.product_name}), årsavgift från ${day}`, sub.sticker_yearly_fee_ore));
    }
  }
  if (lines.length === 0) return null;
  return {
    date: period.start,
    due_on: addDays(period.start, PAYMENT_TERM_DAYS),
    lines,
    total_ore: lines.reduce((sum, l) => sum + l.amount_ore, 0),
    vat_ore: lines.reduce((sum, l) => sum + l.vat_ore, 0),
    payment_method: paymentMethod,
  };
}

/** The invoices dated within the next 12 months (before the same day a year ahead). */
export function invoiceSchedule(input: ScheduleInput): Schedule {
  const until = addMonths(input.today, SCHEDULE_MONTHS);
  const invoices = billingPeriods(input, until)
    .map((p) => invoiceFor(p, input.subscriptions, input.payment_method))
    .filter((i): i is ScheduledInvoice => i !== null);
  return { invoices };
}

/**
 * When a requested interval change takes effect: a switch to annual on the first day of the month after
 * the request (or the first uninvoiced day, if that is later); a switch to monthly when the current
 * annual period ends.
 */
export function intervalChangeEffectiveOn(
  input: Pick<ScheduleInput, 'today' | 'invoiced_through' | 'interval' | 'pending_changes'>,
  to: InvoiceInterval,
): IsoDate {
  const firstOfNextMonth = firstOfMonth(addMonths(firstOfMonth(input.today), 1));
  const uninvoiced = firstUninvoicedDay(input);
  if (to === 'annual') return maxDate(firstOfNextMonth, uninvoiced);
  if (uninvoiced > input.today) return uninvoiced;
  // The current period has not been invoiced yet: it ends where the walk of periods says.
  const [current] = billingPeriods(input, addDays(input.today, 1));
  return addDays(current.end, 1);
}
