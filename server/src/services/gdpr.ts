import type { Knex } from 'knex';
import { gdprDueDate, checkExtension } from '../domain/gdprDeadlines';
import { formatPersonnummer } from '../domain/personnummer';
import { badRequest, conflict, notFound } from '../core/errors';
import type { Ctx } from '../core/context';
import { created, diff, writeAudit } from './audit';
import { type CustomerChanges, type CustomerRow, getCustomer, updateCustomer } from './customers';
import { type RectifiableField } from '../domain/customerFields';
import type { GdprStatus, GdprType } from '../domain/gdprRules';
import type { Channel } from '../domain/values';

/** Swedish names for messages that must say which field. */
const FIELD_LABELS: Record<RectifiableField, string> = {
  personnummer: 'personnummer',
  first_name: 'förnamn',
  last_name: 'efternamn',
  street: 'gatuadress',
  postal_code: 'postnummer',
  city: 'ort',
  phone: 'telefon',
  email: 'e-post',
};

export interface RectificationChange {
  field: RectifiableField;
  old_value: string | null;
  new_value: string | null;
}

export interface GdprRequestRow {
  id: number;
  customer_id: number;
  type: GdprType;
  channel: Channel;
  received_on: string;
  due_on: string;
  extension_reason: string | null;
  extension_notified_on: string | null;
  identity_method: string;
  identity_verified: boolean | number;
  identity_verified_on: string | null;
  changes: string;
  status: GdprStatus;
  outcome: string | null;
  completed_on: string | null;
  handled_by: string | null;
  created_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The answer shape: booleans as booleans, the changes parsed, a personnummer written as on the record. */
export function gdprRequestToApi(row: GdprRequestRow) {
  const changes = JSON.parse(row.changes) as RectificationChange[];
  const show = (field: string, v: string | null) => (field === 'personnummer' && v ? formatPersonnummer(v) : v);
  return {
    ...row,
    identity_verified: Boolean(row.identity_verified),
    changes: changes.map((c) => ({ ...c, old_value: show(c.field, c.old_value), new_value: show(c.field, c.new_value) })),
  };
}

async function openRestriction(db: Knex | Knex.Transaction, customerId: number) {
  return db('gdpr_requests')
    .where({ customer_id: customerId, type: 'restriction', status: 'open' })
    .orderBy('id')
    .first('id', 'received_on');
}

/**
 * `updateCustomer`'s guard for ordinary edits: while the customer has an open restriction request
 * (Art. 18) the record is not changed by ordinary edits. Rectification by a completed GDPR request
 * does not pass through this guard.
 */
export async function refuseWhileRestricted(trx: Knex.Transaction, customer: CustomerRow) {
  const restriction = await openRestriction(trx, customer.id);
  if (restriction) {
    throw conflict(
      `Kunden har begärt begränsning av behandlingen (GDPR-begäran ${restriction.id}, mottagen ${restriction.received_on}). ` +
        'Uppgifterna får inte ändras medan begäran är öppen.',
      { _: 'Begränsning av behandling pågår' },
    );
  }
}

export interface LogGdprRequestInput {
  customer_id: number;
  type: GdprType;
  channel: Channel;
  received_on: string;
  identity_method: string;
  identity_verified: boolean;
  identity_verified_on: string | null;
  /** Validated and normalised by the caller with the customer field schemas. */
  changes: Array<{ field: RectifiableField; new_value: string | null }>;
}

/** Logs a request with its due date; a rectification records each field's value at logging time. */
export async function logGdprRequest(ctx: Ctx, input: LogGdprRequestInput) {
  return ctx.db.transaction(async (trx) => {
    const customer = await getCustomer(trx, input.customer_id);
    const errors: Record<string, string> = {};
    const changes: RectificationChange[] = input.changes.map((c, i) => {
      const old_value = (customer[c.field] as string | null) ?? null;
      if (old_value === c.new_value) errors[`changes.${i}.new_value`] = 'Samma som nuvarande värde';
      return { field: c.field, old_value, new_value: c.new_value };
    });
    if (Object.keys(errors).length) throw badRequest('Ogiltiga uppgifter', errors);
    const now = new Date().toISOString();
    const row = {
      customer_id: input.customer_id,
      type: input.type,
      channel: input.channel,
      received_on: input.received_on,
      due_on: gdprDueDate(input.received_on),
      identity_method: input.identity_method,
      identity_verified: input.identity_verified,
      identity_verified_on: input.identity_verified_on,
      changes: JSON.stringify(changes),
      status: 'open',
      created_by: ctx.actor,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    const [{ id }] = await trx('gdpr_requests').insert(row).returning('id');
    const { created_at: _c, updated_at: _u, version: _v, ...audited } = row;
    await writeAudit(trx, ctx, {
      action: 'create',
      entity: 'gdpr_requests',
      entityId: id,
      customerId: input.customer_id,
      changes: created({ ...audited, changes }),
    });
    return gdprRequestToApi((await trx('gdpr_requests').where({ id }).first()) as GdprRequestRow);
  });
}

function staleRequest() {
  return conflict('Någon annan har ändrat begäran sedan du öppnade den. Ladda om och försök igen.', {
    version: 'Posten har ändrats av någon annan',
  });
}

async function openRequestForUpdate(trx: Knex.Transaction, id: number, version: number): Promise<GdprRequestRow> {
  const row = (await trx('gdpr_requests').where({ id }).first()) as GdprRequestRow | undefined;
  if (!row) throw notFound('Begäran finns inte');
  if (row.version !== version) throw staleRequest();
  if (row.status !== 'open') {
    throw conflict(`Begäran är redan ${row.status === 'completed' ? 'slutförd' : 'avslagen'}`, { status: 'Begäran är inte öppen' });
  }
  return row;
}

/** Writes the request's new state (only if nobody changed it meanwhile) and its audit event. */
async function saveRequest(ctx: Ctx, trx: Knex.Transaction, before: GdprRequestRow, values: Partial<GdprRequestRow>, action: string) {
  const updated = await trx('gdpr_requests')
    .where({ id: before.id, version: before.version })
    .update({ ...values, version: before.version + 1, updated_at: new Date().toISOString() });
  if (updated === 0) throw staleRequest();
  await writeAudit(trx, ctx, {
    action,
    entity: 'gdpr_requests',
    entityId: before.id,
    customerId: before.customer_id,
    changes: diff(before as unknown as Record<string, unknown>, values),
  });
  return gdprRequestToApi((await trx('gdpr_requests').where({ id: before.id }).first()) as GdprRequestRow);
}

/**
 * Completes a request. A rectification applies its new values to the customer in the same transaction;
 * if a field no longer holds the value recorded when the request was logged, nothing is applied (409).
 */
export async function completeGdprRequest(ctx: Ctx, id: number, version: number, outcome: string | null) {
  return ctx.db.transaction(async (trx) => {
    const request = await openRequestForUpdate(trx, id, version);
    if (request.type === 'rectification') {
      const changes = JSON.parse(request.changes) as RectificationChange[];
      const customer = await getCustomer(trx, request.customer_id);
      for (const c of changes) {
        if ((customer[c.field] ?? null) !== c.old_value) {
          throw conflict(
            `Kundens ${FIELD_LABELS[c.field] ?? c.field} har ändrats sedan begäran registrerades. Kontrollera uppgiften och registrera en ny begäran.`,
            { [c.field]: 'Värdet har ändrats sedan begäran registrerades' },
          );
        }
      }
      const values = Object.fromEntries(changes.map((c) => [c.field, c.new_value])) as CustomerChanges;
      // No restriction guard: completing a GDPR request is the one path that may change a restricted record.
      await updateCustomer(ctx, customer.id, customer.version, values, { trx, action: 'gdpr_rectification' });
    }
    return saveRequest(ctx, trx, request, { status: 'completed', outcome, completed_on: ctx.today, handled_by: ctx.actor }, 'complete');
  });
}

export async function rejectGdprRequest(ctx: Ctx, id: number, version: number, reason: string) {
  return ctx.db.transaction(async (trx) => {
    const request = await openRequestForUpdate(trx, id, version);
    return saveRequest(
      ctx,
      trx,
      request,
      { status: 'rejected', outcome: reason, completed_on: ctx.today, handled_by: ctx.actor },
      'reject',
    );
  });
}

export async function extendGdprRequest(
  ctx: Ctx,
  id: number,
  version: number,
  input: { due_on?: string; extension_reason: string; extension_notified_on: string },
) {
  return ctx.db.transaction(async (trx) => {
    const request = await openRequestForUpdate(trx, id, version);
    if (request.extension_reason !== null || request.extension_notified_on !== null) {
      throw conflict('Begäran har redan förlängts en gång; den kan inte förlängas igen', {
        due_on: 'Redan förlängd',
      });
    }
    const check = checkExtension({
      receivedOn: request.received_on,
      originalDueOn: request.due_on,
      newDueOn: input.due_on,
      notifiedOn: input.extension_notified_on,
      today: ctx.today,
    });
    if (!check.ok) throw badRequest('Förlängningen är inte tillåten', { [check.field]: check.error });
    return saveRequest(
      ctx,
      trx,
      request,
      {
        due_on: check.dueOn,
        extension_reason: input.extension_reason,
        extension_notified_on: input.extension_notified_on,
        handled_by: ctx.actor,
      },
      'extend',
    );
  });
}

/**
 * Registerutdrag (Art. 15) and portability (Art. 20): everything held about the customer, including who
 * viewed the record when. Producing it is audited in the same transaction.
 */
export async function customerDataExport(ctx: Ctx, customerId: number) {
  return ctx.db.transaction(async (trx) => {
    const customer = await getCustomer(trx, customerId);
    const byCustomer = (table: string) => trx(table).where({ customer_id: customerId }).orderBy('id');
    const [subscriptions, invoices, notes, cancellations, billingChanges, requests, events] = await Promise.all([
      trx('subscriptions')
        .join('products', 'products.id', 'subscriptions.product_id')
        .where('subscriptions.customer_id', customerId)
        .orderBy('subscriptions.id')
        .select('subscriptions.*', 'products.code as product_code', 'products.name as product_name'),
      byCustomer('invoices'),
      byCustomer('notes'),
      byCustomer('cancellations'),
      byCustomer('billing_changes'),
      byCustomer('gdpr_requests'),
      trx('audit_events').where({ customer_id: customerId }).orderBy('id').select('at', 'actor', 'action', 'entity', 'changes'),
    ]);
    const invoiceIds = invoices.map((i: { id: number }) => i.id);
    const lines = invoiceIds.length ? await trx('invoice_lines').whereIn('invoice_id', invoiceIds).orderBy('id') : [];
    const { first_name_lc: _f, last_name_lc: _l, ...record } = customer;
    const exportData = {
      produced_on: ctx.today,
      produced_by: ctx.actor,
      customer: { ...record, personnummer: formatPersonnummer(customer.personnummer) },
      subscriptions: subscriptions.map((s: Record<string, unknown>) => ({ ...s, with_stickers: Boolean(s.with_stickers) })),
      invoices: invoices.map((i: { id: number }) => ({
        ...i,
        lines: lines.filter((l: { invoice_id: number }) => l.invoice_id === i.id),
      })),
      notes,
      cancellations,
      billing_changes: billingChanges,
      gdpr_requests: requests.map((r: GdprRequestRow) => gdprRequestToApi(r)),
      record_views: events
        .filter((e: { action: string }) => e.action === 'view' || e.action === 'export')
        .map((e: { at: string; actor: string; action: string }) => ({ at: e.at, actor: e.actor, action: e.action })),
      history: events
        .filter((e: { action: string }) => e.action !== 'view' && e.action !== 'export')
        .map((e: { at: string; actor: string; action: string; entity: string; changes: string }) => ({
          ...e,
          changes: JSON.parse(e.changes),
        })),
    };
    await writeAudit(trx, ctx, { action: 'export', entity: 'customers', entityId: customerId, customerId });
    return exportData;
  });
}
