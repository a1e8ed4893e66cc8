import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { IsoDate } from '../domain/calendarDate';
import { minDate, todayInStockholm } from '../domain/calendarDate';
import {
  type IntervalChange,
  intervalChangeEffectiveOn,
  type InvoiceInterval,
  invoiceSchedule,
  type Schedule,
  type ScheduledSubscription,
  type ScheduleInput,
} from '../domain/invoiceSchedule';
import type { AppliedMethodChange } from '../domain/paymentMethods';
import { vatPart } from '../domain/money';
import { makeOcr } from '../domain/ocr';
import { badRequest, conflict, forbidden } from '../core/errors';
import type { Ctx } from '../core/context';
import { idParam } from '../core/schemas';
import type { BillingChange } from '../domain/apiTypes';
import { can } from '../domain/permissions';
import { BILLING_CHANGE_KINDS, type SubscriptionStatus } from '../domain/values';
import type { BillingChangeRow, CustomerRow } from '../db/tables';
import { runWritten } from '../db/knex';
import { created, diff, writeAudit } from './audit';
import { getCustomer } from './customers';
import { asStored, eq, filterOf, type ResourceDescription } from './listing';
import { updateVersioned } from './versioned';

/**
 * Billing changes: switching the invoice interval and removing the sticker fee, with the schedule before
 * and after for the preview. A preview (`dryRun`) runs exactly the same plan and writes nothing.
 */
type Db = Knex | Knex.Transaction;

export const INVOICE_NUMBER_BASE = 500000;

/** Invoice numbers follow the row id (as the seeded ones do), so concurrent writers never collide. */
export function invoiceNumberFor(id: number): string {
  return String(INVOICE_NUMBER_BASE + id);
}

async function subscriptionsFor(db: Db, customerId: number, today: IsoDate): Promise<ScheduledSubscription[]> {
  // One after the other: inside a transaction they share one connection (pg refuses overlapping queries on it).
  // Written once (db/knex.ts `runWritten`): the schedule tab reads it on every opened record.
  const rows = await runWritten<Record<string, unknown>>(db, 'scheduled subscriptions of a customer', [customerId], (slot) =>
    db('subscriptions')
      .join('products', 'products.id', 'subscriptions.product_id')
      .where('subscriptions.customer_id', slot(0))
      .select(
        'subscriptions.id',
        'subscriptions.signed_on',
        'subscriptions.ends_on',
        'subscriptions.with_stickers',
        'subscriptions.sticker_fee_removed_on',
        'subscriptions.status',
        'subscriptions.created_at',
        'products.name as product_name',
        'products.monthly_price_ore',
        'products.sticker_yearly_fee_ore',
        // The last day its issued service lines cover (credit notes' lines are of kind `credit`), from the
        // index `invoice_lines_coverage` alone.
        db('invoice_lines')
          .max('invoice_lines.period_end')
          .whereRaw('invoice_lines.subscription_id = subscriptions.id')
          .andWhere('invoice_lines.kind', 'service')
          .as('invoiced_through'),
      )
      .orderBy('subscriptions.id'),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    product_name: r.product_name as string,
    monthly_price_ore: Number(r.monthly_price_ore),
    sticker_yearly_fee_ore: Number(r.sticker_yearly_fee_ore),
    signed_on: r.signed_on as string,
    ends_on: (r.ends_on as string | null) ?? null,
    with_stickers: Boolean(r.with_stickers),
    sticker_fee_removed_on: (r.sticker_fee_removed_on as string | null) ?? null,
    status: r.status as SubscriptionStatus,
    registered_on: registeredOn(r.created_at as string, today),
    invoiced_through: (r.invoiced_through as IsoDate | null) ?? null,
  }));
}

/**
 * The day a sale became known: the Stockholm date of its `created_at`, never after `today` (with a pinned
 * TODAY for demos and tests the real clock runs ahead; a sale entered "now" is then known today).
 */
export function registeredOn(createdAt: string, today: IsoDate): IsoDate {
  return minDate(todayInStockholm(new Date(createdAt)), today);
}

async function pendingIntervalChanges(db: Db, customerId: number): Promise<IntervalChange[]> {
  const rows = await runWritten<{ effective_on: IsoDate; to_interval: InvoiceInterval | null }>(
    db,
    'pending interval changes of a customer',
    [customerId],
    (slot) =>
      db('billing_changes')
        .where('customer_id', slot(0))
        .andWhere('kind', 'invoice_interval')
        .whereNull('applied_on')
        .whereNull('cancelled_on')
        .orderBy([{ column: 'effective_on' }, { column: 'id' }])
        .select('effective_on', 'to_interval'),
  );
  // Interval changes always name the interval they switch to.
  return rows.flatMap((r) => (r.to_interval ? [{ effective_on: r.effective_on, to_interval: r.to_interval }] : []));
}

