import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { isPostgres } from '../db/knex';
import { z } from 'zod';
import { badRequest, conflict, notFound } from '../core/errors';
import type { Ctx } from '../core/context';
import { idParam, isoDateSchema } from '../core/schemas';
import type { Payment, PaymentFile } from '../domain/apiTypes';
import { type BgmaxPayment, decodeBgmax, parseBgmax } from '../domain/bgmax';
import type { IsoDate } from '../domain/calendarDate';
import { formatKronor } from '../domain/money';
import { ocrCandidates } from '../domain/ocr';
import { allocatePayment } from '../domain/paymentAllocation';
import { PAYMENT_SOURCES, PAYMENT_STATUSES } from '../domain/values';
import type { InvoiceRow, PaymentFileRow, PaymentRow } from '../db/tables';
import { type AuditEvent, created, diff, insertRows, writeAudit, writeAudits } from './audit';
import { eq, gte, lte, type ResourceDescription } from './listing';
import { refuseReadOnlyChanges, staleVersion, updateVersioned } from './versioned';

/**
 * Payments from Bankgirot (PRODUCT.md, "Money that moves"): a BgMax file is booked whole or not at all,
 * in one transaction — each payment's reference matched to an invoice's OCR number, the paid amount taken
 * off what is open, money beyond it (and unknown references, and deductions) kept as `unmatched` payments
 * that a supervisor assigns later. The file's sha-256 is a unique key: the same file twice books nothing.
 */
export const MAX_PAYMENT_FILE_BYTES = 5 * 1024 * 1024;

export function paymentToApi(row: PaymentRow): Payment {
  return { ...row, amount_ore: Number(row.amount_ore) };
}

export function paymentFileToApi(row: PaymentFileRow): PaymentFile {
  return {
    ...row,
    amount_ore: Number(row.amount_ore),
    matched_ore: Number(row.matched_ore),
    unmatched_ore: Number(row.unmatched_ore),
  };
}

export const paymentsListing: ResourceDescription<'payments', Payment> = {
  name: 'payments',
  table: 'payments',
  sortable: ['id', 'paid_on', 'amount_ore', 'status', 'created_at'],
  defaultSort: ['id', 'DESC'],
  filters: {
    status: eq('status', z.enum(PAYMENT_STATUSES)),
    source: eq('source', z.enum(PAYMENT_SOURCES)),
    customer_id: eq('customer_id', idParam),
    invoice_id: eq('invoice_id', idParam),
    payment_file_id: eq('payment_file_id', idParam),
    paid_from: gte('paid_on', isoDateSchema),
    paid_to: lte('paid_on', isoDateSchema),
  },
  toApi: paymentToApi,
};

export const paymentFilesListing: ResourceDescription<'payment_files', PaymentFile> = {
  name: 'payment_files',
  table: 'payment_files',
  sortable: ['id', 'uploaded_at', 'amount_ore'],
  defaultSort: ['id', 'DESC'],
  filters: { uploaded_by: eq('uploaded_by', z.string().max(50)) },
  toApi: paymentFileToApi,
};

/** The invoice fields a booking reads and writes. */
type OpenInvoice = Pick<InvoiceRow, 'id' | 'customer_id' | 'invoice_number' | 'ocr' | 'open_ore' | 'paid_ore' | 'status' | 'paid_on'>;

/** PostgreSQL refuses more than 65,535 bound values in one statement, SQLite more than 32,766. */
const MAX_BINDINGS = 30_000;

/**
 * The invoices (never credit notes) whose OCR number is one of `ocrs`: one query for the whole file (a few
 * when it holds more than 30,000 candidates), locked on PostgreSQL until the booking commits.
 */
