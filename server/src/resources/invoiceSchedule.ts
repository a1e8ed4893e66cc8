import { rolesFor } from '../domain/permissions';
import { parseId } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { customerInvoiceSchedule } from '../services/billing';

/** The customer's invoices for the next 12 months, as the billing rules will produce them. */
export const invoiceScheduleRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/customers/:id/invoice-schedule',
    access: rolesFor('invoices', 'list'),
    handler: async (req, _res, ctx) => customerInvoiceSchedule(ctx, parseId(req.params.id)),
  },
];
