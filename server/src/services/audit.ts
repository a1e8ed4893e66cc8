import type { Knex } from 'knex';
import type { Actor } from '../core/context';

export type Changes = Record<string, { before: unknown; after: unknown }>;

export interface AuditEvent {
  action: string;
  entity: string;
  entityId: number | string | null;
  customerId?: number | null;
  changes?: Changes;
}

/** Appends one audit event inside the caller's transaction, so it commits or rolls back with the change. */
export async function writeAudit(trx: Knex | Knex.Transaction, actor: Actor, event: AuditEvent) {
  await trx('audit_events').insert({
    at: new Date().toISOString(),
    actor: actor.actor,
    action: event.action,
    entity: event.entity,
    entity_id: event.entityId === null ? null : String(event.entityId),
    customer_id: event.customerId ?? null,
    changes: JSON.stringify(event.changes ?? {}),
    request_id: actor.requestId,
  });
}

/** Before/after of the fields whose value differs; fields absent from `after` are left out. */
export function diff(before: object, after: object): Changes {
  const changes: Changes = {};
  const was = before as Record<string, unknown>;
  for (const [field, value] of Object.entries(after)) {
    if (value !== undefined && was[field] !== value) changes[field] = { before: was[field] ?? null, after: value ?? null };
  }
  return changes;
}

/** The "after" side only, for creations. */
export function created(after: object): Changes {
  return diff({}, after);
}

/** The "after" side of the fields that hold a value: a creation's empty optional fields say nothing. */
export function createdWithValues(after: object): Changes {
  return created(Object.fromEntries(Object.entries(after).filter(([, value]) => value !== null && value !== '')));
}
