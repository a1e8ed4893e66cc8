import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isPostgres } from '../db/knex';
import type { Actor } from '../core/context';
import type { IsoDate } from '../domain/calendarDate';
import { type DueInvoice, invoicesDueOn } from '../domain/invoiceSchedule';
import { makeOcr } from '../domain/ocr';
import { paymentMethodOn } from '../domain/paymentMethods';
import type { PaymentMethod } from '../domain/values';
import type { CustomerRow } from '../db/tables';
import { created, writeAudits } from './audit';
import { appliedMethodChanges, invoiceNumberFor, scheduleInputFor } from './billing';

/**
 * The invoicing run (PRODUCT.md, "Money that moves"): part of the daily jobs, it issues every invoice that
 * is due on or before the run's date, each exactly once, dated on its own invoicing day (a run on the 3rd
 * after a server that was down on the 1st issues the 1st's invoices, dated the 1st), with number, OCR,
 * lines, VAT, due date and the payment method that held on that day. What it issues is `invoicesDueOn` of
 * the same input the schedule preview shows, so the preview of a date is what the run issues on it.
 *
 * Exactly once is the database's unique key `invoices_one_per_day` (one run invoice per customer and
 * date), not a check in code: two instances may run at once. On PostgreSQL each customer is locked while
 * its invoices are issued, so the second instance waits and then finds nothing due; should it still meet
 * the key (a run that read before the other committed), that customer is read again — another instance
 * issuing an invoice is "already done", never an error.
 */
type Db = Knex | Knex.Transaction;

export interface InvoicingRunResult {
  run_date: IsoDate;
  /** Customers with a subscription not yet invoiced through the run's date. */
  customers: number;
  /** Invoices this run issued. */
  invoices: number;
  /** Customers read again because another instance issued an invoice of theirs meanwhile. */
  retried: number;
}

/** A violation of `invoices_one_per_day`: another instance issued this customer's invoice for that date. */
export function isRunInvoiceViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code === '23505') return e.constraint === 'invoices_one_per_day' || /invoices_one_per_day/.test(String(e.message));
  return e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed: invoices\.customer_id, invoices\.issued_on/.test(String(e.message));
}

/**
 * Customers the run must look at on `runDate`: those with a subscription (not withdrawn, signed by then)
 * whose service lines do not yet reach the run's date, or its end. One indexed pass over the
 * subscriptions; everyone else is invoiced through the date already, so the hourly ticks between two
 * invoicing days cost one query.
 */
export async function customersToInvoice(db: Db, runDate: IsoDate): Promise<number[]> {
  const rows = await db('subscriptions as s')
    .whereNot('s.status', 'withdrawn')
    .andWhere('s.signed_on', '<=', runDate)
    .whereNotExists(
      db('invoice_lines as l')
        .whereRaw('l.subscription_id = s.id')
        .andWhere('l.kind', 'service')
        .andWhereRaw('l.period_end >= (CASE WHEN s.ends_on IS NOT NULL AND s.ends_on < ? THEN s.ends_on ELSE ? END)', [runDate, runDate])
        .select(db.raw('1')),
    )
    .distinct('s.customer_id')
    .orderBy('s.customer_id');
  return rows.map((r) => Number(r.customer_id));
}

/**
 * How many invoices the run would issue on `runDate` now, read only (a customer may be looked at and have
 * nothing due: a sale whose first invoice comes on the next first, a subscription that ended before it was
 * billable). For checks and tests; the run itself does not need it.
 */
export async function invoicesLeftToIssue(db: Db, runDate: IsoDate): Promise<number> {
  let left = 0;
  for (const customerId of await customersToInvoice(db, runDate)) {
    const customer = await db('customers').where({ id: customerId }).first();
    if (!customer) continue;
    left += invoicesDueOn({ ...(await scheduleInputFor(db, customer, runDate)), run_date: runDate }).length;
  }
  return left;
}

/**
 * Writes a customer's due invoices as the run issues them, in a few statements whatever their number (a
 * run that catches up issues many): the rows, then their numbers and OCR references, which follow the row
 * ids, then all lines, then one audit event per invoice.
 */
