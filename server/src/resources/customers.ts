import type { Knex } from 'knex';
import { z } from 'zod';
import { formatPersonnummer, maskPersonnummer, parsePersonnummer } from '../domain/personnummer';
import { normalisePhone } from '../domain/phone';
import { eq, listRows, type ListQuery, parseId, parseListQuery, type ResourceDescription, sendList } from '../http/restResource';
import { ALL_ROLES, type RouteDef } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import type { Ctx } from '../core/context';
import { customerFieldSchemas, EDITABLE_CUSTOMER_FIELDS, READ_ONLY_CUSTOMER_FIELDS } from '../services/customerFields';
import { createCustomer, type CustomerRow, getCustomer, searchKey, updateCustomer } from '../services/customers';
import { writeAudit } from '../services/audit';
import { badRequest } from '../core/errors';
import { refuseWhileRestricted } from '../services/gdpr';
import { OPEN_CANCELLATION_STATUSES } from '../domain/cancellationRules';
import { INVOICE_INTERVALS, PAYMENT_METHODS } from '../domain/values';

const NAME_TERM = /^[\p{L}][\p{L}'\- .]*$/u;
const PREFIX_END = '\uffff';

function prefix(qb: Knex.QueryBuilder, column: string, term: string) {
  qb.where(column, '>=', term).andWhere(column, '<', term + PREFIX_END);
}

/**
 * The universal search: whatever the caller says. A personnummer in any accepted form, a phone number
 * in any common form, an e-mail, a customer number: exact, indexed lookups (OR-ed where a digit string
 * could be more than one of them). Words: the start of a first and/or last name.
 */
export function applyCustomerSearch(qb: Knex.QueryBuilder, raw: string, today: string) {
  const term = raw.trim().replace(/\s+/g, ' ');
  if (term === '') return;
  if (term.includes('@')) {
    qb.where('customers.email', term.toLowerCase());
    return;
  }
  if (/\d/.test(term)) {
    const keys: Array<[string, string]> = [];
    const pnr = parsePersonnummer(term, today);
    if (pnr.ok) keys.push(['personnummer', pnr.value]);
    if (/^\d{1,12}$/.test(term)) keys.push(['customer_number', term]);
    const phone = normalisePhone(term);
    if (phone.ok) keys.push(['phone', phone.value]);
    if (keys.length === 0) {
      qb.whereRaw('1 = 0');
      return;
    }
    qb.where((w) => {
      for (const [column, value] of keys) w.orWhere(`customers.${column}`, value);
    });
    return;
  }
  if (!NAME_TERM.test(term)) {
    qb.whereRaw('1 = 0');
    return;
  }
  const words = searchKey(term).split(' ');
  if (words.length === 1) {
    qb.where((w) => {
      w.where((a) => prefix(a, 'customers.first_name_lc', words[0])).orWhere((b) => prefix(b, 'customers.last_name_lc', words[0]));
    });
    return;
  }
  // "anna and" → first name starts with "anna", last name with "and"; also the other way round, and a
  // double first name ("anna maria and").
  const last = words[words.length - 1];
  const firsts = words.slice(0, -1).join(' ');
  qb.where((w) => {
    w.where((a) => {
      prefix(a, 'customers.first_name_lc', firsts);
      prefix(a, 'customers.last_name_lc', last);
    }).orWhere((b) => {
      prefix(b, 'customers.first_name_lc', last);
      prefix(b, 'customers.last_name_lc', firsts);
    });
  });
}

/**
 * One typed word ("a", "and") matches a first or a last name; at a million customers an OR over both
 * indexes followed by a sort touches every match. Instead: last-name matches in last-name order, then
 * the remaining first-name matches in first-name order, each read in index order and cut at the page's
 * end. Only for the default order (by last name, ascending); anything else takes the generic path.
 */
async function oneWordNameSearch(ctx: Ctx, query: ListQuery) {
  const raw = typeof query.filter.q === 'string' ? query.filter.q.trim() : '';
  const otherFilters = Object.keys(query.filter).some((k) => k !== 'q');
  if (!raw || otherFilters || raw.includes(' ') || !NAME_TERM.test(raw) || /\d|@/.test(raw)) return undefined;
  if (query.sort[0] !== 'last_name' || query.sort[1] !== 'ASC') return undefined;
  const word = searchKey(raw);
  const [start, end] = query.range;
  const byLast = ctx
    .db('customers')
    .where((w) => prefix(w, 'last_name_lc', word))
    .orderBy([{ column: 'last_name_lc' }, { column: 'first_name_lc' }, { column: 'id' }])
    .limit(end + 1);
  const byFirst = ctx
    .db('customers')
    .where((w) => prefix(w, 'first_name_lc', word))
    .andWhere((w) => w.where('last_name_lc', '<', word).orWhere('last_name_lc', '>=', word + PREFIX_END))
    .orderBy([{ column: 'first_name_lc' }, { column: 'last_name_lc' }, { column: 'id' }])
    .limit(end + 1);
  const counted = ctx
    .db('customers')
    .select(ctx.db.raw('1'))
    .limit(customersResource.countCap ?? 10_000);
  applyCustomerSearch(counted, raw, ctx.today);
  const [lastRows, firstRows, countRows] = await Promise.all([byLast, byFirst, ctx.db.from(counted.as('capped')).count({ count: '*' })]);
  const rows = [...lastRows, ...firstRows].slice(start, end + 1) as CustomerRow[];
  return { rows: rows.map((r) => customersResource.toApi(r)), total: Number(countRows[0]?.count ?? 0), start };
}

function toApi(row: CustomerRow, personnummer: string) {
  const { first_name_lc: _f, last_name_lc: _l, ...rest } = row;
  return { ...rest, personnummer };
}

export const customersResource: ResourceDescription<CustomerRow> = {
  name: 'customers',
  table: 'customers',
  sortable: ['id', 'customer_number', 'last_name', 'first_name', 'city', 'created_at', 'updated_at'],
  sortColumns: { last_name: 'last_name_lc', first_name: 'first_name_lc' },
  defaultSort: ['last_name', 'ASC'],
  countCap: 1_000,
  filters: {
    q: {
      schema: z.string().max(100),
      apply: (qb, value: string, ctx) => applyCustomerSearch(qb, value, ctx.today),
    },
    invoice_interval: eq('invoice_interval', z.enum(INVOICE_INTERVALS)),
    payment_method: eq('payment_method', z.enum(PAYMENT_METHODS)),
    city: eq('city', z.string().max(100)),
  },
  // Lists mask the personnummer; the whole number is shown only on the (audited) record.
  toApi: (row) => toApi(row, maskPersonnummer(row.personnummer)),
};

const readOnly = Object.fromEntries(READ_ONLY_CUSTOMER_FIELDS.map((f) => [f, z.unknown().optional()]));

function createSchema(today: string) {
  const f = customerFieldSchemas(today);
  return z
    .object({
      ...f,
      phone: f.phone.optional().default(null),
      email: f.email.optional().default(null),
      invoice_interval: f.invoice_interval.optional(),
      payment_method: f.payment_method.optional(),
    })
    .strict();
}

function updateSchema(today: string) {
  const f = customerFieldSchemas(today);
  const editable = Object.fromEntries(EDITABLE_CUSTOMER_FIELDS.map((k) => [k, f[k].optional()]));
  return z.object({ ...editable, ...readOnly, version: z.number({ error: 'Versionen saknas' }).int().positive() }).strict();
}

/** What the customer page flags at a glance: open cancellations, open GDPR requests, a restriction. */
export async function customerFlags(db: Knex, customerId: number) {
  const [cancellations, gdpr] = await Promise.all([
    db('cancellations').where({ customer_id: customerId }).whereIn('status', OPEN_CANCELLATION_STATUSES).count({ count: '*' }).first(),
    db('gdpr_requests').where({ customer_id: customerId, status: 'open' }).select('type'),
  ]);
  return {
    open_cancellations: Number(cancellations?.count ?? 0),
    open_gdpr_requests: gdpr.length,
    restricted: gdpr.some((r: { type: string }) => r.type === 'restriction'),
  };
}

export async function openCustomerRecord(ctx: Ctx, id: number) {
  return ctx.db.transaction(async (trx) => {
    const row = await getCustomer(trx, id);
    // Opening a record is itself logged: who viewed whose data.
    await writeAudit(trx, ctx, { action: 'view', entity: 'customers', entityId: id, customerId: id });
    return { ...toApi(row, formatPersonnummer(row.personnummer)), flags: await customerFlags(trx, id) };
  });
}

export const customerRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/customers',
    access: ALL_ROLES,
    handler: async (req, res, ctx) => {
      const query = parseListQuery(customersResource, req.query);
      const fast = await oneWordNameSearch(ctx, query);
      sendList(res, 'customers', fast ?? (await listRows(customersResource, ctx, query)));
    },
  },
  {
    method: 'get',
    path: '/customers/:id',
    access: ALL_ROLES,
    handler: async (req, _res, ctx) => openCustomerRecord(ctx, parseId(req.params.id)),
  },
  {
    method: 'post',
    path: '/customers',
    access: ALL_ROLES,
    status: 201,
    handler: async (req, _res, ctx) => {
      const input = parseOrThrow(createSchema(ctx.today), req.body);
      const row = await createCustomer(ctx, input);
      return toApi(row, formatPersonnummer(row.personnummer));
    },
  },
  {
    method: 'put',
    path: '/customers/:id',
    access: ALL_ROLES,
    handler: async (req, _res, ctx) => {
      const id = parseId(req.params.id);
      const body = parseOrThrow(updateSchema(ctx.today), req.body);
      const fields = body as Record<string, unknown>;
      const changes = Object.fromEntries(EDITABLE_CUSTOMER_FIELDS.filter((k) => fields[k] !== undefined).map((k) => [k, fields[k]]));
      // An open GDPR restriction request freezes the record for ordinary edits (409 with the reason).
      const row = await updateCustomer(ctx, id, body.version, changes, {
        guard: async (trx, before) => {
          await refuseWhileRestricted(trx, before);
          if (fields.invoice_interval !== undefined && fields.invoice_interval !== before.invoice_interval) {
            throw badRequest('Fakturaintervallet byts med Byt till års-/månadsfaktura', {
              invoice_interval: 'Byts via en faktureringsändring, inte genom att redigera kunden',
            });
          }
        },
      });
      return toApi(row, formatPersonnummer(row.personnummer));
    },
  },
];
