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

/**
 * Many audit events in a few multi-row inserts (a booked payment file: one per payment), in the caller's
 * transaction; each row exactly as `writeAudit` writes it.
 */
export async function writeAudits(trx: Knex | Knex.Transaction, actor: Actor, events: readonly AuditEvent[]) {
  const at = new Date().toISOString();
  const rows = events.map((event) => ({
    at,
    actor: actor.actor,
    action: event.action,
    entity: event.entity,
    entity_id: event.entityId === null ? null : String(event.entityId),
    customer_id: event.customerId ?? null,
    changes: JSON.stringify(event.changes ?? {}),
    request_id: actor.requestId,
  }));
  // 500 rows a statement: Knex writes a multi-row insert on SQLite as a compound SELECT, which SQLite caps at 500 terms.
  for (let i = 0; i < rows.length; i += 500) await trx('audit_events').insert(rows.slice(i, i + 500));
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
