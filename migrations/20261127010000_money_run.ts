import type { Knex } from 'knex';

/**
 * The invoicing run and the payment booking (issue 11), on top of 20261127000000_money:
 *
 * - `billing_changes.from_method`: the payment method a payment-method change replaced, so that the
 *   method that held on any past day is known (a run that is late issues an invoice dated on its
 *   invoicing day with the method of that day, not of the day it happens to run).
 * - `payment_files.matched_ore` / `unmatched_ore`: the money of a file booked on invoices and left for a
 *   supervisor to assign, for the file history in kronor (the counts alone do not say how much).
 * - `payments.updated_at`: a supervisor's assignment is a versioned write like every other edit
 *   (`updateVersioned`), which stamps it.
 * - `invoice_lines_coverage`: how far each subscription's service is invoiced, read from the index alone
 *   (the invoicing run asks it of every subscription once a day; the schedule preview of every customer).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('billing_changes', (t) => {
    t.string('from_method', 20);
  });
  await knex.schema.alterTable('payment_files', (t) => {
    t.bigInteger('matched_ore').notNullable().defaultTo(0);
    t.bigInteger('unmatched_ore').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('payments', (t) => {
    t.string('updated_at', 30);
  });
  await knex('payments').update({ updated_at: knex.ref('created_at') });
  await knex.schema.alterTable('invoice_lines', (t) => {
    t.index(['subscription_id', 'kind', 'period_end'], 'invoice_lines_coverage');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS invoice_lines_coverage');
  // Plain DROP COLUMN on both databases (SQLite ≥ 3.35), as the money migration does: no table rebuild.
  await knex.raw('ALTER TABLE payments DROP COLUMN updated_at');
  await knex.raw('ALTER TABLE payment_files DROP COLUMN unmatched_ore');
  await knex.raw('ALTER TABLE payment_files DROP COLUMN matched_ore');
  await knex.raw('ALTER TABLE billing_changes DROP COLUMN from_method');
}
