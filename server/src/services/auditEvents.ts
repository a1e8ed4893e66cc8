import { z } from 'zod';
import { idParam } from '../core/schemas';
import type { AuditChanges, AuditEvent } from '../domain/apiTypes';
import { eq, type ResourceDescription } from './listing';

export const auditEventsListing: ResourceDescription<'audit_events', AuditEvent> = {
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
  toApi: (row) => ({ ...row, changes: JSON.parse(row.changes) as AuditChanges }),
};
