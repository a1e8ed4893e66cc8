import type { Knex } from 'knex';
import { CANCELLATION_REASONS } from '../server/src/domain/cancellationRules';
import { addDays, addMonths, firstOfMonth, type IsoDate } from '../server/src/domain/calendarDate';
import { bindingEndsOn, cancellationTerms } from '../server/src/domain/cancellationTerms';
import { makePersonnummer } from '../server/src/domain/personnummer';
import { makeOcr } from '../server/src/domain/ocr';
import { vatPart } from '../server/src/domain/money';
import { isPostgres } from '../server/src/db/knex';
import type { CustomerRow, InvoiceLineRow, InvoiceRow, SubscriptionRow } from '../server/src/db/tables';
import { searchKey, CUSTOMER_NUMBER_BASE } from '../server/src/services/customers';
import { invoiceNumberFor } from '../server/src/services/billing';
import { insertRows } from '../server/src/services/audit';
import { seedLargePeople } from './largePeople';
import { rng } from './random';
import { asciiFold, CITIES, EMAIL_DOMAINS, FEMALE_NAMES, LAST_NAMES, MALE_NAMES, STREETS } from './swedishData';

/**
 * Bulk data for benchmarks: customers up to `target` (each with one subscription and its latest
 * invoice) and cancellations up to `cancellations`. Idempotent: it adds only what is missing, so it can
 * be re-run or raised. Rows are written in multi-row batches (not through the services, which audit
 * each write: a million audit events would measure the seed, not the app).
 *
 * Each invoice is the one the invoicing run would issue on the first of the seed's month (the month's
 * service fee, numbered after its row id with an OCR reference, the customer's payment method), so the
 * run finds nothing due for these customers until the next first, and a BgMax file of the bench can pay
 * them by OCR.
 */
export interface LargeSeedOptions {
  target: number;
  cancellations: number;
  today: IsoDate;
  progress?: (line: string) => void;
}

/** Customers per transaction (with their subscription, invoice and line): big transactions, few commits. */
const BATCH = 10_000;
/** Cancellations per transaction. */
const CANCELLATION_BATCH = 5_000;

/** Rows of one shape in multi-row `INSERT … VALUES` statements (services/audit.ts `insertRows`), no per-row SQL building. */
async function bulkInsert(trx: Knex.Transaction, table: string, rows: ReadonlyArray<object>): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  await insertRows(
    trx,
    table,
    columns,
    rows.map((r) => columns.map((c) => (r as Record<string, unknown>)[c])),
  );
}
const DAYS_OF_BIRTHS = 80 * 365; // people born over 80 years

