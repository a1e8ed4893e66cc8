import type { Knex } from 'knex';
import { z } from 'zod';
import { addDays, firstOfMonth, type IsoDate, lastOfMonth, weekday } from '../domain/calendarDate';
import { cancellationTerms, type CancellationTerms } from '../domain/cancellationTerms';
import {
  CANCELLATION_STATUSES,
  type CancellationReason,
  type CancellationStatus,
  CANCELLATION_KINDS,
  CANCELLATION_REASONS,
  formOverdueBefore,
  MAX_BACKDATE_DAYS,
  mayTransition,
  OPEN_CANCELLATION_STATUSES,
  requestedOnError,
} from '../domain/cancellationRules';
import type { Cancellation } from '../domain/apiTypes';
import { can } from '../domain/permissions';
import type { Channel, InvoiceStatus } from '../domain/values';
import { type SettlementInvoice, settleWithdrawal, type WithdrawalSettlement } from '../domain/withdrawalSettlement';
import { badRequest, conflict, forbidden, notFound } from '../core/errors';
import type { Ctx } from '../core/context';
import { idParam, isoDateSchema } from '../core/schemas';
import type { CancellationRow, SubscriptionRow } from '../db/tables';
import { created, writeAudit } from './audit';
import { issueCreditNote } from './billing';
import { getCustomer } from './customers';
import { asStored, eq, filterOf, gte, lte, type ResourceDescription } from './listing';
import { refuseReadOnlyChanges, staleVersion, tryUpdateVersioned, updateVersioned } from './versioned';

type Db = Knex | Knex.Transaction;

export async function getSubscription(db: Db, id: number): Promise<SubscriptionRow> {
  const row = await db('subscriptions').where({ id }).first();
  if (!row) throw notFound('Abonnemanget finns inte');
  return row;
}

/**
 * What a withdrawal of the subscription settles (PRODUCT.md: "a withdrawal credits every unpaid invoice
 * line of the withdrawn subscription and records the refund of what was paid"): its lines on issued
 * invoices, less what earlier credit notes already took off them, credited where open and refunded where
 * paid (domain/withdrawalSettlement.ts). The preview and the registration read it the same way.
 */
export async function settlementFor(db: Db, subscriptionId: number): Promise<WithdrawalSettlement> {
  // One after the other: inside the registration's transaction both share one connection.
  const lines = await db('invoice_lines')
    .join('invoices', 'invoices.id', 'invoice_lines.invoice_id')
    .where('invoice_lines.subscription_id', subscriptionId)
    .andWhere('invoices.kind', 'invoice')
    .whereIn('invoice_lines.kind', ['service', 'sticker'])
    .orderBy([{ column: 'invoices.id' }, { column: 'invoice_lines.id' }])
    .select<Array<Record<string, unknown>>>(
      'invoices.id as invoice_id',
      'invoices.invoice_number',
      'invoices.status',
      'invoices.open_ore',
      'invoices.paid_ore',
      'invoice_lines.kind',
      'invoice_lines.description',
      'invoice_lines.period_start',
      'invoice_lines.period_end',
      'invoice_lines.amount_ore',
    );
  // Credit notes name the invoice they credit; their lines carry the subscription and period they took off.
  const credits = await db('invoice_lines')
    .join('invoices', 'invoices.id', 'invoice_lines.invoice_id')
    .where('invoice_lines.subscription_id', subscriptionId)
    .andWhere('invoices.kind', 'credit_note')
    .select<Array<Record<string, unknown>>>(
      'invoices.credits_invoice_id',
      'invoice_lines.period_start',
      'invoice_lines.period_end',
      'invoice_lines.amount_ore',
    );
  const creditedKey = (invoiceId: unknown, start: unknown, end: unknown) => `${invoiceId}|${start ?? ''}|${end ?? ''}`;
  const creditLeft = new Map<string, number>();
  for (const c of credits) {
    const key = creditedKey(c.credits_invoice_id, c.period_start, c.period_end);
    creditLeft.set(key, (creditLeft.get(key) ?? 0) - Number(c.amount_ore));
  }
  const invoices = new Map<number, SettlementInvoice>();
  for (const l of lines) {
    const id = Number(l.invoice_id);
    const invoice = invoices.get(id) ?? {
      invoice_id: id,
      invoice_number: l.invoice_number as string,
      status: l.status as InvoiceStatus,
      open_ore: Number(l.open_ore),
      paid_ore: Number(l.paid_ore),
      lines: [],
    };
    const key = creditedKey(id, l.period_start, l.period_end);
    const amount = Number(l.amount_ore);
    const credited = Math.min(amount, creditLeft.get(key) ?? 0);
    if (credited > 0) creditLeft.set(key, (creditLeft.get(key) ?? 0) - credited);
    invoice.lines.push({
      subscription_id: subscriptionId,
      kind: l.kind as 'service' | 'sticker',
      description: l.description as string,
      period_start: (l.period_start as string | null) ?? null,
      period_end: (l.period_end as string | null) ?? null,
      amount_ore: amount,
      credited_ore: credited,
    });
    invoices.set(id, invoice);
  }
  return settleWithdrawal([...invoices.values()]);
}

