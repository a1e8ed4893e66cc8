import { z } from 'zod';
import { eq, getRoute, listRoute, type ResourceDescription } from '../http/restResource';
import { forbidden } from '../core/errors';
import { ALL_ROLES, type RouteDef, SUPERVISORS } from '../http/routes';
import { idParam } from '../http/validate';

export const auditEventsResource: ResourceDescription = {
  name: 'audit_events',
  table: 'audit_events',
  sortable: ['id', 'at'],
  defaultSort: ['id', 'DESC'],
  filters: {
    entity: eq('entity', z.string().max(30)),
    entity_id: eq('entity_id', z.union([z.string().max(30), z.number().int()]).transform(String)),
    customer_id: eq('customer_id', idParam),
    actor: eq('actor', z.string().max(50)),
    action: eq('action', z.string().max(30)),
  },
  toApi: (row) => ({ ...row, changes: JSON.parse(row.changes) }),
};

const list = listRoute(auditEventsResource, ALL_ROLES);

export const auditEventRoutes: RouteDef[] = [
  {
    ...list,
    // Agents see a customer's history on the record; the whole audit log is for supervisors.
    handler: async (req, res, ctx) => {
      if (ctx.role === 'agent') {
        let filter: unknown;
        try {
          filter = JSON.parse(String(req.query.filter ?? '{}'));
        } catch {
          filter = {};
        }
        const customerId = (filter as Record<string, unknown> | null)?.customer_id;
        if (typeof customerId !== 'number' && typeof customerId !== 'string') {
          throw forbidden('Handläggare ser bara historiken för en kund i taget');
        }
      }
      return list.handler(req, res, ctx);
    },
  },
  getRoute(auditEventsResource, SUPERVISORS),
];
