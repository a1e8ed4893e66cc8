import type { Knex } from 'knex';
import { z } from 'zod';
import { badRequest, conflict, type FieldErrors, notFound } from '../core/errors';
import type { Actor, Ctx } from '../core/context';
import { idParam, isoDateSchema } from '../core/schemas';
import type { AutogiroMandate, BillingChange, PaymentMethodPreview } from '../domain/apiTypes';
import { invoiceSchedule } from '../domain/invoiceSchedule';
import {
  type MandateDecision,
  maskAccountNumber,
  mayDecideMandate,
  parseAccountNumber,
  parseClearingNumber,
} from '../domain/paymentMethods';
import { can } from '../domain/permissions';
import { MANDATE_STATUSES, type MandateStatus, type PaymentMethod } from '../domain/values';
import type { AutogiroMandateRow, BillingChangeRow, CustomerRow } from '../db/tables';
import { created, diff, writeAudit } from './audit';
import { customerOrFieldError, insertChange, scheduleInputFor } from './billing';
import { getCustomer } from './customers';
import { eq, gte, lte, type ResourceDescription } from './listing';
import { refuseReadOnlyChanges, staleVersion, updateVersioned } from './versioned';

/**
 * Payment methods change only through a billing change of kind `payment_method` (never by editing the
 * customer): paper and e-mail invoices from today, autogiro once a supervisor approves the mandate the
 * change requests. Invoices already issued keep the method they were issued with.
 */
type Db = Knex | Knex.Transaction;

export const METHOD_WORD: Record<PaymentMethod, string> = {
  paper_invoice: 'pappersfaktura',
  email_invoice: 'e-postfaktura',
  autogiro: 'autogiro',
};
const MANDATE_WORD: Record<MandateStatus, string> = {
  requested: 'begärt',
  approved: 'godkänt',
  rejected: 'avslaget',
  cancelled: 'återkallat',
};

/** Whole account numbers for the roles that decide mandates; agents see the last four digits. */
export function mandateToApi(row: AutogiroMandateRow, ctx: Pick<Ctx, 'role'>): AutogiroMandate {
  const { account_number, ...rest } = row;
  return {
    ...rest,
    account_number: can(ctx.role, 'autogiro_mandates', 'read_account') ? account_number : maskAccountNumber(account_number),
  };
}

export const autogiroMandatesListing: ResourceDescription<'autogiro_mandates', AutogiroMandate> = {
  name: 'autogiro_mandates',
  table: 'autogiro_mandates',
  sortable: ['id', 'requested_on', 'decided_on', 'status', 'created_at'],
  defaultSort: ['requested_on', 'ASC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    status: eq('status', z.enum(MANDATE_STATUSES)),
    requested_from: gte('requested_on', isoDateSchema),
    requested_to: lte('requested_on', isoDateSchema),
  },
  toApi: mandateToApi,
};

/** A unique-index violation from `autogiro_mandates_one_open`: another request opened a mandate first. */
function isOneOpenMandateViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code === '23505') return e.constraint === 'autogiro_mandates_one_open' || /autogiro_mandates_one_open/.test(String(e.message));
  return e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed: autogiro_mandates\.customer_id/.test(String(e.message));
}

const mandateAlreadyOpen = () =>
  conflict('Kunden har redan ett autogiromedgivande som väntar på beslut', { to_method: 'Ett medgivande väntar redan på beslut' });

export interface PaymentMethodInput {
  customer_id: number;
  to_method: PaymentMethod;
  clearing_number?: string;
  account_number?: string;
}