/** A date a cancellation cannot be given on: 400 with the field error on `requested_on`. */
function refuseRequestedOn(requestedOn: IsoDate, subscription: SubscriptionRow, today: IsoDate) {
  const error = requestedOnError(requestedOn, subscription.signed_on, today);
  if (!error) return;
  const message =
    requestedOn > today
      ? 'Uppsägningsdagen kan inte ligga i framtiden'
      : requestedOn < subscription.signed_on
        ? 'Uppsägningsdagen ligger före avtalsdagen'
        : `Uppsägningsdagen får ligga högst ${MAX_BACKDATE_DAYS} dagar bakåt`;
  throw badRequest(message, { requested_on: error });
}

/** A subscription that has ended, or already has an open cancellation, cannot be cancelled (409). */
async function refuseUncancellable(db: Db, subscription: SubscriptionRow) {
  if (subscription.status === 'ended' || subscription.status === 'withdrawn') {
    throw conflict('Abonnemanget har redan upphört', { subscription_id: 'Abonnemanget har redan upphört' });
  }
  const open = await db('cancellations')
    .where({ subscription_id: subscription.id })
    .whereIn('status', OPEN_CANCELLATION_STATUSES)
    .first('id');
  if (open || subscription.status === 'notice_given') throw alreadyOpen();
}

/**
 * The preview: what a cancellation asked for on `requestedOn` would be. It refuses what registering
 * would refuse (a date in the future, before signing or too far back; an ended subscription or one
 * already under notice), so that it never shows terms that cannot be registered; with the refund a
 * withdrawal would settle.
 */
export async function termsForSubscription(
  ctx: Pick<Ctx, 'db' | 'today'>,
  subscriptionId: number,
  requestedOn: IsoDate,
): Promise<CancellationTerms> {
  const subscription = await getSubscription(ctx.db, subscriptionId);
  await refuseUncancellable(ctx.db, subscription);
  refuseRequestedOn(requestedOn, subscription, ctx.today);
  return cancellationTerms(subscription, requestedOn, (await settlementFor(ctx.db, subscriptionId)).refund_ore);
}

export interface RegisterCancellationInput {
  subscription_id: number;
  requested_on: IsoDate;
  channel: Channel;
  reason: CancellationReason;
  reason_note?: string | null;
}

function alreadyOpen() {
  return conflict('Abonnemanget har redan en pågående uppsägning', { subscription_id: 'Det finns redan en pågående uppsägning' });
}

/** A unique-index violation from `cancellations_one_open`: another request registered one first. */
function isOneOpenViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code === '23505') return e.constraint === 'cancellations_one_open' || /cancellations_one_open/.test(String(e.message));
  return e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed: cancellations\.subscription_id/.test(String(e.message));
}

