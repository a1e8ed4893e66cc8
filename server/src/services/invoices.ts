import { z } from 'zod';
import type { Ctx } from '../core/context';
import { idParam, isoDateSchema } from '../core/schemas';
import type { Invoice } from '../domain/apiTypes';
import { INVOICE_KINDS, INVOICE_STATUSES } from '../domain/values';
import { eq, getRow, gte, lte, type ResourceDescription } from './listing';

export const invoicesListing: ResourceDescription<'invoices', Invoice> = {
  name: 'invoices',
  table: 'invoices',
  sortable: ['id', 'invoice_number', 'issued_on', 'due_on', 'total_ore', 'status'],
  defaultSort: ['issued_on', 'DESC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    status: eq('status', z.enum(INVOICE_STATUSES)),
    kind: eq('kind', z.enum(INVOICE_KINDS)),
    ocr: eq('ocr', z.string().regex(/^\d{2,25}$/, 'OCR-nummer består av siffror')),
    credits_invoice_id: eq('credits_invoice_id', idParam),
    issued_from: gte('issued_on', isoDateSchema),
    issued_to: lte('issued_on', isoDateSchema),
  },
  toApi: (row) => row,
};

/** One invoice with its lines. */
export async function invoiceWithLines(ctx: Ctx, id: number): Promise<Invoice> {
  const invoice = await getRow(invoicesListing, ctx, id);
  const lines = await ctx.db('invoice_lines').where({ invoice_id: invoice.id }).orderBy('id');
  return { ...invoice, lines };
}
