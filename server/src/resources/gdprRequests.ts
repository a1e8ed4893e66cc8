import { z } from 'zod';
import { eq, gte, lte, readRoutes, ResourceDescription } from '../http/restResource';
import { ALL_ROLES, RouteDef } from '../http/routes';
import { idParam, isoDateSchema } from '../http/validate';

export const GDPR_TYPES = ['rectification', 'access', 'erasure', 'restriction', 'objection', 'portability'] as const;

export const gdprRequestsResource: ResourceDescription = {
  name: 'gdpr_requests',
  table: 'gdpr_requests',
  sortable: ['id', 'received_on', 'due_on', 'status', 'type'],
  defaultSort: ['due_on', 'ASC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    status: eq('status', z.enum(['open', 'completed', 'rejected'])),
    type: eq('type', z.enum(GDPR_TYPES)),
    due_from: gte('due_on', isoDateSchema),
    due_to: lte('due_on', isoDateSchema),
  },
  toApi: (row) => ({ ...row, identity_verified: Boolean(row.identity_verified), changes: JSON.parse(row.changes) }),
};

export const gdprRequestRoutes: RouteDef[] = [...readRoutes(gdprRequestsResource, ALL_ROLES)];