/**
 * Registers a withdrawal or a notice exactly as the preview says, moves the subscription to
 * `withdrawn` (ended on requested_on) or `notice_given`, and audits both in one transaction.
 */
export async function registerCancellation(ctx: Ctx, input: RegisterCancellationInput) {
  try {
    return await ctx.db.transaction(async (trx) => {
      const subscription = await getSubscription(trx, input.subscription_id);
      await refuseUncancellable(trx, subscription);
      refuseRequestedOn(input.requested_on, subscription, ctx.today);
      const settlement = await settlementFor(trx, subscription.id);
      const terms = cancellationTerms(subscription, input.requested_on, settlement.refund_ore);
      const now = new Date().toISOString();
      const values = {
        subscription_id: subscription.id,
        customer_id: subscription.customer_id,
        kind: terms.kind,
        requested_on: terms.requested_on,
        channel: input.channel,
        reason: input.reason,
        reason_note: input.reason_note?.trim() || null,
        ends_on: terms.ends_on,
        refund_ore: terms.refund_ore,
        status: 'registered' as const,
        created_by: ctx.actor,
      };
      const [{ id }] = await trx('cancellations')
        .insert({ ...values, updated_by: ctx.actor, version: 1, created_at: now, updated_at: now })
        .returning('id');
      await writeAudit(trx, ctx, {
        action: 'create',
        entity: 'cancellations',
        entityId: Number(id),
        customerId: subscription.customer_id,
        changes: created(values),
      });
      // Guarded on the status read above, so a concurrent change cannot be overwritten.
      const updated = await tryUpdateVersioned(trx, ctx, {
        table: 'subscriptions',
        before: subscription,
        changes: { status: terms.kind === 'withdrawal' ? 'withdrawn' : 'notice_given', ends_on: terms.ends_on },
        where: { status: 'active' },
        matchVersion: false,
        audit: { customerId: subscription.customer_id },
      });
      if (!updated) throw alreadyOpen();
      if (terms.kind === 'withdrawal' && settlement.credit_notes.length > 0) {
        // The withdrawal settles the money in the same transaction: credit notes for what is open, refunds for what was paid.
        const customer = await getCustomer(trx, subscription.customer_id);
        for (const note of settlement.credit_notes) await issueCreditNote(trx, ctx, customer, note);
      }
      return {
        ...(await getCancellation(trx, Number(id))),
        withdrawal_deadline: terms.withdrawal_deadline,
        binding_ends_on: terms.binding_ends_on,
      };
    });
  } catch (err) {
    if (isOneOpenViolation(err)) throw alreadyOpen();
    throw err;
  }
}

export async function getCancellation(db: Db, id: number): Promise<CancellationRow> {
  const row = await db('cancellations').where({ id }).first();
  if (!row) throw notFound('Uppsägningen finns inte');
  return row;
}

/**
 * `registered → form_sent → confirmed → completed`, or `revoked` from an open status before the end
 * date (the subscription is then active again). Each step records its date and who took it. `sent` holds
 * the record's other fields as the client sent them back (react-admin's `update` sends the whole
 * record): they must still be what is stored.
 */
