import type { Knex } from 'knex';

/**
 * Trust on a live call (issue 13):
 *
 * - `idempotency_keys`: every create (POST, and PUT) sent with an `Idempotency-Key` header answers the
 *   first result for the same key, user, method and path. The key is unique per user, method and path
 *   (`idempotency_keys_one`), so two concurrent requests with one key cannot both run the action: the
 *   second finds the first's row and waits for its answer (or is told it is in progress). Rows expire
 *   (`expires_at`, 24 hours) and are purged by the daily jobs.
 * - `cancellations.revoke_reason`: why a cancellation was revoked (the customer changed their mind, …).
 *   Required for a revoked cancellation: a CHECK on PostgreSQL; on SQLite, where a CHECK cannot be added
 *   to an existing table without rebuilding it (and its partial unique index), two triggers that refuse
 *   the same rows. Cancellations revoked before this migration get a reason that says so.
 */
const BEFORE_REASONS = 'Återkallad innan skäl registrerades';

export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';

  await knex.schema.createTable('idempotency_keys', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable();
    t.string('idempotency_key', 200).notNullable();
    t.string('method', 10).notNullable();
    t.string('path', 300).notNullable();
    // sha-256 (hex) of the request's query and body: the same key with another request is a 422.
    t.string('request_hash', 64).notNullable();
    t.string('status', 12).notNullable();
    t.integer('response_status');
    t.text('response_body');
    t.string('created_at', 30).notNullable();
    t.string('expires_at', 30).notNullable();
    t.unique(['user_id', 'method', 'path', 'idempotency_key'], { indexName: 'idempotency_keys_one' });
    t.index(['expires_at']);
    t.check("status IN ('in_progress', 'done')", [], 'idempotency_keys_status_check');
    t.check("status = 'in_progress' OR (response_status IS NOT NULL AND response_body IS NOT NULL)", [], 'idempotency_keys_done_check');
  });

  await knex.schema.alterTable('cancellations', (t) => {
    t.string('revoke_reason', 500);
  });
  await knex('cancellations').where({ status: 'revoked' }).whereNull('revoke_reason').update({ revoke_reason: BEFORE_REASONS });
  if (pg) {
    await knex.raw(
      "ALTER TABLE cancellations ADD CONSTRAINT cancellations_revoke_reason_check CHECK (status <> 'revoked' OR revoke_reason IS NOT NULL)",
    );
  } else {
    for (const event of ['INSERT', 'UPDATE']) {
      await knex.raw(`
        CREATE TRIGGER cancellations_revoke_reason_${event.toLowerCase()} BEFORE ${event} ON cancellations
        WHEN NEW.status = 'revoked' AND NEW.revoke_reason IS NULL
        BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: cancellations_revoke_reason_check'); END`);
    }
  }
}

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  if (pg) {
    await knex.raw('ALTER TABLE cancellations DROP CONSTRAINT cancellations_revoke_reason_check');
  } else {
    await knex.raw('DROP TRIGGER IF EXISTS cancellations_revoke_reason_insert');
    await knex.raw('DROP TRIGGER IF EXISTS cancellations_revoke_reason_update');
  }
  // A plain DROP COLUMN on both (SQLite ≥ 3.35): the table, its partial unique index and its rows stay as they are.
  await knex.raw('ALTER TABLE cancellations DROP COLUMN revoke_reason');
  await knex.schema.dropTable('idempotency_keys');
}