/** The bank details of an autogiro request, checked; field errors for what is wrong or does not belong. */
function bankDetails(input: PaymentMethodInput, customer: CustomerRow): { clearing: string; account: string } | null {
  const errors: FieldErrors = {};
  let details: { clearing: string; account: string } | null = null;
  if (input.to_method === 'autogiro') {
    const clearing = parseClearingNumber(input.clearing_number ?? '');
    const account = parseAccountNumber(input.account_number ?? '');
    if (input.clearing_number === undefined || input.clearing_number.trim() === '') errors.clearing_number = 'Ange clearingnumret';
    else if (!clearing.ok) errors.clearing_number = clearing.error;
    if (input.account_number === undefined || input.account_number.trim() === '') errors.account_number = 'Ange kontonumret';
    else if (!account.ok) errors.account_number = account.error;
    if (clearing.ok && account.ok) details = { clearing: clearing.value, account: account.value };
  } else {
    if (input.clearing_number) errors.clearing_number = 'Anges bara för autogiro';
    if (input.account_number) errors.account_number = 'Anges bara för autogiro';
  }
  if (input.to_method === 'email_invoice' && !customer.email) {
    errors.to_method = 'Kunden har ingen e-postadress. Lägg till den under Ändra kontaktuppgifter först.';
  }
  if (Object.keys(errors).length) throw badRequest('Betalsättet kan inte bytas med de uppgifterna', errors);
  return details;
}

async function pendingMethodChange(db: Db, customerId: number): Promise<BillingChangeRow | undefined> {
  return db('billing_changes')
    .where({ customer_id: customerId, kind: 'payment_method' })
    .whereNull('applied_on')
    .whereNull('cancelled_on')
    .orderBy('id', 'desc')
    .first();
}

/** An approved mandate no longer used (the customer leaves autogiro, or a new one replaces it) is cancelled. */
async function cancelApprovedMandates(trx: Knex.Transaction, actor: Actor & Pick<Ctx, 'today'>, customerId: number, reason: string) {
  const approved = await trx('autogiro_mandates').where({ customer_id: customerId, status: 'approved' }).orderBy('id');
  for (const mandate of approved) {
    await updateVersioned(trx, actor, {
      table: 'autogiro_mandates',
      before: mandate,
      changes: { status: 'cancelled', reason },
      matchVersion: false,
      audit: { customerId },
    });
  }
}

/**
 * Byt betalsätt. Paper or e-mail invoice: in effect today (the customer's method changes now; the next
 * invoice the run issues carries it). Autogiro: a mandate is requested and the change waits for a
 * supervisor's decision; until then invoices keep the current method. `dryRun` answers what would happen.
 */