async function issueInvoices(
  trx: Knex.Transaction,
  actor: Actor,
  customer: CustomerRow,
  invoices: Array<{ invoice: DueInvoice; paymentMethod: PaymentMethod; createdAt: string }>,
): Promise<void> {
  const rows = invoices.map(({ invoice, paymentMethod, createdAt }) => {
    const placeholder = randomUUID().replace(/-/g, '');
    return {
      customer_id: customer.id,
      invoice_number: `R${placeholder.slice(0, 19)}`,
      ocr: `R${placeholder.slice(0, 24)}`,
      kind: 'invoice' as const,
      credits_invoice_id: null,
      issued_on: invoice.date,
      due_on: invoice.due_on,
      period_start: invoice.period_start,
      period_end: invoice.period_end,
      total_ore: invoice.total_ore,
      vat_ore: invoice.vat_ore,
      open_ore: invoice.total_ore,
      paid_ore: 0,
      credited_ore: 0,
      status: 'unpaid' as const,
      payment_method: paymentMethod,
      paid_on: null,
      created_at: createdAt,
    };
  });
  // Multi-row RETURNING answers the ids in the order of the rows (SQLite ≥ 3.35 and PostgreSQL).
  const ids = (await trx('invoices').insert(rows).returning('id')).map((r) => Number(r.id));
  const numbers = ids.map((id) => {
    const invoice_number = invoiceNumberFor(id);
    return { id, invoice_number, ocr: makeOcr(invoice_number) };
  });
  await trx.raw(
    `WITH issued (id, invoice_number, ocr) AS (VALUES ${numbers.map(() => '(CAST(? AS INTEGER), CAST(? AS VARCHAR(20)), CAST(? AS VARCHAR(25)))').join(', ')})
     UPDATE invoices SET invoice_number = issued.invoice_number, ocr = issued.ocr FROM issued WHERE invoices.id = issued.id`,
    numbers.flatMap((n) => [n.id, n.invoice_number, n.ocr]),
  );
  const lines = invoices.flatMap(({ invoice }, i) =>
    invoice.lines.map((l) => ({
      invoice_id: ids[i],
      subscription_id: l.subscription_id,
      kind: l.kind,
      description: l.description,
      period_start: l.period_start,
      period_end: l.period_end,
      amount_ore: l.amount_ore,
      vat_ore: l.vat_ore,
    })),
  );
  for (let i = 0; i < lines.length; i += 500) await trx('invoice_lines').insert(lines.slice(i, i + 500));
  await writeAudits(
    trx,
    actor,
    invoices.map(({ invoice, paymentMethod }, i) => ({
      action: 'create',
      entity: 'invoices',
      entityId: ids[i],
      customerId: customer.id,
      changes: created({
        invoice_number: numbers[i].invoice_number,
        ocr: numbers[i].ocr,
        issued_on: invoice.date,
        due_on: invoice.due_on,
        period_start: invoice.period_start,
        period_end: invoice.period_end,
        total_ore: invoice.total_ore,
        vat_ore: invoice.vat_ore,
        payment_method: paymentMethod,
      }),
    })),
  );
}

export interface RunOptions {
  actor?: Actor;
  /** The issue time written as `created_at` (seeds replaying history pass the invoice date). */
  now?: (invoice: DueInvoice) => string;
}

/**
 * Issues what is due for one customer on `runDate`, in one transaction (a savepoint when `db` is a
 * transaction). Answers the number issued, and whether another instance's invoice made it read again.
 */
export async function issueDueInvoices(
  db: Db,
  customerId: number,
  runDate: IsoDate,
  options: RunOptions = {},
): Promise<{ issued: number; retried: boolean }> {
  const actor = options.actor ?? { actor: 'system', requestId: `job:invoicing:${runDate}` };
  let retried = false;
  for (let attempt = 0; ; attempt++) {
    try {
      const issued = await db.transaction(async (trx) => {
        // PostgreSQL: one run at a time per customer; the other instance waits here, then reads what was issued.
        const customer = isPostgres(trx)
          ? await trx('customers').where({ id: customerId }).forUpdate().first()
          : await trx('customers').where({ id: customerId }).first();
        if (!customer) return 0;
        const input = await scheduleInputFor(trx, customer, runDate);
        const due = invoicesDueOn({ ...input, run_date: runDate });
        if (due.length === 0) return 0;
        const methodChanges = await appliedMethodChanges(trx, customerId);
        const now = new Date().toISOString();
        await issueInvoices(
          trx,
          actor,
          customer,
          due.map((invoice) => ({
            invoice,
            paymentMethod: paymentMethodOn(customer.payment_method, methodChanges, invoice.date),
            createdAt: options.now?.(invoice) ?? now,
          })),
        );
        return due.length;
      });
      return { issued, retried };
    } catch (err) {
      // Another instance issued one of these invoices between our read and our write: read again.
      if (isRunInvoiceViolation(err) && attempt < 3) {
        retried = true;
        continue;
      }
      throw err;
    }
  }
}

/** The whole run for `runDate`: every customer with something due, one after the other. */
export async function runInvoicing(db: Db, runDate: IsoDate, options: RunOptions = {}): Promise<InvoicingRunResult> {
  const customers = await customersToInvoice(db, runDate);
  const result: InvoicingRunResult = { run_date: runDate, customers: customers.length, invoices: 0, retried: 0 };
  for (const customerId of customers) {
    const { issued, retried } = await issueDueInvoices(db, customerId, runDate, options);
    result.invoices += issued;
    if (retried) result.retried += 1;
  }
  return result;
}

/**
 * The run as a daily job: the server ticks hourly, and a run that has completed for a date is not
 * repeated within this process (the next day's run, or a restart, looks again). Safe to run anywhere at
 * any time: what the job skips, the unique key would refuse anyway.
 */
const completed = new WeakMap<Knex, IsoDate>();
export async function invoicingJob(db: Knex, today: IsoDate): Promise<InvoicingRunResult | 'already run today'> {
  if (completed.get(db) === today) return 'already run today';
  const result = await runInvoicing(db, today);
  completed.set(db, today);
  return result;
}
