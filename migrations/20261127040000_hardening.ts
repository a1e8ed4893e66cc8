import type { Knex } from 'knex';

/**
 * Hardening (issue 15): login throttling that holds under a parallel burst and cannot be turned into a
 * lockout.
 *
 * - `login_throttles`: one counter per throttle key — a username at an address (`pair:`), a trusted
 *   device (`device:`), a username from anywhere (`user:`), an address for any username (`ip:`). An
 *   attempt is counted here *before* its password is checked, in the same transaction that reads the
 *   counter, so a burst of parallel attempts cannot all pass the check. A success takes its own count
 *   back; the counters are not the evidence.
 * - `login_addresses`: the addresses each user has logged in from successfully. An attempt from such an
 *   address is not slowed by failures made elsewhere (another address guessing that username, or many
 *   usernames guessed behind the same office address).
 * - `login_failures` (from the first schema) stays the evidence of every failed attempt: a successful
 *   login no longer deletes anything.
 */
export async function up(knex: Knex): Promise<void> {
  const stamp = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 30);

  await knex.schema.createTable('login_throttles', (t) => {
    t.string('key', 200).primary();
    t.integer('failures').notNullable().defaultTo(0);
    stamp(t, 'last_failure_at');
    stamp(t, 'updated_at').notNullable();
    t.index(['updated_at']);
    t.check('failures >= 0', [], 'login_throttles_failures_check');
  });

  await knex.schema.createTable('login_addresses', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('ip', 64).notNullable();
    stamp(t, 'first_at').notNullable();
    stamp(t, 'last_at').notNullable();
    t.primary(['user_id', 'ip']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('login_addresses');
  await knex.schema.dropTableIfExists('login_throttles');
}