export async function changePaymentMethod(
  ctx: Ctx,
  input: PaymentMethodInput,
  options: { dryRun: boolean },
): Promise<PaymentMethodPreview | (BillingChange & { mandate: AutogiroMandate | null })> {
  try {
    return await ctx.db.transaction(async (trx) => {
      const customer = await customerOrFieldError(trx, input.customer_id);
      const details = bankDetails(input, customer);
      const pending = await pendingMethodChange(trx, customer.id);
      if (pending?.to_method) {
        throw conflict(
          `Ett byte till ${METHOD_WORD[pending.to_method]} väntar redan (begärt ${pending.effective_on}). Avbryt det först om kunden vill något annat.`,
          { to_method: `Byte till ${METHOD_WORD[pending.to_method]} väntar redan` },
        );
      }
      if (customer.payment_method === input.to_method) {
        throw conflict(`Kunden har redan ${METHOD_WORD[input.to_method]}`, {
          to_method: `Kunden har redan ${METHOD_WORD[input.to_method]}`,
        });
      }
      const waits = input.to_method === 'autogiro';
      const scheduleInput = await scheduleInputFor(trx, customer, ctx.today);
      const before = invoiceSchedule(scheduleInput);
      const after = waits ? before : invoiceSchedule({ ...scheduleInput, payment_method: input.to_method });
      const change = {
        customer_id: customer.id,
        subscription_id: null,
        kind: 'payment_method' as const,
        to_interval: null,
        to_method: input.to_method,
        // Autogiro takes effect, and learns what it replaces, on the day the mandate is approved.
        from_method: waits ? null : customer.payment_method,
        effective_on: ctx.today,
        credited_ore: 0,
        refunded_ore: 0,
        mandate_id: null,
        cancelled_on: null,
        cancelled_by: null,
      };
      if (options.dryRun) {
        const next = after.invoices[0];
        return {
          dry_run: true as const,
          change: {
            customer_id: change.customer_id,
            kind: change.kind,
            to_method: change.to_method,
            from_method: change.from_method,
            effective_on: change.effective_on,
          },
          waits_for_approval: waits,
          mandate: details
            ? {
                clearing_number: details.clearing,
                account_number: can(ctx.role, 'autogiro_mandates', 'read_account') ? details.account : maskAccountNumber(details.account),
              }
            : null,
          next_invoice: !waits && next ? { date: next.date, payment_method: next.payment_method } : null,
          credits: [],
          before,
          after,
        };
      }
      if (details) {
        const now = new Date().toISOString();
        const mandateValues = {
          customer_id: customer.id,
          clearing_number: details.clearing,
          account_number: details.account,
          status: 'requested' as const,
          requested_on: ctx.today,
          created_by: ctx.actor,
        };
        const [{ id: mandateId }] = await trx('autogiro_mandates')
          .insert({ ...mandateValues, version: 1, created_at: now, updated_at: now })
          .returning('id');
        await writeAudit(trx, ctx, {
          action: 'create',
          entity: 'autogiro_mandates',
          entityId: Number(mandateId),
          customerId: customer.id,
          // The history is read by agents: the account number is written there as they see it.
          changes: created({ ...mandateValues, account_number: maskAccountNumber(details.account) }),
        });
        const row = await insertChange(trx, ctx, { ...change, mandate_id: Number(mandateId), applied_on: null });
        const mandate = (await trx('autogiro_mandates').where({ id: mandateId }).first())!;
        return { ...row, mandate: mandateToApi(mandate, ctx) };
      }
      await updateVersioned(trx, ctx, {
        table: 'customers',
        before: customer,
        changes: { payment_method: input.to_method },
        matchVersion: false,
        audit: { customerId: customer.id },
      });
      if (customer.payment_method === 'autogiro') {
        await cancelApprovedMandates(trx, ctx, customer.id, `Kunden bytte till ${METHOD_WORD[input.to_method]}`);
      }
      const row = await insertChange(trx, ctx, { ...change, applied_on: ctx.today });
      return { ...row, mandate: null };
    });
  } catch (err) {
    if (isOneOpenMandateViolation(err)) throw mandateAlreadyOpen();
    throw err;
  }
}

export async function getMandate(db: Db, id: number): Promise<AutogiroMandateRow> {
  const row = await db('autogiro_mandates').where({ id }).first();
  if (!row) throw notFound('Autogiromedgivandet finns inte');
  return row;
}

export interface MandateDecisionInput {
  status: MandateDecision;
  reason?: string | null;
  version: number;
}

/**
 * A supervisor's decision on a requested mandate. Approved: autogiro is the customer's method from today,
 * and the waiting payment-method change takes effect (it records what it replaced). Rejected: the method
 * stays, the change is closed, and the mandate keeps the reason, which the call screen shows.
 */