/** The last day an issued invoice covers, and the date of the latest invoice the run issued (one per day). */
async function invoicedThrough(db: Db, customerId: number): Promise<{ through: IsoDate | null; lastIssuedOn: IsoDate | null }> {
  const [row] = await runWritten<{ last: IsoDate | null; issued: IsoDate | null }>(
    db,
    'invoiced through of a customer',
    [customerId],
    (slot) =>
      db('invoices')
        .where('customer_id', slot(0))
        .andWhere('kind', 'invoice')
        .whereNotNull('period_start')
        .max({ last: 'period_end', issued: 'issued_on' }),
  );
  return { through: row?.last ?? null, lastIssuedOn: row?.issued ?? null };
}

/** Payment-method changes that have taken effect, oldest first: which method held on a past day. */
export async function appliedMethodChanges(db: Db, customerId: number): Promise<AppliedMethodChange[]> {
  const rows = await db('billing_changes')
    .where({ customer_id: customerId, kind: 'payment_method' })
    .whereNotNull('applied_on')
    .whereNull('cancelled_on')
    .orderBy('id')
    .select('effective_on', 'from_method', 'to_method');
  return rows.flatMap((r) =>
    r.from_method && r.to_method ? [{ effective_on: r.effective_on, from_method: r.from_method, to_method: r.to_method }] : [],
  );
}

/**
 * Everything the pure schedule and the invoicing run need about one customer, read from the database: per
 * subscription its status, the day it was registered and how far its service is invoiced; the customer's
 * latest run invoice. The preview and the run read the same input, so they agree.
 */
export async function scheduleInputFor(
  db: Db,
  customer: CustomerRow,
  today: IsoDate,
): Promise<ScheduleInput & { last_issued_on: IsoDate | null }> {
  const subscriptions = await subscriptionsFor(db, customer.id, today);
  const pending_changes = await pendingIntervalChanges(db, customer.id);
  const invoiced = await invoicedThrough(db, customer.id);
  return {
    today,
    interval: customer.invoice_interval,
    pending_changes,
    invoiced_through: invoiced.through,
    last_issued_on: invoiced.lastIssuedOn,
    payment_method: customer.payment_method,
    subscriptions,
  };
}

export async function customerInvoiceSchedule(ctx: Pick<Ctx, 'db' | 'today'>, customerId: number): Promise<Schedule> {
  const customer = await getCustomer(ctx.db, customerId);
  return invoiceSchedule(await scheduleInputFor(ctx.db, customer, ctx.today));
}

export interface BillingPreview {
  dry_run: true;
  change: Omit<BillingChangeRow, 'id' | 'created_by' | 'created_at' | 'applied_on'>;
  credits: CreditPlan[];
  before: Schedule;
  after: Schedule;
}

export async function customerOrFieldError(db: Db, id: number): Promise<CustomerRow> {
  const row = await db('customers').where({ id }).first();
  if (!row) throw badRequest('Kunden finns inte', { customer_id: 'Kunden finns inte' });
  return row;
}

export async function insertChange(trx: Knex.Transaction, ctx: Ctx, values: Omit<BillingChangeRow, 'id' | 'created_by' | 'created_at'>) {
  const row = { ...values, created_by: ctx.actor, created_at: new Date().toISOString() };
  const [{ id }] = await trx('billing_changes').insert(row).returning('id');
  const { applied_on: _a, ...audited } = values;
  await writeAudit(trx, ctx, {
    action: 'create',
    entity: 'billing_changes',
    entityId: id,
    customerId: values.customer_id,
    changes: created(audited),
  });
  return { id: Number(id), ...row };
}

// ─── Invoice interval ────────────────────────────────────────────────────────────────────────────

const INTERVAL_WORD: Record<InvoiceInterval, string> = { monthly: 'månadsfaktura', annual: 'årsfaktura' };

