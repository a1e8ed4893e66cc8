import type { Knex } from 'knex';
import { badRequest, conflict, type FieldErrors, type HttpError } from '../core/errors';
import type { Actor } from '../core/context';
import type { TableRows, VersionedTable } from '../db/tables';
import { type Changes, diff, writeAudit } from './audit';
import type { AuditAction } from '../domain/values';

/** What a stale version conflict calls the record, in Swedish, with the pronoun that goes with it. */
const THINGS: Record<VersionedTable, [string, 'den' | 'det']> = {
  customers: ['Kunden', 'den'],
  subscriptions: ['Abonnemanget', 'det'],
  cancellations: ['Uppsägningen', 'den'],
  gdpr_requests: ['Begäran', 'den'],
  users: ['Användaren', 'den'],
  autogiro_mandates: ['Autogiromedgivandet', 'det'],
  payments: ['Betalningen', 'den'],
  covered_persons: ['Personen i tjänsten', 'den'],
  blocks: ['Spärren', 'den'],
};

/**
 * The one answer to a stale version: a 409 with a message and no field errors, on purpose. react-admin
 * then shows the message itself (with field errors it would only say "the form is invalid"), and the
 * form keeps what was typed.
 */
export function staleVersion(table: VersionedTable): HttpError {
  const [thing, pronoun] = THINGS[table];
  return conflict(`${thing} har ändrats av någon annan sedan du öppnade ${pronoun}. Ladda om och försök igen.`);
}

export interface VersionedUpdate<T extends VersionedTable> {
  table: T;
  /** The row as the caller read it in this transaction. */
  before: TableRows[T];
  /** The version the client saw; another one is a 409 before anything is written. Defaults to `before`'s. */
  version?: number;
  /** The values to write; fields equal to `before` are no change. */
  changes: Partial<TableRows[T]>;
  /** Extra conditions the row must still meet when it is written, besides its id and version. */
  where?: Partial<TableRows[T]>;
  /**
   * `false` for jobs that never overwrite an agent's edit anyway: the row is written whatever its version
   * now is, and the version is bumped in SQL (`version + 1`), so that a concurrent save meets a new
   * version (409) rather than the one it read.
   */
  matchVersion?: boolean;
  audit: {
    action?: AuditAction;
    customerId: number | null;
    /** What the audit event records, when the plain before/after diff would say too much (a password hash). */
    changes?: Changes;
  };
}

/**
 * The one versioned write: matches id and version (and `where`), bumps the version, sets `updated_at`
 * and writes the audit event with the diff of the changed fields, all in the caller's transaction.
 * Answers the row as written, or undefined when no row matched (someone else changed it meanwhile);
 * nothing is written when nothing changes.
 */
export async function tryUpdateVersioned<T extends VersionedTable>(
  trx: Knex.Transaction,
  actor: Actor,
  update: VersionedUpdate<T>,
): Promise<TableRows[T] | undefined> {
  const before = update.before as TableRows[T] & { id: number; version: number };
  if (update.version !== undefined && update.version !== before.version) return undefined;
  const changed = diff(before, update.changes);
  if (Object.keys(changed).length === 0) return before;
  const matchVersion = update.matchVersion ?? true;
  const table = () => trx<Record<string, unknown>>(update.table as string);
  const written = await table()
    .where({ ...update.where, id: before.id, ...(matchVersion ? { version: before.version } : {}) })
    .update({
      ...update.changes,
      version: matchVersion ? before.version + 1 : trx.raw('version + 1'),
      updated_at: new Date().toISOString(),
    });
  if (written === 0) return undefined;
  await writeAudit(trx, actor, {
    action: update.audit.action ?? 'update',
    entity: update.table,
    entityId: before.id,
    customerId: update.audit.customerId,
    changes: update.audit.changes ?? changed,
  });
  return (await table().where({ id: before.id }).first()) as unknown as TableRows[T];
}

/** `tryUpdateVersioned`, with the one 409 when someone else changed the row first. */
export async function updateVersioned<T extends VersionedTable>(
  trx: Knex.Transaction,
  actor: Actor,
  update: VersionedUpdate<T>,
): Promise<TableRows[T]> {
  const row = await tryUpdateVersioned(trx, actor, update);
  if (!row) throw staleVersion(update.table);
  return row;
}

/**
 * react-admin's `update` sends the whole record back. Its fields that an edit cannot change are accepted
 * when they still hold what the record holds (compared with the record as the API answers it) and are a
 * 400 naming the field when they do not: a change that cannot be made is refused, never silently dropped.
 */
export function refuseReadOnlyChanges(current: object, sent: Record<string, unknown>) {
  const stored = current as Record<string, unknown>;
  const errors: FieldErrors = {};
  for (const [field, value] of Object.entries(sent)) {
    if (value === undefined) continue;
    if (JSON.stringify(value) !== JSON.stringify(stored[field] ?? null)) errors[field] = 'Kan inte ändras här';
  }
  if (Object.keys(errors).length) throw badRequest('Ett fält som inte kan ändras här har ändrats', errors);
}
