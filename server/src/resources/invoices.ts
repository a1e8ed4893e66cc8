import { rolesFor } from '../domain/permissions';
import { listRoute, parseId } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { invoicesListing, invoiceWithLines } from '../services/invoices';

export const invoiceRoutes: RouteDef[] = [
  listRoute(invoicesListing, rolesFor('invoices', 'list')),
  {
    method: 'get',
    path: '/invoices/:id',
    access: rolesFor('invoices', 'show'),
    handler: async (req, _res, ctx) => invoiceWithLines(ctx, parseId(req.params.id)),
  },
];
