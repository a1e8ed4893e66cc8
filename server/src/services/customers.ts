import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { badRequest, conflict, forbidden, notFound } from '../core/errors';
import type { Actor, Ctx } from '../core/context';
import type { Customer, CustomerCounts, CustomerFlags, CustomerListItem } from '../domain/apiTypes';
import { OPEN_CANCELLATION_STATUSES } from '../domain/cancellationRules';
import { can } from '../domain/permissions';
import { formatPersonnummer, maskPersonnummer, parsePersonnummer } from '../domain/personnummer';
import { normalisePhone } from '../domain/phone';
import { INVOICE_INTERVALS, PAYMENT_METHODS } from '../domain/values';
import type { CoveredPersonRow, CustomerRow } from '../db/tables';
import { cachedCount } from '../db/countCache';
import { runWritten, selectRows, writtenSelect } from '../db/knex';
import { created, diff, writeAudit, writeAuditDurably } from './audit';
import { CHANGES_ONLY } from './auditEvents';
import {
  eq,
  filterOf,
  type KeyLookup,
  keyedPageOf,
  type ListQuery,
  type ListResult,
  pageOf,
  type ResourceDescription,
  underExportRule,
} from './listing';
import { updateVersioned } from './versioned';
import type { AuditAction } from '../domain/values';

export type { CustomerRow };

type Db = Knex | Knex.Transaction;

export type CustomerInput = Pick<
  CustomerRow,
  'personnummer' | 'first_name' | 'last_name' | 'street' | 'postal_code' | 'city' | 'phone' | 'email'
> &
  Partial<Pick<CustomerRow, 'invoice_interval' | 'payment_method'>>;

export type CustomerChanges = Partial<CustomerInput & Pick<CustomerRow, 'invoice_interval' | 'payment_method'>>;

/** Lower-cased name copies kept beside the names for indexed prefix search. */
export function searchKey(name: string): string {
  return name.trim().toLocaleLowerCase('sv-SE');
}

function withSearchKeys(values: CustomerChanges): Partial<CustomerRow> {
  const out: Partial<CustomerRow> = { ...values };
  if (values.first_name !== undefined) out.first_name_lc = searchKey(values.first_name);
  if (values.last_name !== undefined) out.last_name_lc = searchKey(values.last_name);
  return out;
}

export const CUSTOMER_NUMBER_BASE = 100000;

/** The answer shape, with the personnummer written as the caller may see it (whole on the record, masked in lists). */
function toApi(row: CustomerRow, personnummer: string): Customer {
  const { first_name_lc: _f, last_name_lc: _l, ...rest } = row;
  return { ...rest, personnummer };
}

/** The customer as the opened record shows it: the whole personnummer. */
export function customerToApi(row: CustomerRow): Customer {
  return toApi(row, formatPersonnummer(row.personnummer));
}

async function assertPersonnummerFree(trx: Knex.Transaction, personnummer: string, exceptId?: number) {
  const q = trx('customers').where({ personnummer }).first('id');
  if (exceptId) q.whereNot({ id: exceptId });
  if (await q) {
    throw conflict('Det finns redan en kund med det personnumret', {
      personnummer: 'Det finns redan en kund med det personnumret',
    });
  }
}