export async function changeInvoiceInterval(
  ctx: Ctx,
  input: { customer_id: number; to_interval: InvoiceInterval },
  options: { dryRun: boolean },
): Promise<BillingChangeRow | BillingPreview> {
  return ctx.db.transaction(async (trx) => {
    const customer = await customerOrFieldError(trx, input.customer_id);
    const scheduleInput = await scheduleInputFor(trx, customer, ctx.today);
    const to = input.to_interval;
    const pending = scheduleInput.pending_changes.find((c) => c.to_interval === to);
    if (pending) {
      throw conflict(`Byte till ${INTERVAL_WORD[to]} är redan beställt från ${pending.effective_on}`, {
        to_interval: `Redan beställt från ${pending.effective_on}`,
      });
    }
    // With two intervals, a pending change always differs from the current one, so this also refuses a
    // second change while one is pending.
    if (customer.invoice_interval === to && scheduleInput.pending_changes.length === 0) {
      throw conflict(`Kunden har redan ${INTERVAL_WORD[to]}`, { to_interval: `Kunden har redan ${INTERVAL_WORD[to]}` });
    }
    if (customer.invoice_interval === to) {
      throw conflict('Ett byte av fakturaintervall väntar redan', { to_interval: 'Ett byte väntar redan' });
    }
    const effective_on = intervalChangeEffectiveOn(scheduleInput, to);
    const change = {
      customer_id: customer.id,
      subscription_id: null,
      kind: 'invoice_interval' as const,
      to_interval: to,
      effective_on,
      credited_ore: 0,
      refunded_ore: 0,
      to_method: null,
      from_method: null,
      mandate_id: null,
      cancelled_on: null,
      cancelled_by: null,
    };
    if (options.dryRun) {
      return {
        dry_run: true as const,
        change,
        credits: [],
        before: invoiceSchedule(scheduleInput),
        after: invoiceSchedule({
          ...scheduleInput,
          pending_changes: [...scheduleInput.pending_changes, { effective_on, to_interval: to }],
        }),
      };
    }
    return insertChange(trx, ctx, { ...change, applied_on: null });
  });
}

/**
 * The daily job: applies interval changes whose day has come to the customer, each exactly once, each in
 * its own transaction with its audit event.
 */
export async function applyDueIntervalChanges(db: Knex, today: IsoDate): Promise<number> {
  const due = await db('billing_changes')
    .where({ kind: 'invoice_interval' })
    .whereNull('applied_on')
    .whereNull('cancelled_on')
    .where('effective_on', '<=', today)
    .orderBy([{ column: 'effective_on' }, { column: 'id' }])
    .select('id');
  const ctx = { actor: 'system', requestId: `job:invoice-interval:${today}` };
  let applied = 0;
  for (const { id } of due) {
    await db.transaction(async (trx) => {
      // Claim the change first: a second instance running the job at once blocks on this row until the
      // first commits, then finds it applied and does nothing (a read-then-write would apply it twice).
      const claimed = await trx('billing_changes')
        .where({ id })
        .whereNull('applied_on')
        .whereNull('cancelled_on')
        .update({ applied_on: today });
      if (claimed === 0) return; // applied by another instance meanwhile, or cancelled by an agent
      const change = (await trx('billing_changes').where({ id }).first())!;
      const customer = await getCustomer(trx, change.customer_id);
      if (change.to_interval && customer.invoice_interval !== change.to_interval) {
        // version + 1 in SQL: an agent's concurrent save then meets a new version (409), never the same one.
        await updateVersioned(trx, ctx, {
          table: 'customers',
          before: customer,
          changes: { invoice_interval: change.to_interval },
          matchVersion: false,
          audit: { customerId: customer.id },
        });
      }
      applied++;
    });
  }
  return applied;
}

// ─── Sticker fee removal ─────────────────────────────────────────────────────────────────────────

export interface CreditPlan {
  /** `credit`: an unpaid sticker fee, taken off the invoice's open amount; `refund`: a paid one paid back. */
  kind: 'credit' | 'refund';
  invoice_id: number;
  invoice_number: string;
  amount_ore: number;
  lines: Array<{
    subscription_id: number;
    description: string;
    period_start: string | null;
    period_end: string | null;
    amount_ore: number;
  }>;
}

interface StickerLine {
  invoice_id: number;
  invoice_number: string;
  status: string;
  open_ore: number;
  subscription_id: number;
  description: string;
  period_start: string | null;
  period_end: string | null;
  amount_ore: number;
}

