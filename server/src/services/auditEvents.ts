import { z } from 'zod';
import { idParam } from '../core/schemas';
import type { AuditChanges, AuditEvent } from '../domain/apiTypes';
import { can } from '../domain/permissions';
import { maskAuditChanges } from '../domain/personalDataMasking';
import { eq, type ResourceDescription } from './listing';

/**
 * The audit log. Supervisors read it whole; agents read one customer's history on the record, where
 * personal values (personnummer, phone, e-mail, street, postal code) are masked by the rules of
 * domain/personalDataMasking.ts — the history must not be a way round the audited record view.
 */
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
  toApi: (row, ctx) => {
    const changes = JSON.parse(row.changes) as AuditChanges;
    return { ...row, changes: can(ctx.role, 'audit_events', 'personal_data') ? changes : maskAuditChanges(changes) };
  },
};