export async function createCustomer(ctx: Actor & Pick<Ctx, 'db'>, input: CustomerInput, trx?: Knex.Transaction): Promise<CustomerRow> {
  const run = async (t: Knex.Transaction) => {
    await assertPersonnummerFree(t, input.personnummer);
    const now = new Date().toISOString();
    // The customer number follows the id; a unique placeholder holds the row until the id is known.
    const [{ id }] = await t('customers')
      .insert({
        ...withSearchKeys(input),
        customer_number: `T${randomUUID().replace(/-/g, '').slice(0, 11)}`,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    const customerNumber = String(CUSTOMER_NUMBER_BASE + Number(id));
    await t('customers').where({ id }).update({ customer_number: customerNumber });
    const row = await getCustomer(t, id);
    await writeAudit(t, ctx, {
      action: 'create',
      entity: 'customers',
      entityId: row.id,
      customerId: row.id,
      changes: created({ customer_number: customerNumber, ...input }),
    });
    return row;
  };
  return trx ? run(trx) : ctx.db.transaction(run);
}

export async function getCustomer(db: Db, id: number): Promise<CustomerRow> {
  // Written once (db/knex.ts `runWritten`) outside a transaction: the record's tabs (the invoice schedule) read it.
  const [row] = await runWritten<CustomerRow>(db, 'customer by id', [id], (slot) => db('customers').where('id', slot(0)).limit(1));
  if (!row) throw notFound('Kunden finns inte');
  return row;
}

/**
 * Optimistic update: the row changes only when its version is still the one the agent saw; otherwise
 * 409, and nothing is overwritten. `guard` may refuse the edit inside the transaction (e.g. a GDPR
 * restriction).
 */
export async function updateCustomer(
  ctx: Ctx,
  id: number,
  version: number,
  changes: CustomerChanges,
  options: { trx?: Knex.Transaction; action?: AuditAction; guard?: (t: Knex.Transaction, row: CustomerRow) => Promise<void> } = {},
): Promise<CustomerRow> {
  const run = async (t: Knex.Transaction) => {
    const before = await getCustomer(t, id);
    await options.guard?.(t, before);
    if (before.version === version && changes.personnummer !== undefined && changes.personnummer !== before.personnummer) {
      await assertPersonnummerFree(t, changes.personnummer, id);
    }
    return updateVersioned(t, ctx, {
      table: 'customers',
      before,
      version,
      changes: withSearchKeys(changes),
      // The audit names the fields as the agent sees them, not their search copies.
      audit: { action: options.action, customerId: id, changes: diff(before, changes) },
    });
  };
  return options.trx ? run(options.trx) : ctx.db.transaction(run);
}

/**
 * While the customer has an open restriction request (GDPR Art. 18) the record is not changed by
 * ordinary edits (409 with the reason). Rectification by a completed GDPR request does not pass here.
 */
export async function refuseWhileRestricted(trx: Db, customer: CustomerRow) {
  const restriction = await trx('gdpr_requests')
    .where({ customer_id: customer.id, type: 'restriction', status: 'open' })
    .orderBy('id')
    .first('id', 'received_on');
  if (restriction) {
    throw conflict(
      `Kunden har begärt begränsning av behandlingen (GDPR-begäran ${restriction.id}, mottagen ${restriction.received_on}). ` +
        'Uppgifterna får inte ändras medan begäran är öppen.',
      { _: 'Begränsning av behandling pågår' },
    );
  }
}

/**
 * An agent's edit of the record (`PUT /customers/:id`): refused while a restriction request is open, and
 * the invoice interval changes only through a billing change, which applies the period rules. The
 * personnummer is the customer's identity: a plain edit may change it only for a supervisor; an agent
 * registers a GDPR rectification, which records how the identity was verified and which a supervisor
 * completes. (The record sends its personnummer back unchanged with every save: only a change counts.)
 */
export async function editCustomer(ctx: Ctx, id: number, version: number, changes: CustomerChanges): Promise<Customer> {
  const row = await updateCustomer(ctx, id, version, changes, {
    guard: async (trx, before) => {
      if (
        changes.personnummer !== undefined &&
        changes.personnummer !== before.personnummer &&
        !can(ctx.role, 'customers', 'edit_identity')
      ) {
        throw forbidden('Personnumret ändras inte med en vanlig redigering. Registrera en GDPR-begäran om rättelse med styrkt identitet.', {
          personnummer: 'Ändras via en GDPR-rättelse med styrkt identitet',
        });
      }
      await refuseWhileRestricted(trx, before);
      if (changes.invoice_interval !== undefined && changes.invoice_interval !== before.invoice_interval) {
        throw badRequest('Fakturaintervallet byts med Byt till års-/månadsfaktura', {
          invoice_interval: 'Byts via en faktureringsändring, inte genom att redigera kunden',
        });
      }
      if (changes.payment_method !== undefined && changes.payment_method !== before.payment_method) {
        throw badRequest('Betalsättet byts med Byt betalsätt under Fakturor', {
          payment_method: 'Byts med Byt betalsätt under Fakturor, inte genom att redigera kunden',
        });
      }
    },
  });
  return customerToApi(row);
}

/**
 * A new customer (`POST /customers`) starts with a paper or e-mail invoice: e-mail needs an address, and
 * autogiro needs an approved mandate, which only Byt betalsätt requests.
 */
export async function registerCustomer(ctx: Ctx, input: CustomerInput): Promise<Customer> {
  if (input.payment_method === 'autogiro') {
    throw badRequest('Autogiro kräver ett godkänt medgivande', {
      payment_method: 'Välj faktura nu och begär autogiro med Byt betalsätt när kunden är registrerad',
    });
  }
  if (input.payment_method === 'email_invoice' && !input.email) {
    throw badRequest('E-postfaktura kräver en e-postadress', { payment_method: 'Kunden har ingen e-postadress' });
  }
  return customerToApi(await createCustomer(ctx, input));
}

// ─── The record ──────────────────────────────────────────────────────────────────────────────────

/**
 * What the customer page flags at a glance — open cancellations, open GDPR requests, a restriction — read
 * with the record in one query (three correlated counts, each an index lookup by customer).
 */
const FLAG_COLUMNS =
  `(SELECT COUNT(*) FROM cancellations c WHERE c.customer_id = customers.id AND c.status IN (${OPEN_CANCELLATION_STATUSES.map(() => '?').join(', ')})) AS flag_open_cancellations, ` +
  "(SELECT COUNT(*) FROM gdpr_requests g WHERE g.customer_id = customers.id AND g.status = 'open') AS flag_open_gdpr_requests, " +
  "(SELECT COUNT(*) FROM gdpr_requests g WHERE g.customer_id = customers.id AND g.status = 'open' AND g.type = 'restriction') AS flag_restrictions";

interface FlaggedRow extends CustomerRow {
  flag_open_cancellations: number | string;
  flag_open_gdpr_requests: number | string;
  flag_restrictions: number | string;
}

/**
 * Opening a record is itself logged: who viewed whose data. The record is answered only once its view
 * event is durable; the events of concurrent views commit together (`writeAuditDurably`, group commit).
 */
export async function openCustomerRecord(ctx: Ctx, id: number): Promise<Customer & { flags: CustomerFlags }> {
  // Written once (db/knex.ts `runWritten`): the most frequent read of all.
  const [found] = await runWritten<FlaggedRow>(ctx.db, 'customer record with flags', [id], (slot) =>
    ctx
      .db('customers')
      .where('customers.id', slot(0))
      .select('customers.*', ctx.db.raw(FLAG_COLUMNS, [...OPEN_CANCELLATION_STATUSES])),
  );
  if (!found) throw notFound('Kunden finns inte');
  await writeAuditDurably(ctx.db, ctx, { action: 'view', entity: 'customers', entityId: id, customerId: id });
  const { flag_open_cancellations, flag_open_gdpr_requests, flag_restrictions, ...row } = found;
  const flags: CustomerFlags = {
    open_cancellations: Number(flag_open_cancellations),
    open_gdpr_requests: Number(flag_open_gdpr_requests),
    restricted: Number(flag_restrictions) > 0,
  };
  return { ...customerToApi(row), flags };
}

/**
 * How many rows each tab of the record holds, for the tabs' labels. Counting is no view of the data
 * (nothing personal is answered), so it is not audited; the customer must exist (404).
 */
export async function customerCounts(ctx: Pick<Ctx, 'db'>, id: number): Promise<CustomerCounts> {
  const { db } = ctx;
  await getCustomer(db, id);
  const count = async (q: Knex.QueryBuilder) => Number(((await q.count({ n: '*' }).first()) as { n: number | string } | undefined)?.n ?? 0);
  const of = (table: 'subscriptions' | 'invoices' | 'cancellations' | 'billing_changes' | 'gdpr_requests' | 'notes' | 'alarms') =>
    count(db(table).where({ customer_id: id }));
  const [subscriptions, invoices, cancellations, billing_changes, gdpr_requests, notes, alarms, changes, events] = await Promise.all([
    of('subscriptions'),
    of('invoices'),
    of('cancellations'),
    of('billing_changes'),
    of('gdpr_requests'),
    of('notes'),
    of('alarms'),
    // Both counts from indexes alone: the changes' partial index, and every event of the customer (the views
    // are the rest) — counting the views by their action would read each of them.
    count(db('audit_events').where({ customer_id: id }).whereRaw(CHANGES_ONLY)),
    count(db('audit_events').where({ customer_id: id })),
  ]);
  return { subscriptions, invoices, cancellations, billing_changes, gdpr_requests, notes, alarms, changes, views: events - changes };
}

// ─── The universal search ────────────────────────────────────────────────────────────────────────

const NAME_TERM = /^[\p{L}][\p{L}'\- .]*$/u;
const PREFIX_END = '\uffff';

/** The column's values that start with a term: from the term (`from`) up to the term followed by PREFIX_END (`to`). */
function prefix(qb: Knex.QueryBuilder, column: string, from: Knex.Value, to: Knex.Value) {
  qb.where(column, '>=', from).andWhere(column, '<', to);
}

/** One typed word: the start of a first or a last name (`from`, `to` as for `prefix`). */
function oneWord(qb: Knex.QueryBuilder, from: Knex.Value, to: Knex.Value) {
  qb.where((w) => {
    w.where((a) => prefix(a, 'customers.first_name_lc', from, to)).orWhere((b) => prefix(b, 'customers.last_name_lc', from, to));
  });
}

/** The exact keys a typed term with digits can be: the customer's own, and those of the people their subscriptions cover. */
interface SearchKeys {
  own: Array<['personnummer' | 'customer_number' | 'phone', string]>;
  covered: Array<['personnummer' | 'alarm_phone', string]>;
}

function searchKeys(term: string, today: string): SearchKeys {
  const keys: SearchKeys = { own: [], covered: [] };
  const pnr = parsePersonnummer(term, today);
  if (pnr.ok) {
    keys.own.push(['personnummer', pnr.value]);
    keys.covered.push(['personnummer', pnr.value]);
  }
  if (/^\d{1,12}$/.test(term)) keys.own.push(['customer_number', term]);
  const phone = normalisePhone(term);
  if (phone.ok) {
    keys.own.push(['phone', phone.value]);
    keys.covered.push(['alarm_phone', phone.value]);
  }
  return keys;
}

/**
 * The customers the keys of a typed term find: by their own personnummer, customer number or phone, or
 * through a person their subscriptions cover. No keys: nobody. `slot(i)` is what stands for the i-th key's
 * value (own keys first, then the covered ones): the value, or a placeholder (`keyLookup`).
 */
function applySearchKeys(qb: Knex.QueryBuilder, keys: SearchKeys, slot: (index: number) => Knex.Value = (i) => keyValues(keys)[i]) {
  if (keys.own.length === 0) {
    qb.whereRaw('1 = 0');
    return;
  }
  const lookups: Array<(sub: Knex.QueryBuilder) => void> = [
    ...keys.own.map(
      ([column], i) =>
        (sub: Knex.QueryBuilder) =>
          sub.select('id').from('customers').where(column, slot(i)),
    ),
    ...keys.covered.map(
      ([column], i) =>
        (sub: Knex.QueryBuilder) =>
          sub
            .select('customer_id')
            .from('covered_persons')
            .where(column, slot(keys.own.length + i))
            .whereNull('removed_on'),
    ),
  ];
  qb.whereIn('customers.id', function (this: Knex.QueryBuilder) {
    const [first, ...rest] = lookups;
    first(this);
    for (const lookup of rest) {
      this.unionAll(function (this: Knex.QueryBuilder) {
        lookup(this);
      });
    }
  });
}

/** The keys' values in the order applySearchKeys places them. */
function keyValues(keys: SearchKeys): string[] {
  return [...keys.own, ...keys.covered].map(([, value]) => value);
}

/** The key search as a lookup whose SQL depends only on which keys the term has (listing.ts `keyedPageOf`). */
function keyLookup(keys: SearchKeys): KeyLookup {
  return {
    shape: JSON.stringify([keys.own.map(([column]) => column), keys.covered.map(([column]) => column)]),
    values: keyValues(keys),
    apply: (qb, slot) => applySearchKeys(qb, keys, slot),
  };
}

/**
 * The universal search: whatever the caller says. A personnummer in any accepted form, a phone number
 * in any common form, an e-mail, a customer number: exact, indexed lookups. A personnummer or phone number
 * also finds the customer through a person their subscriptions cover (a partner's or child's personnummer,
 * their alarm phone). The lookups are a UNION ALL of single-index lookups under one `id IN (…)`: each
 * part is an index search on SQLite and PostgreSQL alike (an OR with a subquery would make PostgreSQL
 * scan the customers). Words: the start of a first and/or last name.
 */
export function applyCustomerSearch(qb: Knex.QueryBuilder, raw: string, today: string) {
  const term = raw.trim().replace(/\s+/g, ' ');
  if (term === '') return;
  if (term.includes('@')) {
    qb.where('customers.email', term.toLowerCase());
    return;
  }
  if (/\d/.test(term)) {
    applySearchKeys(qb, searchKeys(term, today));
    return;
  }
  if (!NAME_TERM.test(term)) {
    qb.whereRaw('1 = 0');
    return;
  }
  const words = searchKey(term).split(' ');
  if (words.length === 1) {
    oneWord(qb, words[0], words[0] + PREFIX_END);
    return;
  }
  // "anna and" → first name starts with "anna", last name with "and"; also the other way round, and a
  // double first name ("anna maria and").
  const last = words[words.length - 1];
  const firsts = words.slice(0, -1).join(' ');
  // A range on the first name and one on the last name: an index on (first, last) answers only the first
  // range and reads every "anna…" to filter on "and…" (≈ 15,000 entries at a million customers). Instead
  // the first names in the range are listed by a skip scan (one index seek per distinct name: "anna",
  // "annabel", …), and each is then an exact first name with a last-name range, one index range each.
  const both = (firstPrefix: string, lastPrefix: string): [string, Knex.Value[]] => [
    `(customers.first_name_lc IN (${FIRST_NAMES_STARTING_WITH}) AND customers.last_name_lc >= ? AND customers.last_name_lc < ?)`,
    [firstPrefix, firstPrefix + PREFIX_END, firstPrefix + PREFIX_END, lastPrefix, lastPrefix + PREFIX_END],
  ];
  if (qb.client.config.client === 'pg') {
    // PostgreSQL plans the skip scan inside `IN … OR …` badly (seconds at 200,000 customers), so there the two
    // plain ranges, which bitmap scans of the two name indexes answer in milliseconds. But as a WHERE of the
    // page (`ORDER BY last_name_lc … LIMIT 8`) its planner walks the whole (last, first) index in order and
    // filters instead (≈ 550,000 rows, 1.1 s for "eva lin" at a million customers; under 50 connections the
    // instance stalled, BENCHMARKS.md "PostgreSQL"): the matches are read first, in a subquery behind OFFSET 0,
    // which PostgreSQL does not merge into the outer query, and only they are sorted.
    const [a, aValues] = ranges(firsts, last);
    const [b, bValues] = ranges(last, firsts);
    qb.from(qb.client.raw(`(SELECT * FROM customers WHERE ${a} OR ${b} OFFSET 0) AS customers`, [...aValues, ...bValues]));
    return;
  }
  const [a, aValues] = both(firsts, last);
  const [b, bValues] = both(last, firsts);
  qb.whereRaw(`(${a} OR ${b})`, [...aValues, ...bValues]);
}

/** First name from `firstPrefix`, last name from `lastPrefix`: two ranges on the (first, last) index. */
function ranges(firstPrefix: string, lastPrefix: string): [string, Knex.Value[]] {
  return [
    '(customers.first_name_lc >= ? AND customers.first_name_lc < ? AND customers.last_name_lc >= ? AND customers.last_name_lc < ?)',
    [firstPrefix, firstPrefix + PREFIX_END, lastPrefix, lastPrefix + PREFIX_END],
  ];
}

/**
 * The distinct first names from `?` (inclusive) up to `?` (exclusive), the same end bound again: a
 * recursive skip scan over the (first_name_lc, last_name_lc) index, the same on SQLite and PostgreSQL
 * (CAST: PostgreSQL wants one type for both terms of the recursion).
 */
const FIRST_NAMES_STARTING_WITH =
  'WITH RECURSIVE first_names(n) AS (' +
  'SELECT CAST(MIN(fn.first_name_lc) AS TEXT) FROM customers fn WHERE fn.first_name_lc >= ? AND fn.first_name_lc < ? ' +
  'UNION ALL SELECT CAST((SELECT MIN(fn.first_name_lc) FROM customers fn WHERE fn.first_name_lc > first_names.n AND fn.first_name_lc < ?) AS TEXT) ' +
  'FROM first_names WHERE first_names.n IS NOT NULL) ' +
  'SELECT n FROM first_names WHERE n IS NOT NULL';

/** The columns a list reads and answers (CustomerListItem). */
const LIST_COLUMNS = ['id', 'customer_number', 'personnummer', 'first_name', 'last_name', 'city'] as const;

type ListedRow = Pick<CustomerRow, (typeof LIST_COLUMNS)[number]>;

/** A row as lists answer it: the list's columns, the personnummer masked. */
function toListItem(row: ListedRow): CustomerListItem {
  return {
    id: row.id,
    customer_number: row.customer_number,
    personnummer: maskPersonnummer(row.personnummer),
    first_name: row.first_name,
    last_name: row.last_name,
    city: row.city,
  };
}

/**
 * Lists and searches answer what a list needs (no address, phone or e-mail, the personnummer masked);
 * the whole number and the contact details are on the record, whose opening is audited. A page of more
 * than 100 customers is an export: supervisors only, audited.
 */
export const customersListing: ResourceDescription<'customers', CustomerListItem> = {
  name: 'customers',
  table: 'customers',
  columns: LIST_COLUMNS,
  bulkAbove: 100,
  sortable: ['id', 'customer_number', 'last_name', 'first_name', 'city', 'created_at', 'updated_at'],
  sortColumns: { last_name: 'last_name_lc', first_name: 'first_name_lc' },
  defaultSort: ['last_name', 'ASC'],
  countCap: 1_000,
  filters: {
    q: filterOf(z.string().max(100), (qb, value, ctx) => applyCustomerSearch(qb, value, ctx.today)),
    invoice_interval: eq('invoice_interval', z.enum(INVOICE_INTERVALS)),
    payment_method: eq('payment_method', z.enum(PAYMENT_METHODS)),
    city: eq('city', z.string().max(100)),
  },
  toApi: toListItem,
};

/**
 * One typed word ("a", "and") matches a first or a last name; at a million customers an OR over both
 * indexes followed by a sort touches every match. Instead: last-name matches in last-name order, then
 * the remaining first-name matches in first-name order, each read in index order and cut at the page's
 * end. Only for the default order (by last name, ascending); anything else takes the generic path.
 */
async function oneWordNameSearch(ctx: Ctx, query: ListQuery): Promise<ListResult<CustomerListItem> | undefined> {
  const raw = typeof query.filter.q === 'string' ? query.filter.q.trim() : '';
  const otherFilters = Object.keys(query.filter).some((k) => k !== 'q');
  if (!raw || otherFilters || raw.includes(' ') || !NAME_TERM.test(raw) || /\d|@/.test(raw)) return undefined;
  if (query.sort[0] !== 'last_name' || query.sort[1] !== 'ASC') return undefined;
  const word = searchKey(raw);
  const [start, end] = query.range;
  // Each query written once per page end (db/knex.ts `runWritten`): the values are the word and its end bound.
  const values = [word, word + PREFIX_END];
  const byLast = runWritten<ListedRow>(ctx.db, `one word by last name to ${end}`, values, (slot) =>
    ctx
      .db('customers')
      .select(...LIST_COLUMNS)
      .where((w) => prefix(w, 'last_name_lc', slot(0), slot(1)))
      .orderBy([{ column: 'last_name_lc' }, { column: 'first_name_lc' }, { column: 'id' }])
      .limit(end + 1),
  );
  const byFirst = runWritten<ListedRow>(ctx.db, `one word by first name to ${end}`, values, (slot) =>
    ctx
      .db('customers')
      .select(...LIST_COLUMNS)
      .where((w) => prefix(w, 'first_name_lc', slot(0), slot(1)))
      .andWhere((w) => w.where('last_name_lc', '<', slot(0)).orWhere('last_name_lc', '>=', slot(1)))
      .orderBy([{ column: 'first_name_lc' }, { column: 'last_name_lc' }, { column: 'id' }])
      .limit(end + 1),
  );
  const cap = customersListing.countCap ?? 10_000;
  const counted = (slot: (index: number) => Knex.Value) => {
    const capped = ctx.db('customers').select(ctx.db.raw('1')).limit(cap);
    oneWord(capped, slot(0), slot(1));
    return ctx.db.from(capped.as('capped')).count({ count: '*' });
  };
  const written = writtenSelect(ctx.db, 'one word count', values, counted);
  const count = cachedCount(ctx.db, written ? { ...written, run: () => selectRows(ctx.db, written) } : counted((i) => values[i]));
  const [lastRows, firstRows, total] = await Promise.all([byLast, byFirst, count]);
  const rows = [...lastRows, ...firstRows].slice(start, end + 1);
  return { rows: rows.map(toListItem), total, start };
}

/**
 * `GET /customers`: the universal search's fast path for one word, otherwise the generic list (large pages are
 * exports). A hit that
 * a covered person's personnummer or alarm phone found, and not the customer's own keys, says through
 * whom (`matched_via`); that takes one more indexed query, and only then.
 */
export async function searchCustomers(ctx: Ctx, query: ListQuery): Promise<ListResult<CustomerListItem>> {
  return underExportRule(
    customersListing,
    ctx,
    query,
    async () => (await oneWordNameSearch(ctx, query)) ?? searchThroughHouseholds(ctx, query),
  );
}

/** The generic list, with `matched_via` on the hits that only a covered person's key found. */
async function searchThroughHouseholds(ctx: Ctx, query: ListQuery): Promise<ListResult<CustomerListItem>> {
  const term = typeof query.filter.q === 'string' ? query.filter.q.trim().replace(/\s+/g, ' ') : '';
  const keys = /\d/.test(term) && !term.includes('@') ? searchKeys(term, ctx.today) : undefined;
  if (!keys) return pageOf(customersListing, ctx, query);
  // The term's keys as found here, not parsed again by the `q` filter (personnummer and phone parsing are
  // a good part of a key search's time); its SQL written once per shape.
  const { q: _term, ...otherFilters } = query.filter;
  const keyed: ListQuery = { ...query, filter: otherFilters };
  const lookup = keyLookup(keys);
  if (!keys.covered.length) return keyedPageOf(customersListing, ctx, keyed, lookup);
  return keyedPageOf(
    {
      ...customersListing,
      // The own keys are compared as read: the phone too, which a list does not answer.
      columns: [...LIST_COLUMNS, 'phone'],
      toApi: (row, c) => {
        const item = customersListing.toApi(row, c);
        const r = row as unknown as Record<string, unknown> & ViaColumns;
        // Found by the customer's own key, or no covered person has it: no via.
        if (keys.own.some(([column, value]) => r[column] === value) || r.via_relation === null) return item;
        const field = keys.covered.some(([column, value]) => column === 'personnummer' && value === r.via_personnummer)
          ? 'personnummer'
          : 'alarm_phone';
        return { ...item, matched_via: { relation: r.via_relation, first_name: r.via_first_name, last_name: r.via_last_name, field } };
      },
    },
    ctx,
    keyed,
    { ...lookup, join: (qb, slot) => joinMatchedVia(qb, keys, slot) },
  );
}

/** The columns `joinMatchedVia` adds: the covered person a covered key found (all null when none did). */
interface ViaColumns {
  via_relation: CoveredPersonRow['relation'] | null;
  via_first_name: string;
  via_last_name: string;
  via_personnummer: string | null;
}

/**
 * Each customer's first current covered person whose personnummer or alarm phone is one of the keys, read
 * with the page (a LEFT JOIN on the least such id): the search answers through whom it found a customer whose
 * own keys do not match (`matched_via`), in the same query. `slot` as for applySearchKeys.
 */
function joinMatchedVia(qb: Knex.QueryBuilder, keys: SearchKeys, slot: (index: number) => Knex.Value) {
  const matches = keys.covered.map(([column]) => `m.${column} = ?`).join(' OR ');
  const first = qb.client.raw(
    `(SELECT MIN(m.id) FROM covered_persons m WHERE m.customer_id = customers.id AND m.removed_on IS NULL AND (${matches}))`,
    keys.covered.map((_, i) => slot(keys.own.length + i)),
  );
  qb.leftJoin('covered_persons as via', 'via.id', '=', first).select(
    'via.relation as via_relation',
    'via.first_name as via_first_name',
    'via.last_name as via_last_name',
    'via.personnummer as via_personnummer',
  );
}
