import { z } from 'zod';
import { eq, gte, lte, readRoutes, ResourceDescription } from '../http/restResource';
import { ALL_ROLES, RouteDef } from '../http/routes';
import { idParam, isoDateSchema } from '../http/validate';

export const OPEN_CANCELLATION_STATUSES = ['registered', 'form_sent', 'confirmed'] as const;
export const CANCELLATION_STATUSES = ['registered', 'form_sent', 'confirmed', 'completed', 'revoked'] as const;

export const cancellationsResource: ResourceDescription = {
  name: 'cancellations',
  table: 'cancellations',
  sortable: ['id', 'requested_on', 'ends_on', 'status', 'created_at'],
  defaultSort: ['ends_on', 'ASC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    subscription_id: eq('subscription_id', idParam),
    status: eq('status', z.enum(CANCELLATION_STATUSES)),
    kind: eq('kind', z.enum(['withdrawal', 'notice'])),
    created_by: eq('created_by', z.string().max(50)),
    ends_from: gte('ends_on', isoDateSchema),
    ends_to: lte('ends_on', isoDateSchema),
  },
  toApi: (row) => row,
};

export const cancellationRoutes: RouteDef[] = [...readRoutes(cancellationsResource, ALL_ROLES)];
