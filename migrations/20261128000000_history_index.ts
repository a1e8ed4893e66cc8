import type { Knex } from 'knex';

/**
 * Speed (issue 14): a customer's history without the views. Every opening of a record leaves a `view`
 * event, so a long-standing customer's events are mostly views; the record's history tab lists the
 * changes (`action` neither `view` nor `export`, services/auditEvents.ts) newest first. Through the
 * (customer_id, id) index that read every view to find 50 changes. A partial index holds the changes only.
 * Its condition is written exactly as the list's filter writes it (constants, not bound values), which
 * SQLite and PostgreSQL both need to see that the index answers the query.
 */
export const HISTORY_CHANGES_CONDITION = "action <> 'view' AND action <> 'export'";

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX audit_events_changes_index ON audit_events (customer_id, id) WHERE ${HISTORY_CHANGES_CONDITION}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX audit_events_changes_index');
}