/** Which sticker fees are credited (unpaid) or refunded (paid, current sticker year, when asked). */
async function planStickerCredits(db: Db, subscriptionId: number, today: IsoDate, refund: boolean): Promise<CreditPlan[]> {
  const rows = await db('invoice_lines')
    .join('invoices', 'invoices.id', 'invoice_lines.invoice_id')
    .where('invoice_lines.subscription_id', subscriptionId)
    .andWhere('invoice_lines.kind', 'sticker')
    .andWhere('invoices.kind', 'invoice')
    .whereIn('invoices.status', ['unpaid', 'paid'])
    .orderBy('invoices.id')
    .select<StickerLine[]>(
      'invoices.id as invoice_id',
      'invoices.invoice_number',
      'invoices.status',
      'invoices.open_ore',
      'invoice_lines.subscription_id',
      'invoice_lines.description',
      'invoice_lines.period_start',
      'invoice_lines.period_end',
      'invoice_lines.amount_ore',
    );
  const plans = new Map<number, CreditPlan>();
  for (const row of rows) {
    const unpaid = row.status === 'unpaid' && Number(row.open_ore) > 0;
    const currentYear = row.period_end === null || row.period_end >= today;
    const kind = unpaid ? 'credit' : refund && currentYear ? 'refund' : null;
    if (!kind) continue;
    const plan = plans.get(row.invoice_id) ?? {
      kind,
      invoice_id: Number(row.invoice_id),
      invoice_number: row.invoice_number,
      amount_ore: 0,
      lines: [],
    };
    // An unpaid invoice is credited at most down to nothing left to pay.
    const room = kind === 'credit' ? Number(row.open_ore) - plan.amount_ore : Infinity;
    const amount = Math.min(Number(row.amount_ore), room);
    if (amount <= 0) continue;
    plan.amount_ore += amount;
    plan.lines.push({
      subscription_id: Number(row.subscription_id),
      description: `Kreditering faktura ${row.invoice_number}: ${row.description}`,
      period_start: row.period_start,
      period_end: row.period_end,
      amount_ore: amount,
    });
    plans.set(plan.invoice_id, plan);
  }
  return [...plans.values()];
}

/**
 * A credit note is an invoice row of kind `credit_note` with negative amounts (it takes money off), its
 * own invoice number and OCR reference, and `credits_invoice_id` naming the invoice it credits. It is
 * settled the moment it is issued (status `paid`, nothing open): a credit by lowering the credited
 * invoice's open amount, a refund by being paid back to the customer.
 */
export async function issueCreditNote(trx: Knex.Transaction, ctx: Ctx, customer: CustomerRow, plan: CreditPlan) {
  const invoice = (await trx('invoices').where({ id: plan.invoice_id }).first())!;
  const lines = plan.lines.map((l) => ({ ...l, kind: 'credit' as const, amount_ore: -l.amount_ore, vat_ore: -vatPart(l.amount_ore) }));
  const placeholder = randomUUID().replace(/-/g, '');
  const values = {
    customer_id: customer.id,
    kind: 'credit_note' as const,
    credits_invoice_id: plan.invoice_id,
    issued_on: ctx.today,
    due_on: ctx.today,
    period_start: invoice.period_start,
    period_end: invoice.period_end,
    total_ore: -plan.amount_ore,
    vat_ore: lines.reduce((sum, l) => sum + l.vat_ore, 0),
    open_ore: 0,
    status: 'paid' as const,
    payment_method: invoice.payment_method,
    paid_on: ctx.today,
    created_at: new Date().toISOString(),
  };
  const [{ id: rawId }] = await trx('invoices')
    .insert({ ...values, invoice_number: `P${placeholder.slice(0, 19)}`, ocr: `P${placeholder.slice(0, 24)}` })
    .returning('id');
  const id = Number(rawId);
  const invoice_number = invoiceNumberFor(id);
  const ocr = makeOcr(invoice_number);
  await trx('invoices').where({ id }).update({ invoice_number, ocr });
  await trx('invoice_lines').insert(lines.map((l) => ({ ...l, invoice_id: id })));
  await writeAudit(trx, ctx, {
    action: 'create',
    entity: 'invoices',
    entityId: id,
    customerId: customer.id,
    changes: created({ kind: 'credit_note', invoice_number, ocr, credits_invoice_id: plan.invoice_id, total_ore: values.total_ore }),
  });
  if (plan.kind === 'credit') {
    // open = total − paid − credited holds after every booking: the credit moves from open to credited.
    const open_ore = Number(invoice.open_ore) - plan.amount_ore;
    const credited_ore = Number(invoice.credited_ore) + plan.amount_ore;
    // Nothing left to pay because of the credit: the invoice is credited; otherwise it stays unpaid.
    const status = open_ore === 0 ? 'credited' : invoice.status;
    await trx('invoices').where({ id: plan.invoice_id }).update({ open_ore, credited_ore, status });
    await writeAudit(trx, ctx, {
      action: 'update',
      entity: 'invoices',
      entityId: plan.invoice_id,
      customerId: customer.id,
      changes: diff(
        { open_ore: Number(invoice.open_ore), credited_ore: Number(invoice.credited_ore), status: invoice.status },
        { open_ore, credited_ore, status },
      ),
    });
  }
  return { id, invoice_number, ocr, credits_invoice_id: plan.invoice_id, total_ore: values.total_ore };
}

