import type { Knex } from 'knex';
import { rowsOfRaw } from '../db/knex';
import type { Actor } from '../core/context';
import type { AuditAction, AuditEntity } from '../domain/values';

export type Changes = Record<string, { before: unknown; after: unknown }>;

export interface AuditEvent {
  action: AuditAction;
  entity: AuditEntity;
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

const AUDIT_COLUMNS = ['at', 'actor', 'action', 'entity', 'entity_id', 'customer_id', 'changes', 'request_id'] as const;

function auditRow(at: string, actor: Actor, event: AuditEvent): unknown[] {
  return [
    at,
    actor.actor,
    event.action,
    event.entity,
    event.entityId === null ? null : String(event.entityId),
    event.customerId ?? null,
    JSON.stringify(event.changes ?? {}),
    actor.requestId,
  ];
}

/** At most this many events commit in one group (one multi-row insert of 8 columns stays under 8,000 values). */
const MAX_GROUP = 900;

interface PendingEvent {
  row: unknown[];
  done: (err?: unknown) => void;
}

/** Per database handle (tests open several): the group still gathering, if any. */
const gathering = new WeakMap<Knex, PendingEvent[]>();

/**
 * Group commit for audit events that accompany no change of their own (a view of a record). The caller
 * waits until its event is durable — committed with `synchronous = FULL` on SQLite, committed on
 * PostgreSQL — and only then answers, so an acknowledged view is never lost; but the events of concurrent
 * requests share one multi-row insert and one commit. The first event opens a group and asks for its
 * transaction at once; events that come while that transaction waits for its turn (on SQLite behind the
 * transactions ahead of it, db/knex.ts; on PostgreSQL for a connection and its BEGIN) join the group,
 * which closes when its transaction starts; the next event opens the next group. Alone, a view commits at
 * once; under load a group waits for one commit at most before its own. A failed group (the database busy →
 * 503) fails each of its requests; nothing is acknowledged that did not commit.
 */
export function writeAuditDurably(db: Knex, actor: Actor, event: AuditEvent): Promise<void> {
  // Inside a caller's transaction the event simply commits with it.
  if ((db as Knex.Transaction).isTransaction) return writeAudit(db, actor, event);
  return new Promise<void>((resolve, reject) => {
    const pending: PendingEvent = {
      row: auditRow(new Date().toISOString(), actor, event),
      done: (err) => (err === undefined ? resolve() : reject(err)),
    };
    const open = gathering.get(db);
    if (open && open.length < MAX_GROUP) {
      open.push(pending);
      return;
    }
    const group = [pending];
    gathering.set(db, group);
    void commitGroup(db, group);
  });
}

async function commitGroup(db: Knex, group: PendingEvent[]): Promise<void> {
  try {
    await db.transaction((trx) => {
      // The group closes as its transaction starts (if it is the one gathering: a rerun finds a newer group there).
      if (gathering.get(db) === group) gathering.delete(db);
      return insertRows(
        trx,
        'audit_events',
        AUDIT_COLUMNS,
        group.map((p) => p.row),
      );
    });
    for (const p of group) p.done();
  } catch (err) {
    if (gathering.get(db) === group) gathering.delete(db);
    for (const p of group) p.done(err ?? new Error('audit group commit failed'));
  }
}

/**
 * Many audit events in a few multi-row inserts (a booked payment file: one per payment), in the caller's
 * transaction; each row exactly as `writeAudit` writes it.
 */
export async function writeAudits(trx: Knex | Knex.Transaction, actor: Actor, events: readonly AuditEvent[]) {
  const at = new Date().toISOString();
  await insertRows(
    trx,
    'audit_events',
    AUDIT_COLUMNS,
    events.map((event) => auditRow(at, actor, event)),
  );
}

/**
 * Bound values per statement. SQLite allows 32,766 and PostgreSQL 65,535, but binding them is work on the
 * one JavaScript thread: 8,000 keeps each statement's share of it short (other requests wait meanwhile).
 */
const MAX_VALUES_PER_INSERT = 8_000;

/**
 * Rows in multi-row `INSERT … VALUES` statements of up to MAX_VALUES_PER_INSERT bound values, answering the
 * `returning` column of every row in the order of the rows. Knex's own multi-row insert is a compound SELECT
 * on SQLite, capped at 500 rows a statement: for thousands of rows (a booked payment file) many more statements.
 */
export async function insertRows(
  trx: Knex | Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
  returning?: string,
): Promise<unknown[]> {
  const perStatement = Math.max(1, Math.floor(MAX_VALUES_PER_INSERT / columns.length));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const answered: unknown[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}${returning ? ` RETURNING ${returning}` : ''}`;
    const result: unknown = await trx.raw(sql, chunk.flat() as Knex.Value[]);
    if (returning) {
      answered.push(...rowsOfRaw<Record<string, unknown>>(result).map((r) => r[returning]));
    }
  }
  return answered;
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
