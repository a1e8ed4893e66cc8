import type { Knex } from 'knex';
import { z } from 'zod';
import { badRequest, conflict, notFound } from '../core/errors';
import type { Ctx } from '../core/context';
import { idParam, isoDateSchema } from '../core/schemas';
import type { GdprRequest } from '../domain/apiTypes';
import { addDays, weekday } from '../domain/calendarDate';
import type { RectifiableField } from '../domain/customerFields';
import { checkExtension, gdprDueDate } from '../domain/gdprDeadlines';
import { GDPR_STATUSES, GDPR_TYPES, type GdprType, isGdprOverdue } from '../domain/gdprRules';
import { formatPersonnummer } from '../domain/personnummer';
import type { Channel } from '../domain/values';
import type { GdprRequestRow } from '../db/tables';
import { created, writeAudit } from './audit';
import { type CustomerChanges, getCustomer, updateCustomer } from './customers';
import { eq, filterOf, gte, lte, type ResourceDescription } from './listing';
import { refuseReadOnlyChanges, staleVersion, updateVersioned } from './versioned';
import type { AuditAction } from '../domain/values';

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

const show = (field: string, v: string | null) => (field === 'personnummer' && v ? formatPersonnummer(v) : v);

/** The stored request with booleans as booleans, the changes parsed, a personnummer written as on the record. */
function requestFields(row: GdprRequestRow): Omit<GdprRequest, 'overdue'> {
  const changes = JSON.parse(row.changes) as RectificationChange[];
  return {
    ...row,
    identity_verified: Boolean(row.identity_verified),
    changes: changes.map((c) => ({ ...c, old_value: show(c.field, c.old_value), new_value: show(c.field, c.new_value) })),
  };
}

/** The answer shape, with `overdue` judged by the server's today. */
export function gdprRequestToApi(row: GdprRequestRow, today: string): GdprRequest {
  return { ...requestFields(row), overdue: isGdprOverdue(row, today) };
}

/** Monday and Sunday of the week that contains `today`. */
function weekOf(today: string): [string, string] {
  const monday = addDays(today, -((weekday(today) + 6) % 7));
  return [monday, addDays(monday, 6)];
}

export const gdprRequestsListing: ResourceDescription<'gdpr_requests', GdprRequest> = {
  name: 'gdpr_requests',
  table: 'gdpr_requests',
  sortable: ['id', 'received_on', 'due_on', 'status', 'type'],
  defaultSort: ['due_on', 'ASC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    status: eq('status', z.enum(GDPR_STATUSES)),
    type: eq('type', z.enum(GDPR_TYPES)),
    due_from: gte('due_on', isoDateSchema),
    due_to: lte('due_on', isoDateSchema),
    // Both relative to the server's today, so that the queue agrees with the deadlines it shows.
    due_this_week: filterOf(z.boolean(), (qb, value, ctx) => {
      const [monday, sunday] = weekOf(ctx.today);
      if (value) qb.whereBetween('due_on', [monday, sunday]);
      else qb.where((w) => w.where('due_on', '<', monday).orWhere('due_on', '>', sunday));
    }),
    overdue: filterOf(z.boolean(), (qb, value, ctx) => {
      if (value) qb.where('status', 'open').where('due_on', '<', ctx.today);
      else qb.where((w) => w.whereNot('status', 'open').orWhere('due_on', '>=', ctx.today));
    }),
  },
  toApi: (row, ctx) => gdprRequestToApi(row, ctx.today),
};

export interface LogGdprRequestInput {
  customer_id: number;
  type: GdprType;
  channel: Channel;
  received_on: string;
  identity_method: string;
  identity_verified: boolean;
  identity_verified_on: string | null;
  /**
   * Validated and normalised by the caller with the customer field schemas. `old_value`, when given, is
   * the value the agent read on the record: when the record no longer holds it, nothing is logged (409).
   */
  changes: Array<{ field: RectifiableField; old_value?: string | null; new_value: string | null }>;
}

