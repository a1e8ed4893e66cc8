import type { Knex } from 'knex';

/**
 * Money that moves (issue 11): autogiro mandates, payment files and payments, payment-method changes
 * through billing_changes, and the ledger columns and keys the invoicing run and the payment booking
 * stand on.
 *
 * - `invoices.paid_ore` / `credited_ore`: what payments and credit notes took off the invoice, so that
 *   `open_ore = total_ore − paid_ore − credited_ore` holds and a status of `paid` or `credited` can be
 *   told apart when both met; every booking updates them in the same transaction as `open_ore`.
 *   Existing rows are filled from their status (before this migration nothing booked payments: a paid
 *   invoice was paid in full, anything else taken off an invoice was a credit).
 * - Exactly once is a unique key, not a check in code: one run invoice per customer and invoicing day
 *   (`invoices_one_per_day`; credit notes are rows of `invoices` too and may share a date, and so may an
 *   invoice without a billing period, which the run never writes), one payment file per digest, one
 *   open (requested) mandate per customer.
 * - `billing_changes.kind` gains `payment_method`. SQLite cannot alter a CHECK constraint, so there the
 *   table is rebuilt (nothing references it); PostgreSQL swaps the constraint.
 */
const PAYMENT_METHODS = "'paper_invoice', 'email_invoice', 'autogiro'";
const KINDS_BEFORE = "'invoice_interval', 'sticker_fee_removal'";
const KINDS_AFTER = "'invoice_interval', 'sticker_fee_removal', 'payment_method'";
const OPEN_MANDATE = "status = 'requested'";
const RUN_INVOICE = "kind = 'invoice' AND period_start IS NOT NULL";

const date = (t: Knex.CreateTableBuilder | Knex.AlterTableBuilder, name: string) => t.string(name, 10);
const stamp = (t: Knex.CreateTableBuilder | Knex.AlterTableBuilder, name: string) => t.string(name, 30);

const BILLING_CHANGE_COLUMNS = [
  'id',
  'customer_id',
  'subscription_id',
  'kind',
  'to_interval',
  'effective_on',
  'credited_ore',
  'refunded_ore',
  'created_by',
  'created_at',
  'applied_on',
];
const MONEY_COLUMNS = ['to_method', 'mandate_id', 'cancelled_on', 'cancelled_by'];

/** billing_changes as 20261125000000_schema and 20261125020000_billing left it, with or without this migration's columns. */
async function createBillingChanges(knex: Knex, withMoney: boolean): Promise<void> {
  await knex.schema.createTable('billing_changes', (t) => {
    t.increments('id');
    t.integer('customer_id').notNullable().references('customers.id');
    t.integer('subscription_id').references('subscriptions.id');
    t.string('kind', 30).notNullable();
    t.string('to_interval', 10);
    date(t, 'effective_on').notNullable();
    t.integer('credited_ore').notNullable().defaultTo(0);
    t.integer('refunded_ore').notNullable().defaultTo(0);
    t.string('created_by', 50).notNullable();
    stamp(t, 'created_at').notNullable();
    date(t, 'applied_on');
    if (withMoney) {
      t.string('to_method', 20);
      t.integer('mandate_id').references('autogiro_mandates.id');
      date(t, 'cancelled_on');
      t.string('cancelled_by', 50);
      t.check(`to_method IS NULL OR to_method IN (${PAYMENT_METHODS})`, [], 'billing_changes_to_method_check');
      t.index(['mandate_id']);
    }
    t.index(['customer_id']);
    t.index(['kind', 'applied_on', 'effective_on'], 'billing_changes_pending');
    t.check(`kind IN (${withMoney ? KINDS_AFTER : KINDS_BEFORE})`, [], 'billing_changes_kind_check');
  });
}

/** SQLite: rebuild billing_changes in the other shape, keeping its rows (renamed aside, recreated, copied back). */
async function rebuildBillingChangesOnSqlite(knex: Knex, withMoney: boolean): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS billing_changes_pending');
  await knex.raw('DROP INDEX IF EXISTS billing_changes_customer_id_index');
  await knex.raw('DROP INDEX IF EXISTS billing_changes_mandate_id_index');
  await knex.raw('ALTER TABLE billing_changes RENAME TO billing_changes_rebuild');
  await createBillingChanges(knex, withMoney);
  const columns = BILLING_CHANGE_COLUMNS.join(', ');
  await knex.raw(`INSERT INTO billing_changes (${columns}) SELECT ${columns} FROM billing_changes_rebuild`);
  await knex.raw('DROP TABLE billing_changes_rebuild');
}

