import { z } from 'zod';
import { SUBSCRIPTION_STATUSES } from '../domain/values';
import { eq, gte, lte, parseId, readRoutes, type ResourceDescription } from '../http/restResource';
import { ALL_ROLES, type RouteDef } from '../http/routes';
import { idParam, isoDateSchema, parseOrThrow } from '../http/validate';
import { termsForSubscription } from '../services/cancellations';
import { createSubscription } from '../services/subscriptions';

export const subscriptionsResource: ResourceDescription = {
  name: 'subscriptions',
  table: 'subscriptions',
  sortable: ['id', 'signed_on', 'binding_ends_on', 'ends_on', 'status'],
  defaultSort: ['signed_on', 'DESC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    product_id: eq('product_id', idParam),
    status: eq('status', z.enum(SUBSCRIPTION_STATUSES)),
    with_stickers: { schema: z.boolean(), apply: (qb, v) => qb.where('with_stickers', v) },
    signed_from: gte('signed_on', isoDateSchema),
    signed_to: lte('signed_on', isoDateSchema),
  },
  toApi: (row) => ({ ...row, with_stickers: Boolean(row.with_stickers) }),
};

const createSchema = z
  .object({
    customer_id: idParam,
    product_id: idParam,
    signed_on: isoDateSchema,
    binding_months: z.number().int().min(0).max(36),
    with_stickers: z.boolean().optional().default(false),
  })
  .strict();

/** The preview accepts any valid date; without one it answers for today. */
const termsQuery = z.object({ requested_on: isoDateSchema.optional() }).strict();

export const subscriptionRoutes: RouteDef[] = [
  ...readRoutes(subscriptionsResource, ALL_ROLES),
  {
    method: 'post',
    path: '/subscriptions',
    access: ALL_ROLES,
    status: 201,
    handler: async (req, _res, ctx) => createSubscription(ctx, parseOrThrow(createSchema, req.body)),
  },
  {
    method: 'get',
    path: '/subscriptions/:id/cancellation-terms',
    access: ALL_ROLES,
    handler: async (req, _res, ctx) => {
      const id = parseId(req.params.id);
      const { requested_on } = parseOrThrow(termsQuery, req.query);
      return termsForSubscription(ctx.db, id, requested_on ?? ctx.today);
    },
  },
];