async function invoicesByOcr(trx: Knex.Transaction, ocrs: string[]): Promise<Map<string, OpenInvoice>> {
  const found = new Map<string, OpenInvoice>();
  for (let i = 0; i < ocrs.length; i += MAX_BINDINGS) {
    const query = trx('invoices')
      .where('kind', 'invoice')
      .whereIn('ocr', ocrs.slice(i, i + MAX_BINDINGS))
      .select('id', 'customer_id', 'invoice_number', 'ocr', 'open_ore', 'paid_ore', 'status', 'paid_on');
    if (isPostgres(trx)) query.forUpdate();
    for (const row of (await query) as OpenInvoice[]) {
      found.set(row.ocr, { ...row, id: Number(row.id), open_ore: Number(row.open_ore), paid_ore: Number(row.paid_ore) });
    }
  }
  return found;
}

/** Every OCR number a payment may mean: its own reference's, then its extra references' (BgMax 22/23). */
function candidatesOf(p: BgmaxPayment): string[] {
  const all = [p.reference, ...p.extra_references.map((x) => x.reference)].flatMap((reference, i) =>
    ocrCandidates(reference, i === 0 ? p.reference_code : p.extra_references[i - 1].reference_code),
  );
  return [...new Set(all)];
}

type NewPayment = Omit<PaymentRow, 'id' | 'payment_file_id' | 'version' | 'created_at' | 'updated_at' | 'assigned_by' | 'assigned_at'>;

interface Booking {
  payments: NewPayment[];
  /** For each new payment, its audit event without the payment's id (known after the insert). */
  audits: Array<Omit<AuditEvent, 'entityId'>>;
  /** The invoices a payment changed, as they are after the file. */
  invoices: Map<number, OpenInvoice & { before: OpenInvoice }>;
  matched: number;
  matchedOre: number;
  unmatchedOre: number;
}

/** A payment of the file with the day it was paid and the OCR numbers it may mean. */
interface FileEntry {
  payment: BgmaxPayment;
  paidOn: IsoDate;
  candidates: string[];
}

/**
 * Lets other requests run between slices of a large file's work on this (the only JavaScript) thread, so
 * that booking 10,000 payments never holds up an agent's search for more than a slice.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const SLICE = 250;

/** Matches and allocates the file's payments in file order, against the invoices as they are now. */
async function planBooking(entries: FileEntry[], byOcr: Map<string, OpenInvoice>): Promise<Booking> {
  const booking: Booking = { payments: [], audits: [], invoices: new Map(), matched: 0, matchedOre: 0, unmatchedOre: 0 };
  const current = (inv: OpenInvoice) => {
    let state = booking.invoices.get(inv.id);
    if (!state) {
      state = { ...inv, before: inv };
      booking.invoices.set(inv.id, state);
    }
    return state;
  };
  for (const [index, { payment, paidOn, candidates }] of entries.entries()) {
    if (index % SLICE === SLICE - 1) await nextTurn();
    const base = {
      paid_on: paidOn,
      reference: payment.reference.slice(0, 100),
      reference_code: payment.reference_code.trim().slice(0, 1) || null,
      payer_name: payment.payer_name?.trim().slice(0, 100) || null,
      source: 'bgmax' as const,
    };
    const match = candidates.map((ocr) => byOcr.get(ocr)).find((inv) => inv !== undefined);
    if (!match) {
      booking.payments.push({ ...base, customer_id: null, invoice_id: null, amount_ore: payment.amount_ore, status: 'unmatched' });
      booking.audits.push({
        action: 'receive',
        entity: 'payments',
        customerId: null,
        changes: created({ amount_ore: payment.amount_ore, paid_on: paidOn, reference: base.reference, payer_name: base.payer_name }),
      });
      booking.unmatchedOre += payment.amount_ore;
      continue;
    }
    const invoice = current(match);
    const { applied_ore, surplus_ore, paid } = allocatePayment(invoice.open_ore, payment.amount_ore);
    if (applied_ore > 0) {
      const before = { open_ore: invoice.open_ore, status: invoice.status };
      invoice.open_ore -= applied_ore;
      invoice.paid_ore += applied_ore;
      if (paid && invoice.status === 'unpaid') {
        invoice.status = 'paid';
        invoice.paid_on = paidOn;
      }
      booking.payments.push({
        ...base,
        customer_id: invoice.customer_id,
        invoice_id: invoice.id,
        amount_ore: applied_ore,
        status: 'matched',
      });
      booking.audits.push({
        action: 'book',
        entity: 'payments',
        customerId: invoice.customer_id,
        changes: {
          ...created({ amount_ore: applied_ore, paid_on: paidOn, invoice_number: invoice.invoice_number, reference: base.reference }),
          invoice_open_ore: { before: before.open_ore, after: invoice.open_ore },
          ...(before.status !== invoice.status ? { invoice_status: { before: before.status, after: invoice.status } } : {}),
        },
      });
      booking.matched += 1;
      booking.matchedOre += applied_ore;
    }
    if (surplus_ore !== 0) {
      // Paid beyond what was open, or a deduction: the supervisor decides what it belongs to.
      booking.payments.push({ ...base, customer_id: invoice.customer_id, invoice_id: null, amount_ore: surplus_ore, status: 'unmatched' });
      booking.audits.push({
        action: 'receive',
        entity: 'payments',
        customerId: invoice.customer_id,
        changes: created({
          amount_ore: surplus_ore,
          paid_on: paidOn,
          reference: base.reference,
          payer_name: base.payer_name,
          invoice_number: invoice.invoice_number,
        }),
      });
      booking.unmatchedOre += surplus_ore;
    }
  }
  return booking;
}