export async function decideMandate(
  ctx: Ctx,
  id: number,
  input: MandateDecisionInput,
  sent: Record<string, unknown> = {},
): Promise<AutogiroMandate> {
  return ctx.db.transaction(async (trx) => {
    const before = await getMandate(trx, id);
    if (before.version !== input.version) throw staleVersion('autogiro_mandates');
    refuseReadOnlyChanges(mandateToApi(before, ctx), sent);
    if (!mayDecideMandate(before.status)) {
      throw conflict(`Medgivandet är redan ${MANDATE_WORD[before.status]}`, { status: `Medgivandet är ${MANDATE_WORD[before.status]}` });
    }
    const reason = input.reason?.trim() || null;
    if (input.status === 'rejected' && !reason) {
      throw badRequest('Skriv varför medgivandet avslås', { reason: 'Skriv varför medgivandet avslås' });
    }
    const change = await trx('billing_changes').where({ mandate_id: id, kind: 'payment_method' }).orderBy('id', 'desc').first();
    const customer = await getCustomer(trx, before.customer_id);
    if (input.status === 'approved') await cancelApprovedMandates(trx, ctx, customer.id, `Ersatt av medgivande ${id}`);
    const after = await updateVersioned(trx, ctx, {
      table: 'autogiro_mandates',
      before,
      version: input.version,
      changes: { status: input.status, decided_on: ctx.today, decided_by: ctx.actor, reason },
      where: { status: 'requested' },
      audit: { customerId: customer.id, changes: diff(before, { status: input.status, decided_on: ctx.today, reason }) },
    });
    if (change) {
      const closing =
        input.status === 'approved'
          ? { applied_on: ctx.today, effective_on: ctx.today, from_method: customer.payment_method }
          : { cancelled_on: ctx.today, cancelled_by: ctx.actor };
      const closed = await trx('billing_changes')
        .where({ id: change.id })
        .whereNull('applied_on')
        .whereNull('cancelled_on')
        .update(closing);
      if (closed === 0) throw conflict('Bytet av betalsätt har avbrutits under tiden; ladda om');
      await writeAudit(trx, ctx, {
        action: 'update',
        entity: 'billing_changes',
        entityId: change.id,
        customerId: customer.id,
        changes: diff(change, closing),
      });
    }
    if (input.status === 'approved' && customer.payment_method !== 'autogiro') {
      await updateVersioned(trx, ctx, {
        table: 'customers',
        before: customer,
        changes: { payment_method: 'autogiro' },
        matchVersion: false,
        audit: { customerId: customer.id },
      });
    }
    return mandateToApi(after, ctx);
  });
}

/**
 * `DELETE /billing_changes/:id`: a change that has not taken effect is cancelled (an interval switch before
 * its day, autogiro before the mandate is decided, whose mandate is then cancelled too); one in effect is a
 * 409. Audited; the row stays, marked cancelled.
 */
export async function cancelPendingChange(ctx: Ctx, id: number): Promise<BillingChange> {
  return ctx.db.transaction(async (trx) => {
    const change = await trx('billing_changes').where({ id }).first();
    if (!change) throw notFound('Faktureringsändringen finns inte');
    if (change.cancelled_on) throw conflict(`Ändringen avbröts redan ${change.cancelled_on}`);
    const inEffect =
      change.applied_on !== null ||
      change.kind === 'sticker_fee_removal' ||
      (change.kind === 'invoice_interval' && change.effective_on <= ctx.today);
    if (inEffect) {
      throw conflict(`Ändringen gäller redan (från ${change.applied_on ?? change.effective_on}) och kan inte avbrytas`);
    }
    const closing = { cancelled_on: ctx.today, cancelled_by: ctx.actor };
    // Guarded: the daily job or a supervisor's decision may have put it in effect meanwhile.
    const cancelled = await trx('billing_changes').where({ id }).whereNull('applied_on').whereNull('cancelled_on').update(closing);
    if (cancelled === 0) throw conflict('Ändringen har trätt i kraft under tiden och kan inte avbrytas');
    await writeAudit(trx, ctx, {
      action: 'cancel',
      entity: 'billing_changes',
      entityId: id,
      customerId: change.customer_id,
      changes: diff(change, closing),
    });
    if (change.mandate_id !== null) {
      const mandate = await getMandate(trx, change.mandate_id);
      if (mandate.status === 'requested') {
        await updateVersioned(trx, ctx, {
          table: 'autogiro_mandates',
          before: mandate,
          changes: { status: 'cancelled', decided_on: ctx.today, decided_by: ctx.actor, reason: 'Bytet till autogiro avbröts' },
          where: { status: 'requested' },
          matchVersion: false,
          audit: { customerId: change.customer_id },
        });
      }
    }
    return { ...change, ...closing };
  });
}
