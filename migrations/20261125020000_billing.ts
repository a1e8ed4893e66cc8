import type { Knex } from 'knex';

/**
 * Billing changes: an interval change is stored when it is requested and applied to the customer on its
 * `effective_on` by the daily job, which stamps `applied_on` so that each change is applied exactly once
 * (a later manual edit of the customer is never overwritten by an old change).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('billing_changes', (t) => {
    t.string('applied_on', 10);
    t.index(['kind', 'applied_on', 'effective_on'], 'billing_changes_pending');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('billing_changes', (t) => {
    t.dropIndex(['kind', 'applied_on', 'effective_on'], 'billing_changes_pending');
    t.dropColumn('applied_on');
  });
}