/** The changed invoices in one statement per 1,000: a VALUES list joined to the table (same SQL on both databases). */
async function updateInvoices(trx: Knex.Transaction, invoices: OpenInvoice[]) {
  for (let i = 0; i < invoices.length; i += 1000) {
    const chunk = invoices.slice(i, i + 1000);
    const values = chunk.map(
      () => '(CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS VARCHAR(20)), CAST(? AS VARCHAR(10)))',
    );
    const bindings = chunk.flatMap((inv) => [inv.id, inv.open_ore, inv.paid_ore, inv.status, inv.paid_on]);
    await trx.raw(
      `WITH booked (id, open_ore, paid_ore, status, paid_on) AS (VALUES ${values.join(', ')})
       UPDATE invoices SET open_ore = booked.open_ore, paid_ore = booked.paid_ore, status = booked.status, paid_on = booked.paid_on
       FROM booked WHERE invoices.id = booked.id`,
      bindings,
    );
  }
}

function isDigestViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code === '23505') return /payment_files_digest/.test(`${e.constraint} ${e.message}`);
  return e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed: payment_files\.digest/.test(String(e.message));
}

function alreadyBooked(existing: Pick<PaymentFileRow, 'id' | 'uploaded_at' | 'uploaded_by' | 'filename'> | undefined) {
  const when = existing ? ` ${existing.uploaded_at.slice(0, 10)} av ${existing.uploaded_by}` : '';
  return conflict(`Filen är redan inläst${when}; inget bokfördes nu`, { file: `Samma fil är redan inläst${when}` });
}

/**
 * `POST /payment_files`: books a BgMax file. A malformed file is a 400 naming the line, a test file or an
 * empty one a 400, the same bytes a second time a 409; in each case nothing is written.
 */
