import { z } from 'zod';
import { idParam, isoDateSchema } from '../core/schemas';
import { addDays, stockholmDayStartUtc } from '../domain/calendarDate';
import type { AuditChanges, AuditEvent } from '../domain/apiTypes';
import { can } from '../domain/permissions';
import { maskAuditChanges } from '../domain/personalDataMasking';
import { eq, filterOf, type ResourceDescription } from './listing';

/** The events that are someone opening the record (a view, or a registerutdrag produced), not a change. */
export const VIEW_ACTIONS = ['view', 'export'] as const;

/**
 * The changes only, as SQL with the actions written in (constants of this module, no input): written exactly
 * as the condition of the partial index `audit_events_changes_index` (migration 20261128000000), which the
 * databases use only for a query that says the same — with NOT IN, or with bound values, they read every
 * view of the customer instead.
 */
export const CHANGES_ONLY = VIEW_ACTIONS.map((action) => `action <> '${action}'`).join(' AND ');

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
    // The record's history: changes (false) apart from who opened it (true).
    views: {
      ...filterOf(z.boolean(), (qb, views) => (views ? qb.whereIn('action', VIEW_ACTIONS) : qb.whereRaw(CHANGES_ONLY))),
      enumerated: true,
    },
    // Calendar days in Stockholm, both included: `at` is a UTC instant.
    at_from: filterOf(isoDateSchema, (qb, day) => qb.where('at', '>=', stockholmDayStartUtc(day))),
    at_to: filterOf(isoDateSchema, (qb, day) => qb.where('at', '<', stockholmDayStartUtc(addDays(day, 1)))),
  },
  toApi: (row, ctx) => {
    const changes = JSON.parse(row.changes) as AuditChanges;
    return { ...row, changes: can(ctx.role, 'audit_events', 'personal_data') ? changes : maskAuditChanges(changes) };
  },
};
