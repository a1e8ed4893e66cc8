import { z } from 'zod';
import { versionSchema } from '../core/schemas';
import { rolesFor } from '../domain/permissions';
import { parseId, parseListQuery, sendList } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import {
  BILLING_CUSTOMER_FIELDS,
  customerFieldSchemas,
  EDITABLE_CUSTOMER_FIELDS,
  READ_ONLY_CUSTOMER_FIELDS,
} from '../services/customerFields';
import {
  type CustomerChanges,
  customerCounts,
  customersListing,
  editCustomer,
  openCustomerRecord,
  registerCustomer,
  searchCustomers,
} from '../services/customers';

const readOnly = Object.fromEntries(READ_ONLY_CUSTOMER_FIELDS.map((f) => [f, z.unknown().optional()]));

function createSchema(today: string) {
  const f = customerFieldSchemas(today);
  return z
    .object({
      ...f,
      phone: f.phone.optional().default(null),
      email: f.email.optional().default(null),
      invoice_interval: f.invoice_interval.optional(),
      payment_method: f.payment_method.optional(),
    })
    .strict();
}

/** The whole record as react-admin's `update` sends it: the editable fields, the read-only ones (ignored) and `version`. */
function updateSchema(today: string) {
  const f = customerFieldSchemas(today);
  const editable = Object.fromEntries(EDITABLE_CUSTOMER_FIELDS.map((k) => [k, f[k].optional()]));
  return z
    .object({
      ...editable,
      ...readOnly,
      invoice_interval: f.invoice_interval.optional(),
      payment_method: f.payment_method.optional(),
      version: versionSchema,
    })
    .strict();
}

export const customerRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/customers',
    access: rolesFor('customers', 'list'),
    rateLimited: true,
    handler: async (req, res, ctx) =>
      sendList(res, customersListing.name, await searchCustomers(ctx, parseListQuery(customersListing, req.query))),
  },
  {
    // The tabs' labels: how many rows each holds. Before `/customers/:id`'s siblings; not an audited view.
    method: 'get',
    path: '/customers/:id/counts',
    access: rolesFor('customers', 'show'),
    handler: async (req, _res, ctx) => customerCounts(ctx, parseId(req.params.id)),
  },
  {
    method: 'get',
    path: '/customers/:id',
    access: rolesFor('customers', 'show'),
    handler: async (req, _res, ctx) => openCustomerRecord(ctx, parseId(req.params.id)),
  },
  {
    method: 'post',
    path: '/customers',
    access: rolesFor('customers', 'create'),
    status: 201,
    handler: async (req, _res, ctx) => registerCustomer(ctx, parseOrThrow(createSchema(ctx.today), req.body)),
  },
  {
    method: 'put',
    path: '/customers/:id',
    access: rolesFor('customers', 'edit'),
    handler: async (req, _res, ctx) => {
      const id = parseId(req.params.id);
      const body: Record<string, unknown> = parseOrThrow(updateSchema(ctx.today), req.body);
      // The invoice interval and payment method are sent back with the record; the service refuses them only when they differ.
      const fields = [...EDITABLE_CUSTOMER_FIELDS, ...BILLING_CUSTOMER_FIELDS].filter((k) => body[k] !== undefined);
      const changes = Object.fromEntries(fields.map((k) => [k, body[k]])) as CustomerChanges;
      return editCustomer(ctx, id, body.version as number, changes);
    },
  },
];
