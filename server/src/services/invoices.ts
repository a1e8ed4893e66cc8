import { z } from 'zod';
import type { Ctx } from '../core/context';
import { idParam, isoDateSchema } from '../core/schemas';
import type { Invoice } from '../domain/apiTypes';
import { INVOICE_KINDS, INVOICE_STATUSES } from '../domain/values';
import { applyCustomerSearch } from './customers';
import { asStored, eq, filterOf, getRow, gte, lte, type ResourceDescription } from './listing';
import { paymentToApi } from './payments';

/**
 * `q`: what a supervisor types to find the invoice an unmatched payment belongs to — an invoice number or
 * an OCR number (digits, blanks allowed), or anything the customer search understands (name, personnummer,
 * customer number, phone, e-mail).
 */
const invoiceSearch = filterOf(z.string().max(100), (qb, value, ctx) => {
  const term = value.trim();
  if (term === '') return;
  const digits = term.replace(/[\s-]/g, '');
  qb.where((w) => {
    if (/^\d{1,25}$/.test(digits)) w.orWhere('invoices.invoice_number', digits).orWhere('invoices.ocr', digits);
    w.orWhereIn('invoices.customer_id', (customers) => {
      customers.select('customers.id').from('customers');
      applyCustomerSearch(customers, term, ctx.today);
    });
  });
});

export const invoicesListing: ResourceDescription<'invoices', Invoice> = {
  name: 'invoices',
  table: 'invoices',
  sortable: ['id', 'invoice_number', 'issued_on', 'due_on', 'total_ore', 'open_ore', 'status'],
  defaultSort: ['issued_on', 'DESC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    status: eq('status', z.enum(INVOICE_STATUSES)),
    kind: eq('kind', z.enum(INVOICE_KINDS)),
    ocr: eq('ocr', z.string().regex(/^\d{2,25}$/, 'OCR-nummer består av siffror')),
    invoice_number: eq('invoice_number', z.string().regex(/^\d{1,20}$/, 'Fakturanummer består av siffror')),
    credits_invoice_id: eq('credits_invoice_id', idParam),
    issued_from: gte('issued_on', isoDateSchema),
    issued_to: lte('issued_on', isoDateSchema),
    q: invoiceSearch,
  },
  toApi: asStored,
};

/** One invoice with its lines and the payments booked on it. */
export async function invoiceWithLines(ctx: Ctx, id: number): Promise<Invoice> {
  const invoice = await getRow(invoicesListing, ctx, id);
  const [lines, payments] = await Promise.all([
    ctx.db('invoice_lines').where({ invoice_id: invoice.id }).orderBy('id'),
    ctx.db('payments').where({ invoice_id: invoice.id }).orderBy('id'),
  ]);
  return { ...invoice, lines, payments: payments.map(paymentToApi) };
}
