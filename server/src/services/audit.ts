import type { Knex } from 'knex';
import type { Ctx } from '../core/context';

export type Changes = Record<string, { before: unknown; after: unknown }>;

export interface AuditEvent {
  action: string;
  entity: string;
  entityId: number | string | null;
  customerId?: number | null;
  changes?: Changes;
}

/** Appends one audit event inside the caller's transaction, so it commits or rolls back with the change. */
export async function writeAudit(trx: Knex | Knex.Transaction, ctx: Pick<Ctx, 'actor' | 'requestId'>, event: AuditEvent) {
  await trx('audit_events').insert({
    at: new Date().toISOString(),
    actor: ctx.actor,
    action: event.action,
    entity: event.entity,
    entity_id: event.entityId === null ? null : String(event.entityId),
    customer_id: event.customerId ?? null,
    changes: JSON.stringify(event.changes ?? {}),
    request_id: ctx.requestId,
  });
}

/** Before/after of the fields whose value differs; fields absent from `after` are left out. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Changes {
  const changes: Changes = {};
  for (const [field, value] of Object.entries(after)) {
    if (before[field] !== value) changes[field] = { before: before[field] ?? null, after: value ?? null };
  }
  return changes;
}

/** The "after" side only, for creations. */
export function created(after: Record<string, unknown>): Changes {
  return diff({}, after);
}