export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';

  await knex.schema.createTable('autogiro_mandates', (t) => {
    t.increments('id');
    t.integer('customer_id').notNullable().references('customers.id');
    t.string('clearing_number', 5).notNullable();
    t.string('account_number', 20).notNullable();
    t.string('status', 20).notNullable().defaultTo('requested');
    date(t, 'requested_on').notNullable();
    date(t, 'decided_on');
    t.string('decided_by', 50);
    t.string('reason', 500);
    t.string('created_by', 50).notNullable();
    t.integer('version').notNullable().defaultTo(1);
    stamp(t, 'created_at').notNullable();
    stamp(t, 'updated_at').notNullable();
    t.index(['customer_id']);
    t.index(['status', 'requested_on']); // the supervisors' queue of requested mandates
    t.check("status IN ('requested', 'approved', 'rejected', 'cancelled')", [], 'autogiro_mandates_status_check');
  });
  // A second open mandate for the same customer is a 409, whatever races the application loses.
  await knex.raw(`CREATE UNIQUE INDEX autogiro_mandates_one_open ON autogiro_mandates (customer_id) WHERE ${OPEN_MANDATE}`);

  await knex.schema.createTable('payment_files', (t) => {
    t.increments('id');
    t.string('digest', 64).notNullable().unique(); // sha-256 of the uploaded bytes, hex
    t.string('filename', 255);
    t.string('uploaded_by', 50).notNullable();
    stamp(t, 'uploaded_at').notNullable();
    t.integer('payments').notNullable();
    t.integer('matched').notNullable();
    t.integer('unmatched').notNullable();
    // A whole file can exceed PostgreSQL's 32-bit integer (21 million kronor); single amounts cannot.
    t.bigInteger('amount_ore').notNullable();
    t.index(['uploaded_at']);
    t.check('payments >= 0 AND matched >= 0 AND unmatched >= 0', [], 'payment_files_counts_check');
  });

  await knex.schema.createTable('payments', (t) => {
    t.increments('id');
    t.integer('customer_id').references('customers.id');
    t.integer('invoice_id').references('invoices.id');
    t.integer('amount_ore').notNullable(); // negative for a deduction (BgMax 21), which stays unmatched
    date(t, 'paid_on').notNullable();
    t.string('reference', 100).notNullable().defaultTo('');
    t.string('reference_code', 1);
    t.string('payer_name', 100);
    t.string('source', 10).notNullable();
    t.string('status', 20).notNullable();
    t.integer('payment_file_id').references('payment_files.id');
    t.string('assigned_by', 50);
    stamp(t, 'assigned_at');
    t.integer('version').notNullable().defaultTo(1);
    stamp(t, 'created_at').notNullable();
    t.index(['invoice_id']);
    t.index(['status', 'id']); // the unmatched queue, newest first
    t.index(['payment_file_id']);
    t.index(['customer_id']);
    t.check("source IN ('bgmax', 'manual')", [], 'payments_source_check');
    // A matched payment names its invoice and brings money; an unmatched one waits without an invoice.
    t.check(
      "(status = 'matched' AND invoice_id IS NOT NULL AND amount_ore > 0) OR (status = 'unmatched' AND invoice_id IS NULL)",
      [],
      'payments_status_check',
    );
  });

  if (pg) {
    await knex.schema.alterTable('billing_changes', (t) => {
      t.string('to_method', 20);
      t.integer('mandate_id').references('autogiro_mandates.id');
      date(t, 'cancelled_on');
      t.string('cancelled_by', 50);
      t.index(['mandate_id']);
    });
    await knex.raw('ALTER TABLE billing_changes DROP CONSTRAINT billing_changes_kind_check');
    await knex.raw(`ALTER TABLE billing_changes ADD CONSTRAINT billing_changes_kind_check CHECK (kind IN (${KINDS_AFTER}))`);
    await knex.raw(
      `ALTER TABLE billing_changes ADD CONSTRAINT billing_changes_to_method_check CHECK (to_method IS NULL OR to_method IN (${PAYMENT_METHODS}))`,
    );
  } else {
    await rebuildBillingChangesOnSqlite(knex, true);
  }

  await knex.schema.alterTable('invoices', (t) => {
    t.integer('paid_ore').notNullable().defaultTo(0);
    t.integer('credited_ore').notNullable().defaultTo(0);
  });
  await knex('invoices')
    .where({ kind: 'invoice', status: 'paid' })
    .update({ paid_ore: knex.raw('total_ore - open_ore') });
  await knex('invoices')
    .where({ kind: 'invoice' })
    .whereNot({ status: 'paid' })
    .update({ credited_ore: knex.raw('total_ore - open_ore') });
  await knex.raw(`CREATE UNIQUE INDEX invoices_one_per_day ON invoices (customer_id, issued_on) WHERE ${RUN_INVOICE}`);
}

/** Back to the schema before: payments, files and mandates are dropped, and so are payment-method changes. */
export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.raw('DROP INDEX IF EXISTS invoices_one_per_day');
  await knex.raw('ALTER TABLE invoices DROP COLUMN credited_ore');
  await knex.raw('ALTER TABLE invoices DROP COLUMN paid_ore');

  await knex('billing_changes').where({ kind: 'payment_method' }).delete();
  if (pg) {
    await knex.raw('ALTER TABLE billing_changes DROP CONSTRAINT billing_changes_to_method_check');
    await knex.raw('ALTER TABLE billing_changes DROP CONSTRAINT billing_changes_kind_check');
    await knex.raw(`ALTER TABLE billing_changes ADD CONSTRAINT billing_changes_kind_check CHECK (kind IN (${KINDS_BEFORE}))`);
    await knex.schema.alterTable('billing_changes', (t) => {
      for (const column of MONEY_COLUMNS) t.dropColumn(column);
    });
  } else {
    await rebuildBillingChangesOnSqlite(knex, false);
  }

  await knex.schema.dropTable('payments');
  await knex.schema.dropTable('payment_files');
  await knex.schema.dropTable('autogiro_mandates');
}