export async function changeCancellationStatus(
  ctx: Ctx,
  id: number,
  version: number,
  to: CancellationStatus,
  sent: Partial<Record<keyof Cancellation, unknown>> = {},
  options: { revokeReason?: string } = {},
): Promise<Cancellation> {
  if (to === 'registered') throw conflict('En uppsägning kan inte gå tillbaka till registrerad', { status: 'Otillåten statusändring' });
  if (!can(ctx.role, 'cancellations', to)) throw forbidden('Bara en teamledare får flytta uppsägningen till den statusen');
  return ctx.db.transaction(async (trx) => {
    const before = await getCancellation(trx, id);
    if (before.version !== version) throw staleVersion('cancellations');
    refuseReadOnlyChanges(before, sent);
    if (!mayTransition(ctx.role, before.status, to)) {
      throw conflict(`En uppsägning med status ${before.status} kan inte få status ${to}`, { status: 'Otillåten statusändring' });
    }
    const changes: Partial<CancellationRow> = { status: to, updated_by: ctx.actor };
    if (to === 'form_sent') changes.form_sent_on = ctx.today;
    if (to === 'confirmed') changes.form_received_on = ctx.today;
    if (to === 'completed') changes.completed_on = ctx.today;
    if (to === 'revoked') {
      if (ctx.today >= before.ends_on) {
        throw conflict('Avtalet har redan upphört; uppsägningen kan inte återkallas', { status: 'Slutdatumet har passerats' });
      }
      if (!options.revokeReason?.trim()) {
        throw badRequest('Ange varför uppsägningen återkallas', { revoke_reason: 'Ange varför uppsägningen återkallas' });
      }
      changes.revoked_on = ctx.today;
      changes.revoke_reason = options.revokeReason.trim();
    }
    const after = await updateVersioned(trx, ctx, {
      table: 'cancellations',
      before,
      version,
      changes,
      audit: { customerId: before.customer_id },
    });
    const subscription = await getSubscription(trx, before.subscription_id);
    let subscriptionAfter: Partial<SubscriptionRow> | null = null;
    if (to === 'revoked' && subscription.status !== 'active') subscriptionAfter = { status: 'active', ends_on: null };
    if (to === 'completed' && subscription.status === 'notice_given' && before.ends_on < ctx.today) subscriptionAfter = { status: 'ended' };
    if (subscriptionAfter) {
      await updateVersioned(trx, ctx, {
        table: 'subscriptions',
        before: subscription,
        changes: subscriptionAfter,
        matchVersion: false,
        audit: { customerId: subscription.customer_id },
      });
    }
    return after;
  });
}

/**
 * The daily job: once `ends_on` has passed, the subscription is ended and its open cancellation
 * completed. Idempotent: a second run on the same day finds nothing left to do. Safe when several
 * instances run it at once (PostgreSQL): each UPDATE is guarded on the version read, so a row changed
 * meanwhile (by the other run, or an agent) is left alone and audited only by whoever changed it; the
 * counts are of rows this run changed.
 */
export async function completeEndedCancellations(db: Knex, today: IsoDate): Promise<{ cancellations: number; subscriptions: number }> {
  const ctx = { actor: 'system', requestId: `job-cancellations-${today}` };
  return db.transaction(async (trx) => {
    const due = await trx('cancellations')
      .whereIn('status', OPEN_CANCELLATION_STATUSES)
      .andWhere('ends_on', '<', today)
      .orderBy('id') // one lock order for every run, so two runs at once wait for each other instead of deadlocking
      .select('*');
    let cancellations = 0;
    for (const c of due) {
      const changes = { status: 'completed' as const, completed_on: today, updated_by: 'system' };
      const updated = await tryUpdateVersioned(trx, ctx, {
        table: 'cancellations',
        before: c,
        changes,
        audit: { customerId: c.customer_id },
      });
      if (updated) cancellations++;
    }
    const ending = await trx('subscriptions').where({ status: 'notice_given' }).andWhere('ends_on', '<', today).orderBy('id').select('*');
    let subscriptions = 0;
    for (const s of ending) {
      const updated = await tryUpdateVersioned(trx, ctx, {
        table: 'subscriptions',
        before: s,
        changes: { status: 'ended' },
        where: { status: 'notice_given' },
        audit: { customerId: s.customer_id },
      });
      if (updated) subscriptions++;
    }
    return { cancellations, subscriptions };
  });
}

/** Monday of the ISO week that contains `date`. */
export function weekStart(date: IsoDate): IsoDate {
  return addDays(date, -((weekday(date) + 6) % 7));
}

export const STATS_WEEKS = 12;