async function count(db: Knex, table: string): Promise<number> {
  const row = await db(table).count({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

async function maxId(db: Knex | Knex.Transaction, table: string): Promise<number> {
  const row = await db(table).max({ max: 'id' }).first();
  return Number(row?.max ?? 0);
}

/** A unique, valid personnummer for the n-th bulk customer: birth date from n, serial from n's "round". */
function bulkPersonnummer(n: number): string {
  const birth = addDays('1925-01-01', n % DAYS_OF_BIRTHS);
  const serial = 500 + Math.floor(n / DAYS_OF_BIRTHS); // the demo seed uses serials 1–499: no collision
  return makePersonnummer(birth, serial);
}

export async function seedLarge(db: Knex, options: LargeSeedOptions): Promise<void> {
  const log = options.progress ?? (() => undefined);
  const products = await db('products').orderBy('id');
  if (products.length === 0) throw new Error('Seed the demo data first (npm run seed), then the large set.');
  const existing = await count(db, 'customers');
  log(`customers: ${existing.toLocaleString('sv-SE')} present, target ${options.target.toLocaleString('sv-SE')}`);
  const started = Date.now();
  const now = new Date().toISOString();
  for (let done = existing; done < options.target;) {
    const size = Math.min(BATCH, options.target - done);
    await db.transaction(async (trx) => {
      const firstId = (await maxId(trx, 'customers')) + 1;
      const firstSub = (await maxId(trx, 'subscriptions')) + 1;
      const firstInvoice = (await maxId(trx, 'invoices')) + 1;
      const customers: CustomerRow[] = [];
      const subscriptions: Array<Omit<SubscriptionRow, 'sticker_fee_removed_on' | 'ends_on'>> = [];
      const invoices: Array<Omit<InvoiceRow, 'credits_invoice_id' | 'paid_on'>> = [];
      const lines: Array<Omit<InvoiceLineRow, 'id'>> = [];
      for (let k = 0; k < size; k++) {
        const id = firstId + k;
        const r = rng(id * 7919);
        const female = r.chance(0.5);
        const first = r.pick(female ? FEMALE_NAMES : MALE_NAMES);
        const last = r.pick(LAST_NAMES);
        const place = r.pick(CITIES);
        const postal = String(r.int(place.postal[0], place.postal[1]));
        customers.push({
          id,
          customer_number: String(CUSTOMER_NUMBER_BASE + id),
          personnummer: bulkPersonnummer(id),
          first_name: first,
          last_name: last,
          first_name_lc: searchKey(first),
          last_name_lc: searchKey(last),
          street: `${r.pick(STREETS)} ${r.int(1, 80)}`,
          postal_code: `${postal.slice(0, 3)} ${postal.slice(3)}`,
          city: place.city,
          // 07X + the id: unique and valid Swedish mobile numbers.
          phone: `+467${r.pick(['0', '2', '3', '6'])}${String(id).padStart(7, '0')}`,
          email: `${asciiFold(first)}.${asciiFold(last)}.${id}@${r.pick(EMAIL_DOMAINS)}`,
          invoice_interval: r.chance(0.1) ? 'annual' : 'monthly',
          payment_method: r.pick(['paper_invoice', 'email_invoice', 'autogiro', 'autogiro'] as const),
          version: 1,
          created_at: now,
          updated_at: now,
        });
        const product = products[id % products.length];
        const signed_on = addDays(options.today, -r.int(30, 1500));
        const binding_months = r.pick([0, 12, 24]);
        subscriptions.push({
          id: firstSub + k,
          customer_id: id,
          product_id: product.id,
          signed_on,
          binding_months,
          binding_ends_on: bindingEndsOn(signed_on, binding_months),
          with_stickers: product.sticker_yearly_fee_ore > 0 && r.chance(0.3),
          status: 'active',
          version: 1,
          created_at: now,
          updated_at: now,
        });
        // Numbered after the row id, as every issued invoice is.
        const invoiceNumber = invoiceNumberFor(firstInvoice + k);
        const issued = firstOfMonth(options.today);
        const amount = product.monthly_price_ore;
        invoices.push({
          id: firstInvoice + k,
          customer_id: id,
          invoice_number: invoiceNumber,
          ocr: makeOcr(invoiceNumber),
          kind: 'invoice',
          issued_on: issued,
          due_on: addDays(issued, 30),
          period_start: issued,
          period_end: addDays(addMonths(issued, 1), -1),
          total_ore: amount,
          vat_ore: vatPart(amount),
          open_ore: amount,
          status: 'unpaid',
          payment_method: customers[customers.length - 1].payment_method,
          paid_ore: 0,
          credited_ore: 0,
          created_at: now,
        });
        lines.push({
          invoice_id: firstInvoice + k,
          subscription_id: firstSub + k,
          kind: 'service',
          description: `${product.name} ${issued} – ${addDays(addMonths(issued, 1), -1)}`,
          period_start: issued,
          period_end: addDays(addMonths(issued, 1), -1),
          amount_ore: amount,
          vat_ore: vatPart(amount),
        });
      }
      await bulkInsert(trx, 'customers', customers);
      await bulkInsert(trx, 'subscriptions', subscriptions);
      await bulkInsert(trx, 'invoices', invoices);
      await bulkInsert(trx, 'invoice_lines', lines);
    });
    done += size;
    if ((done - existing) % 100_000 < size || done === options.target) {
      const rate = Math.round((done - existing) / ((Date.now() - started) / 1000));
      log(`customers: ${done.toLocaleString('sv-SE')} / ${options.target.toLocaleString('sv-SE')} (${rate.toLocaleString('sv-SE')}/s)`);
    }
  }

  const existingCancellations = await count(db, 'cancellations');
  log(`cancellations: ${existingCancellations.toLocaleString('sv-SE')} present, target ${options.cancellations.toLocaleString('sv-SE')}`);
  if (existingCancellations < options.cancellations) {
    // Subscriptions without any cancellation, oldest ids first.
    const candidates = await db('subscriptions')
      .whereNotExists(db('cancellations').whereRaw('cancellations.subscription_id = subscriptions.id'))
      .where('status', 'active')
      .orderBy('id')
      .limit(options.cancellations - existingCancellations)
      .select('id', 'customer_id', 'signed_on', 'binding_months');
    const statuses = ['registered', 'form_sent', 'form_sent', 'confirmed', 'completed', 'revoked'] as const;
    for (let i = 0; i < candidates.length; i += CANCELLATION_BATCH) {
      const chunk = candidates.slice(i, i + CANCELLATION_BATCH);
      await db.transaction(async (trx) => {
        const rows = chunk.map((s, j) => {
          const r = rng(s.id * 31 + j);
          const requested = addDays(options.today, -r.int(0, 400));
          const requested_on = requested > s.signed_on ? requested : addDays(s.signed_on, 20);
          const terms = cancellationTerms(s, requested_on, 0);
          const status = terms.ends_on < options.today ? (r.chance(0.9) ? 'completed' : 'revoked') : r.pick(statuses.slice(0, 4));
          return {
            subscription_id: s.id,
            customer_id: s.customer_id,
            kind: terms.kind,
            requested_on: terms.requested_on,
            channel: r.pick(['phone', 'phone', 'email', 'letter'] as const),
            reason: r.pick(CANCELLATION_REASONS),
            ends_on: terms.ends_on,
            refund_ore: 0,
            status,
            form_sent_on: status === 'registered' ? null : addDays(terms.requested_on, 1),
            form_received_on: status === 'confirmed' || status === 'completed' ? addDays(terms.requested_on, r.int(3, 20)) : null,
            completed_on: status === 'completed' ? terms.ends_on : null,
            revoked_on: status === 'revoked' ? addDays(terms.requested_on, 3) : null,
            revoke_reason: status === 'revoked' ? 'Kunden ångrade sig' : null,
            created_by: r.pick(['agent', 'supervisor']),
            version: 1,
            created_at: now,
            updated_at: now,
          };
        });
        const before = await maxId(trx, 'cancellations');
        await bulkInsert(trx, 'cancellations', rows);
        // The subscriptions follow their new cancellations in one statement (not one UPDATE a row): ended or
        // withdrawn when completed, notice given while open, with the cancellation's end date.
        await trx.raw(
          `UPDATE subscriptions SET
             status = CASE WHEN c.status = 'completed' THEN (CASE WHEN c.kind = 'withdrawal' THEN 'withdrawn' ELSE 'ended' END) ELSE 'notice_given' END,
             ends_on = c.ends_on
           FROM cancellations c
           WHERE c.subscription_id = subscriptions.id AND c.id > ? AND c.status IN ('completed', 'registered', 'form_sent', 'confirmed')`,
          [before],
        );
      });
      if ((i / CANCELLATION_BATCH) % 8 === 0) log(`cancellations: ${(existingCancellations + i + chunk.length).toLocaleString('sv-SE')}`);
    }
  }
  await seedLargePeople(db, { progress: log });
  if (isPostgres(db)) {
    for (const table of ['customers', 'subscriptions', 'invoices']) {
      await db.raw(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT MAX(id) FROM ${table}))`);
    }
  }
  if (!isPostgres(db)) await db.raw('PRAGMA optimize');
  else await db.raw('ANALYZE');
  log('done');
}
