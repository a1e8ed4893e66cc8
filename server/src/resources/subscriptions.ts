import { z } from 'zod';
import { idParam, isoDateSchema } from '../core/schemas';
import { rolesFor } from '../domain/permissions';
import { parseId, readRoutes } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import { termsForSubscription } from '../services/cancellations';
import { createSubscription, subscriptionsListing } from '../services/subscriptions';

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
  ...readRoutes(subscriptionsListing),
  {
    method: 'post',
    path: '/subscriptions',
    access: rolesFor('subscriptions', 'create'),
    status: 201,
    handler: async (req, _res, ctx) => createSubscription(ctx, parseOrThrow(createSchema, req.body)),
  },
  {
    // The preview of registering a cancellation: whoever may register one may ask what it would be.
    method: 'get',
    path: '/subscriptions/:id/cancellation-terms',
    access: rolesFor('cancellations', 'create'),
    handler: async (req, _res, ctx) => {
      const id = parseId(req.params.id);
      const { requested_on } = parseOrThrow(termsQuery, req.query);
      return termsForSubscription(ctx, id, requested_on ?? ctx.today);
    },
  },
];