export async function removeStickerFee(
  ctx: Ctx,
  input: { subscription_id: number; customer_id?: number; refund: boolean },
  options: { dryRun: boolean },
) {
  if (input.refund && !can(ctx.role, 'billing_changes', 'refund'))
    throw forbidden('Bara en teamledare får återbetala en betald dekalavgift');
  return ctx.db.transaction(async (trx) => {
    const subscription = await trx('subscriptions').where({ id: input.subscription_id }).first();
    if (!subscription) throw badRequest('Abonnemanget finns inte', { subscription_id: 'Abonnemanget finns inte' });
    if (input.customer_id !== undefined && input.customer_id !== Number(subscription.customer_id)) {
      throw badRequest('Abonnemanget tillhör en annan kund', { subscription_id: 'Abonnemanget tillhör en annan kund' });
    }
    if (subscription.status === 'ended' || subscription.status === 'withdrawn') {
      // The schedule bills an ended subscription nothing more: there is no fee left to remove.
      throw conflict('Abonnemanget har upphört; det har ingen dekalavgift kvar att ta bort', {
        subscription_id: 'Abonnemanget har upphört',
      });
    }
    if (!subscription.with_stickers) {
      throw conflict('Abonnemanget har inga stöldskyddsdekaler', { subscription_id: 'Abonnemanget har inga dekaler' });
    }
    if (subscription.sticker_fee_removed_on) {
      throw conflict(`Dekalavgiften togs redan bort ${subscription.sticker_fee_removed_on}`, {
        subscription_id: `Dekalavgiften togs bort ${subscription.sticker_fee_removed_on}`,
      });
    }
    const customer = await getCustomer(trx, Number(subscription.customer_id));
    const scheduleInput = await scheduleInputFor(trx, customer, ctx.today);
    const credits = await planStickerCredits(trx, subscription.id, ctx.today, input.refund);
    const sum = (kind: CreditPlan['kind']) => credits.filter((c) => c.kind === kind).reduce((s, c) => s + c.amount_ore, 0);
    const change = {
      customer_id: customer.id,
      subscription_id: Number(subscription.id),
      kind: 'sticker_fee_removal' as const,
      to_interval: null,
      effective_on: ctx.today,
      credited_ore: sum('credit'),
      refunded_ore: sum('refund'),
      to_method: null,
      from_method: null,
      mandate_id: null,
      cancelled_on: null,
      cancelled_by: null,
    };
    if (options.dryRun) {
      const after: ScheduleInput = {
        ...scheduleInput,
        subscriptions: scheduleInput.subscriptions.map((s) =>
          s.id === change.subscription_id ? { ...s, sticker_fee_removed_on: ctx.today } : s,
        ),
      };
      return { dry_run: true as const, change, credits, before: invoiceSchedule(scheduleInput), after: invoiceSchedule(after) };
    }
    await updateVersioned(trx, ctx, {
      table: 'subscriptions',
      before: subscription,
      changes: { sticker_fee_removed_on: ctx.today },
      matchVersion: false,
      audit: { customerId: customer.id },
    });
    const creditNotes = [];
    for (const plan of credits) creditNotes.push(await issueCreditNote(trx, ctx, customer, plan));
    const row = await insertChange(trx, ctx, { ...change, applied_on: ctx.today });
    return { ...row, credit_notes: creditNotes };
  });
}

export const billingChangesListing: ResourceDescription<'billing_changes', BillingChange> = {
  name: 'billing_changes',
  table: 'billing_changes',
  sortable: ['id', 'effective_on', 'created_at'],
  defaultSort: ['id', 'DESC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    subscription_id: eq('subscription_id', idParam),
    kind: eq('kind', z.enum(BILLING_CHANGE_KINDS)),
    // Changes waiting to take effect (an interval switch before its day, autogiro before the mandate is
    // decided); a cancelled change is no longer pending.
    pending: filterOf(z.boolean(), (qb, value) =>
      value
        ? qb.whereNull('applied_on').whereNull('cancelled_on')
        : qb.where((w) => w.whereNotNull('applied_on').orWhereNotNull('cancelled_on')),
    ),
    cancelled: filterOf(z.boolean(), (qb, value) => (value ? qb.whereNotNull('cancelled_on') : qb.whereNull('cancelled_on'))),
  },
  toApi: asStored,
};
