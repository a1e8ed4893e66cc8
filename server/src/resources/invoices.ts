import { z } from 'zod';
import { INVOICE_KINDS, INVOICE_STATUSES } from '../domain/values';
import { eq, getRow, gte, listRoute, lte, type ResourceDescription } from '../http/restResource';
import { ALL_ROLES, type RouteDef } from '../http/routes';
import { idParam, isoDateSchema } from '../http/validate';

export const invoicesResource: ResourceDescription = {
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

export const invoiceRoutes: RouteDef[] = [
  listRoute(invoicesResource, ALL_ROLES),
  {
    method: 'get',
    path: '/invoices/:id',
    access: ALL_ROLES,
    handler: async (req, _res, ctx) => {
      const invoice = await getRow(invoicesResource, ctx, req.params.id);
      const lines = await ctx.db('invoice_lines').where({ invoice_id: invoice.id }).orderBy('id');
      return { ...invoice, lines };
    },
  },
];