/** The supervisor dashboard's figures. */
export async function cancellationStats(ctx: Pick<Ctx, 'db' | 'today'>) {
  const { db, today } = ctx;
  const firstWeek = addDays(weekStart(today), -7 * (STATS_WEEKS - 1));
  const [perDay, reasons, statuses, endingThisMonth, overdue] = await Promise.all([
    db('cancellations')
      .where('requested_on', '>=', firstWeek)
      .andWhere('requested_on', '<=', today)
      .groupBy('requested_on', 'kind')
      .select('requested_on', 'kind')
      .count({ count: '*' }),
    db('cancellations').where('requested_on', '>=', firstWeek).groupBy('reason').select('reason').count({ count: '*' }),
    db('cancellations').groupBy('status').select('status').count({ count: '*' }),
    db('cancellations')
      .whereIn('status', OPEN_CANCELLATION_STATUSES)
      .andWhere('ends_on', '>=', firstOfMonth(today))
      .andWhere('ends_on', '<=', lastOfMonth(today))
      .count({ count: '*' })
      .first(),
    overdueForms(db('cancellations'), today).count({ count: '*' }).first(),
  ]);
  const weeks = Array.from({ length: STATS_WEEKS }, (_, i) => ({ week_start: addDays(firstWeek, 7 * i), withdrawal: 0, notice: 0 }));
  for (const row of perDay as Array<{ requested_on: string; kind: 'withdrawal' | 'notice'; count: number | string }>) {
    const week = weeks.find((w) => w.week_start === weekStart(row.requested_on));
    if (week) week[row.kind] += Number(row.count);
  }
  return {
    today,
    weeks,
    reasons: (reasons as Array<{ reason: string; count: number | string }>)
      .map((r) => ({ reason: r.reason, count: Number(r.count) }))
      .sort((a, b) => b.count - a.count),
    by_status: Object.fromEntries(
      CANCELLATION_STATUSES.map((s) => [
        s,
        Number((statuses as Array<{ status: string; count: number | string }>).find((r) => r.status === s)?.count ?? 0),
      ]),
    ),
    ending_this_month: Number(endingThisMonth?.count ?? 0),
    overdue_forms: Number(overdue?.count ?? 0),
  };
}

/** The domain's `isFormOverdue` as a query: the same rule, for the queue's filter and the dashboard. */
export function overdueForms(qb: Knex.QueryBuilder, today: IsoDate): Knex.QueryBuilder {
  return qb
    .whereIn('cancellations.status', OPEN_CANCELLATION_STATUSES)
    .andWhere('cancellations.form_sent_on', '<', formOverdueBefore(today))
    .whereNull('cancellations.form_received_on');
}

export function monthRange(month: string): [IsoDate, IsoDate] {
  const first = `${month}-01`;
  return [first, lastOfMonth(first)];
}

const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Månad ska skrivas ÅÅÅÅ-MM');

export const cancellationsListing: ResourceDescription<'cancellations', Cancellation> = {
  name: 'cancellations',
  table: 'cancellations',
  // The queue's CSV export fetches up to 500 rows: pages of more than 100 are the supervisors', audited.
  bulkAbove: 100,
  sortable: ['id', 'requested_on', 'ends_on', 'status', 'created_at', 'form_sent_on'],
  defaultSort: ['ends_on', 'ASC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    subscription_id: eq('subscription_id', idParam),
    status: eq('status', z.enum(CANCELLATION_STATUSES)),
    kind: eq('kind', z.enum(CANCELLATION_KINDS)),
    reason: eq('reason', z.enum(CANCELLATION_REASONS)),
    created_by: eq('created_by', z.string().max(50)),
    // The overview's bars open the queue for their week.
    requested_from: gte('requested_on', isoDateSchema),
    requested_to: lte('requested_on', isoDateSchema),
    ends_from: gte('ends_on', isoDateSchema),
    ends_to: lte('ends_on', isoDateSchema),
    ends_month: filterOf(monthSchema, (qb, month) => {
      const [first, last] = monthRange(month);
      qb.whereBetween('cancellations.ends_on', [first, last]);
    }),
    form_overdue: filterOf(z.boolean(), (qb, overdue, ctx) => {
      if (overdue) overdueForms(qb, ctx.today);
      else qb.whereNot((w) => overdueForms(w, ctx.today));
    }),
  },
  toApi: asStored,
};