export async function bookPaymentFile(ctx: Ctx, bytes: Uint8Array, filename: string | null): Promise<PaymentFile> {
  if (bytes.length === 0) throw badRequest('Filen är tom', { file: 'Filen är tom' });
  const digest = createHash('sha256').update(bytes).digest('hex');
  const parsed = parseBgmax(decodeBgmax(bytes));
  if (!parsed.ok) throw badRequest(`BgMax-filen kunde inte läsas. ${parsed.error}`, { file: parsed.error });
  if (parsed.file.test) {
    throw badRequest('Filen är en testfil från Bankgirot och bokförs inte', { file: 'Testfil (T i kolumn 45): bokförs inte' });
  }
  await nextTurn();
  const entries: FileEntry[] = [];
  for (const section of parsed.file.sections) {
    for (const payment of section.payments) {
      entries.push({ payment, paidOn: section.deposit.payment_date, candidates: candidatesOf(payment) });
      if (entries.length % SLICE === 0) await nextTurn();
    }
  }
  const candidates = [...new Set(entries.flatMap((e) => e.candidates))];
  try {
    return await ctx.db.transaction(async (trx) => {
      const existing = await trx('payment_files').where({ digest }).first('id', 'uploaded_at', 'uploaded_by', 'filename');
      if (existing) throw alreadyBooked(existing);
      const booking = await planBooking(entries, await invoicesByOcr(trx, candidates));
      const now = new Date().toISOString();
      const fileValues = {
        digest,
        filename,
        uploaded_by: ctx.actor,
        uploaded_at: now,
        payments: entries.length,
        matched: booking.matched,
        unmatched: booking.payments.length - booking.matched,
        amount_ore: parsed.file.totals.amount_ore,
        matched_ore: booking.matchedOre,
        unmatched_ore: booking.unmatchedOre,
      };
      const [{ id: rawFileId }] = await trx('payment_files').insert(fileValues).returning('id');
      const fileId = Number(rawFileId);
      const columns = [
        'customer_id',
        'invoice_id',
        'amount_ore',
        'paid_on',
        'reference',
        'reference_code',
        'payer_name',
        'source',
        'status',
        'payment_file_id',
        'version',
        'created_at',
        'updated_at',
      ] as const;
      const rows = booking.payments.map((p) => {
        const row = { ...p, payment_file_id: fileId, version: 1, created_at: now, updated_at: now };
        return columns.map((c) => row[c]);
      });
      // The ids come back in the order of the rows (SQLite ≥ 3.35 and PostgreSQL), for the audit events.
      const ids = (await insertRows(trx, 'payments', columns, rows, 'id')).map(Number);
      await updateInvoices(
        trx,
        [...booking.invoices.values()].filter((inv) => inv.open_ore !== inv.before.open_ore),
      );
      await writeAudit(trx, ctx, {
        action: 'upload',
        entity: 'payment_files',
        entityId: fileId,
        changes: created({
          filename,
          payments: fileValues.payments,
          matched: fileValues.matched,
          unmatched: fileValues.unmatched,
          amount_ore: fileValues.amount_ore,
        }),
      });
      await writeAudits(
        trx,
        ctx,
        booking.audits.map((event, i) => ({ ...event, entityId: ids[i] })),
      );
      return paymentFileToApi({ id: fileId, ...fileValues });
    });
  } catch (err) {
    // Two uploads of the same file at once: the second meets the unique digest.
    if (isDigestViolation(err)) throw alreadyBooked(undefined);
    throw err;
  }
}

export async function getPayment(db: Knex | Knex.Transaction, id: number): Promise<PaymentRow> {
  const row = await db('payments').where({ id }).first();
  if (!row) throw notFound('Betalningen finns inte');
  return row;
}

/**
 * `PUT /payments/:id` with `invoice_id`: a supervisor assigns an unmatched payment to an invoice, booked as
 * a match would be. The payment becomes `matched` for what the invoice takes; if the invoice takes less
 * (it had less open), the rest stays in the queue as a new unmatched payment of the same day and reference
 * (`remainder` in the answer), so that each row is either wholly booked or wholly waiting.
 */
