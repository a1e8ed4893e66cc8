import { idParam, versionSchema } from '../core/schemas';
import { rolesFor } from '../domain/permissions';
import { parseId, readRoutes } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { parseOrThrow, picked, recordSchema } from '../http/validate';
import { assignPayment, paymentsListing } from '../services/payments';

/** What the bank sent and the booking set; sent back with the record, they must be unchanged. */
const READ_ONLY = [
  'customer_id',
  'amount_ore',
  'paid_on',
  'reference',
  'reference_code',
  'payer_name',
  'source',
  'payment_file_id',
] as const;
const IGNORED = ['id', 'status', 'assigned_by', 'assigned_at', 'created_at', 'updated_at', 'remainder'] as const;

/** Assigning an unmatched payment: the invoice it pays, and the version seen. */
const assignSchema = recordSchema({ invoice_id: idParam, version: versionSchema }, [...READ_ONLY, ...IGNORED]);

export const paymentRoutes: RouteDef[] = [
  ...readRoutes(paymentsListing),
  {
    method: 'put',
    path: '/payments/:id',
    access: rolesFor('payments', 'edit'),
    handler: async (req, _res, ctx) => {
      const id = parseId(req.params.id);
      const body = parseOrThrow(assignSchema, req.body);
      return assignPayment(ctx, id, { invoice_id: body.invoice_id, version: body.version }, picked(body, READ_ONLY));
    },
  },
];
