import { z } from 'zod';
import { eq, gte, lte, readRoutes, ResourceDescription } from '../http/restResource';
import { ALL_ROLES, RouteDef } from '../http/routes';
import { idParam, isoDateSchema } from '../http/validate';

export const SUBSCRIPTION_STATUSES = ['active', 'notice_given', 'ended', 'withdrawn'] as const;

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

export const subscriptionRoutes: RouteDef[] = [...readRoutes(subscriptionsResource, ALL_ROLES)];
