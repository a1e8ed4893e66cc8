import { forbidden } from '../core/errors';
import { can, rolesFor } from '../domain/permissions';
import { answerList, getRoute } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { auditEventsListing } from '../services/auditEvents';

/** Whether the list request names one customer (`filter={"customer_id":…}`), judged before the filter is parsed. */
function namesOneCustomer(rawFilter: unknown): boolean {
  let filter: unknown;
  try {
    filter = JSON.parse(String(rawFilter ?? '{}'));
  } catch {
    filter = {};
  }
  const customerId = (filter as Record<string, unknown> | null)?.customer_id;
  return typeof customerId === 'number' || typeof customerId === 'string';
}

export const auditEventRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/audit_events',
    access: rolesFor('audit_events', 'list'),
    // Agents see a customer's history on the record; the whole audit log (the queue) is for supervisors.
    handler: async (req, res, ctx) => {
      if (!can(ctx.role, 'audit_events', 'queue') && !namesOneCustomer(req.query.filter)) {
        throw forbidden('Handläggare ser bara historiken för en kund i taget');
      }
      return answerList(auditEventsListing, req, res, ctx);
    },
  },
  getRoute(auditEventsListing, rolesFor('audit_events', 'show')),
];
