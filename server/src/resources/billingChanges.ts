import { z } from 'zod';
import { eq, readRoutes, ResourceDescription } from '../http/restResource';
import { ALL_ROLES, RouteDef } from '../http/routes';
import { idParam } from '../http/validate';

export const billingChangesResource: ResourceDescription = {
  name: 'billing_changes',
  table: 'billing_changes',
  sortable: ['id', 'effective_on', 'created_at'],
  defaultSort: ['id', 'DESC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    subscription_id: eq('subscription_id', idParam),
    kind: eq('kind', z.enum(['invoice_interval', 'sticker_fee_removal'])),
  },
  toApi: (row) => row,
};

export const billingChangeRoutes: RouteDef[] = [...readRoutes(billingChangesResource, ALL_ROLES)];