export async function assignPayment(
  ctx: Ctx,
  id: number,
  input: { invoice_id: number; version: number },
  sent: Record<string, unknown> = {},
): Promise<Payment> {
  return ctx.db.transaction(async (trx) => {
    const payment = await getPayment(trx, id);
    if (payment.version !== input.version) throw staleVersion('payments');
    refuseReadOnlyChanges(paymentToApi(payment), sent);
    if (payment.status !== 'unmatched') throw conflict('Betalningen är redan bokförd på en faktura', { invoice_id: 'Redan bokförd' });
    if (payment.amount_ore <= 0) {
      throw conflict('Ett avdrag (negativt belopp) bokförs inte på en faktura', {
        invoice_id: 'Ett avdrag kan inte kopplas till en faktura',
      });
    }
    const invoiceQuery = trx('invoices').where({ id: input.invoice_id }).first();
    if (isPostgres(trx)) invoiceQuery.forUpdate();
    const invoice = await invoiceQuery;
    if (!invoice) throw badRequest('Fakturan finns inte', { invoice_id: 'Fakturan finns inte' });
    if (invoice.kind !== 'invoice') throw badRequest('En kreditnota betalas inte', { invoice_id: 'Välj en faktura, inte en kreditnota' });
    const { applied_ore, surplus_ore, paid } = allocatePayment(Number(invoice.open_ore), Number(payment.amount_ore));
    if (applied_ore === 0) {
      throw conflict(`Faktura ${invoice.invoice_number} har inget öppet belopp`, { invoice_id: 'Fakturan har inget öppet belopp' });
    }
    const now = new Date().toISOString();
    const assigned = await updateVersioned(trx, ctx, {
      table: 'payments',
      before: payment,
      version: input.version,
      changes: {
        status: 'matched',
        invoice_id: invoice.id,
        customer_id: invoice.customer_id,
        amount_ore: applied_ore,
        assigned_by: ctx.actor,
        assigned_at: now,
      },
      where: { status: 'unmatched' },
      audit: {
        action: 'assign',
        customerId: invoice.customer_id,
        changes: {
          ...diff(payment, { status: 'matched', amount_ore: applied_ore }),
          invoice_number: { before: null, after: invoice.invoice_number },
        },
      },
    });
    let remainder: Payment | null = null;
    if (surplus_ore > 0) {
      const values = {
        customer_id: invoice.customer_id,
        invoice_id: null,
        amount_ore: surplus_ore,
        paid_on: payment.paid_on,
        reference: payment.reference,
        reference_code: payment.reference_code,
        payer_name: payment.payer_name,
        source: payment.source,
        status: 'unmatched' as const,
        payment_file_id: payment.payment_file_id,
      };
      const [{ id: restId }] = await trx('payments')
        .insert({ ...values, version: 1, created_at: now, updated_at: now })
        .returning('id');
      await writeAudit(trx, ctx, {
        action: 'receive',
        entity: 'payments',
        entityId: Number(restId),
        customerId: invoice.customer_id,
        changes: created({
          amount_ore: surplus_ore,
          paid_on: payment.paid_on,
          reference: payment.reference,
          payer_name: payment.payer_name,
        }),
      });
      remainder = paymentToApi((await getPayment(trx, Number(restId)))!);
    }
    const booked = {
      open_ore: Number(invoice.open_ore) - applied_ore,
      paid_ore: Number(invoice.paid_ore) + applied_ore,
      status: paid && invoice.status === 'unpaid' ? ('paid' as const) : invoice.status,
      paid_on: paid && invoice.status === 'unpaid' ? payment.paid_on : invoice.paid_on,
    };
    await trx('invoices').where({ id: invoice.id }).update(booked);
    await writeAudit(trx, ctx, {
      action: 'update',
      entity: 'invoices',
      entityId: invoice.id,
      customerId: invoice.customer_id,
      changes: diff(invoice, booked),
    });
    return { ...paymentToApi(assigned), remainder };
  });
}

/** What a booked file says in words, for logs and scripts. */
export function describeBookedFile(file: PaymentFile): string {
  return `${file.payments} betalningar, ${file.matched} bokförda (${formatKronor(file.matched_ore)}), ${file.unmatched} ej matchade (${formatKronor(file.unmatched_ore)})`;
}