/** Logs a request with its due date; a rectification records each field's value at logging time. */
export async function logGdprRequest(ctx: Ctx, input: LogGdprRequestInput): Promise<GdprRequest> {
  return ctx.db.transaction(async (trx) => {
    const customer = await getCustomer(trx, input.customer_id);
    const stale: Record<string, string> = {};
    const staleFields: string[] = [];
    input.changes.forEach((c, i) => {
      if (c.old_value !== undefined && c.old_value !== (customer[c.field] ?? null)) {
        stale[`changes.${i}.old_value`] = 'Stämmer inte längre med kundens uppgift';
        staleFields.push(FIELD_LABELS[c.field]);
      }
    });
    if (staleFields.length) {
      throw conflict(`Kundens ${staleFields.join(', ')} har ändrats sedan du läste uppgiften. Ladda om kunden och försök igen.`, stale);
    }
    const errors: Record<string, string> = {};
    const changes: RectificationChange[] = input.changes.map((c, i) => {
      const old_value = customer[c.field] ?? null;
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
      status: 'open' as const,
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
    return gdprRequestToApi((await trx('gdpr_requests').where({ id }).first())!, ctx.today);
  });
}

/**
 * The open request a supervisor moves on, with the version they saw. `sent` holds the record's other
 * fields as the client sent them back (react-admin's `update` sends the whole record): they must still
 * be what is stored.
 */
async function openRequestForUpdate(ctx: Ctx, trx: Knex.Transaction, id: number, version: number, sent: Record<string, unknown>) {
  const row = await trx('gdpr_requests').where({ id }).first();
  if (!row) throw notFound('Begäran finns inte');
  if (row.version !== version) throw staleVersion('gdpr_requests');
  refuseReadOnlyChanges(gdprRequestToApi(row, ctx.today), sent);
  if (row.status !== 'open') {
    throw conflict(`Begäran är redan ${row.status === 'completed' ? 'slutförd' : 'avslagen'}`, { status: 'Begäran är inte öppen' });
  }
  return row;
}

/** Writes the request's new state (only if nobody changed it meanwhile) and its audit event. */
async function saveRequest(ctx: Ctx, trx: Knex.Transaction, before: GdprRequestRow, values: Partial<GdprRequestRow>, action: AuditAction) {
  const after = await updateVersioned(trx, ctx, {
    table: 'gdpr_requests',
    before,
    changes: values,
    audit: { action, customerId: before.customer_id },
  });
  return gdprRequestToApi(after, ctx.today);
}

/**
 * Completes a request. A rectification applies its new values to the customer in the same transaction;
 * if a field no longer holds the value recorded when the request was logged, nothing is applied (409).
 */
export async function completeGdprRequest(
  ctx: Ctx,
  id: number,
  version: number,
  outcome: string | null,
  sent: Record<string, unknown> = {},
) {
  return ctx.db.transaction(async (trx) => {
    const request = await openRequestForUpdate(ctx, trx, id, version, sent);
    if (request.type === 'rectification' && !request.identity_verified) {
      // Applying new personal data (a personnummer, an address) for someone whose identity was not
      // verified would let anyone who phones in rewrite a customer: refuse; reject it, or log a new request.
      throw conflict(
        'Identiteten styrktes inte när begäran registrerades, så rättelsen kan inte genomföras. Avslå begäran, eller registrera en ny när kundens identitet är styrkt.',
        { identity_verified: 'Identiteten är inte styrkt' },
      );
    }
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

export async function rejectGdprRequest(ctx: Ctx, id: number, version: number, reason: string, sent: Record<string, unknown> = {}) {
  return ctx.db.transaction(async (trx) => {
    const request = await openRequestForUpdate(ctx, trx, id, version, sent);
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
  sent: Record<string, unknown> = {},
) {
  return ctx.db.transaction(async (trx) => {
    const request = await openRequestForUpdate(ctx, trx, id, version, sent);
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
    const [subscriptions, invoices, notes, cancellations, billingChanges, requests, events] = await Promise.all([
      trx('subscriptions')
        .join('products', 'products.id', 'subscriptions.product_id')
        .where('subscriptions.customer_id', customerId)
        .orderBy('subscriptions.id')
        .select<Array<Record<string, unknown>>>('subscriptions.*', 'products.code as product_code', 'products.name as product_name'),
      trx('invoices').where({ customer_id: customerId }).orderBy('id'),
      trx('notes').where({ customer_id: customerId }).orderBy('id'),
      trx('cancellations').where({ customer_id: customerId }).orderBy('id'),
      trx('billing_changes').where({ customer_id: customerId }).orderBy('id'),
      trx('gdpr_requests').where({ customer_id: customerId }).orderBy('id'),
      trx('audit_events').where({ customer_id: customerId }).orderBy('id').select('at', 'actor', 'action', 'entity', 'changes'),
    ]);
    const invoiceIds = invoices.map((i) => i.id);
    const lines = invoiceIds.length ? await trx('invoice_lines').whereIn('invoice_id', invoiceIds).orderBy('id') : [];
    const { first_name_lc: _f, last_name_lc: _l, ...record } = customer;
    const exportData = {
      produced_on: ctx.today,
      produced_by: ctx.actor,
      customer: { ...record, personnummer: formatPersonnummer(customer.personnummer) },
      subscriptions: subscriptions.map((s) => ({ ...s, with_stickers: Boolean(s.with_stickers) })),
      invoices: invoices.map((i) => ({ ...i, lines: lines.filter((l) => l.invoice_id === i.id) })),
      notes,
      cancellations,
      billing_changes: billingChanges,
      gdpr_requests: requests.map(requestFields),
      record_views: events
        .filter((e) => e.action === 'view' || e.action === 'export')
        .map((e) => ({ at: e.at, actor: e.actor, action: e.action })),
      history: events
        .filter((e) => e.action !== 'view' && e.action !== 'export')
        .map((e) => ({ ...e, changes: JSON.parse(e.changes) as unknown })),
    };
    await writeAudit(trx, ctx, { action: 'export', entity: 'customers', entityId: customerId, customerId });
    return exportData;
  });
}
