import type { Knex } from 'knex';

/**
 * The whole product's schema. Dates are `YYYY-MM-DD` text, timestamps ISO-8601 UTC text, money integer
 * öre. The same statements run on SQLite and PostgreSQL; the few dialect-specific parts (partial indexes
 * are portable, triggers are not) are branched on the client.
 */
const OPEN_CANCELLATION = "status IN ('registered', 'form_sent', 'confirmed')";

export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  const date = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 10);
  const stamp = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 30);

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('username', 50).notNullable().unique();
    t.string('full_name', 100).notNullable();
    t.string('role', 20).notNullable();
    t.string('password_hash', 200).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('version').notNullable().defaultTo(1);
    stamp(t, 'created_at').notNullable();
    stamp(t, 'updated_at').notNullable();
    t.check("role IN ('agent', 'supervisor', 'admin')", [], 'users_role_check');
  });

  await knex.schema.createTable('sessions', (t) => {
    t.string('id', 64).primary(); // sha-256 of the cookie token; the token itself is never stored
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    stamp(t, 'created_at').notNullable();
    stamp(t, 'last_seen_at').notNullable();
    stamp(t, 'expires_at').notNullable();
    t.index(['user_id']);
  });

  await knex.schema.createTable('login_failures', (t) => {
    t.increments('id');
    t.string('username', 100).notNullable();
    t.string('ip', 64).notNullable();
    stamp(t, 'at').notNullable();
    t.index(['username', 'at']);
    t.index(['ip', 'at']);
  });

  await knex.schema.createTable('products', (t) => {
    t.increments('id');
    t.string('code', 30).notNullable().unique();
    t.string('name', 100).notNullable();
    t.integer('monthly_price_ore').notNullable();
    t.integer('sticker_yearly_fee_ore').notNullable().defaultTo(0);
    t.check('monthly_price_ore >= 0 AND sticker_yearly_fee_ore >= 0', [], 'products_price_check');
  });

  await knex.schema.createTable('customers', (t) => {
    t.increments('id');
    t.string('customer_number', 12).notNullable().unique();
    t.string('personnummer', 12).notNullable().unique();
    t.string('first_name', 100).notNullable();
    t.string('last_name', 100).notNullable();
    // Lower-cased copies for prefix search through an index.
    t.string('first_name_lc', 100).notNullable();
    t.string('last_name_lc', 100).notNullable();
    t.string('street', 200).notNullable();
    t.string('postal_code', 6).notNullable();
    t.string('city', 100).notNullable();
    t.string('phone', 20); // E.164
    t.string('email', 254); // lower case
    t.string('invoice_interval', 10).notNullable().defaultTo('monthly');
    t.string('payment_method', 20).notNullable().defaultTo('paper_invoice');
    t.integer('version').notNullable().defaultTo(1);
    stamp(t, 'created_at').notNullable();
    stamp(t, 'updated_at').notNullable();
    t.index(['phone']);
    t.index(['email']);
    t.index(['last_name_lc', 'first_name_lc']);
    t.index(['first_name_lc', 'last_name_lc']);
    t.check("invoice_interval IN ('monthly', 'annual')", [], 'customers_interval_check');
    t.check("payment_method IN ('paper_invoice', 'email_invoice', 'autogiro')", [], 'customers_payment_check');
  });

  await knex.schema.createTable('subscriptions', (t) => {
    t.increments('id');
    t.integer('customer_id').notNullable().references('customers.id');
    t.integer('product_id').notNullable().references('products.id');
    date(t, 'signed_on').notNullable();
    t.integer('binding_months').notNullable();
    date(t, 'binding_ends_on').notNullable();
    t.boolean('with_stickers').notNullable().defaultTo(false);
    date(t, 'sticker_fee_removed_on');
    t.string('status', 20).notNullable().defaultTo('active');
    date(t, 'ends_on');
    t.integer('version').notNullable().defaultTo(1);
    stamp(t, 'created_at').notNullable();
    stamp(t, 'updated_at').notNullable();
    t.index(['customer_id']);
    t.index(['status', 'ends_on']);
    t.check("status IN ('active', 'notice_given', 'ended', 'withdrawn')", [], 'subscriptions_status_check');
    t.check('binding_months >= 0 AND binding_months <= 36', [], 'subscriptions_binding_check');
  });

  await knex.schema.createTable('invoices', (t) => {
    t.increments('id');
    t.integer('customer_id').notNullable().references('customers.id');
    t.string('invoice_number', 20).notNullable().unique();
    t.string('ocr', 25).notNullable().unique();
    t.string('kind', 20).notNullable().defaultTo('invoice'); // invoice | credit_note
    t.integer('credits_invoice_id').references('invoices.id');
    date(t, 'issued_on').notNullable();
    date(t, 'due_on').notNullable();
    date(t, 'period_start');
    date(t, 'period_end');
    t.integer('total_ore').notNullable();
    t.integer('vat_ore').notNullable();
    t.integer('open_ore').notNullable(); // what is still to be paid after payments and credits
    t.string('status', 20).notNullable().defaultTo('unpaid');
    t.string('payment_method', 20).notNullable();
    date(t, 'paid_on');
    stamp(t, 'created_at').notNullable();
    t.index(['customer_id', 'issued_on']);
    t.index(['credits_invoice_id']);
    t.check("status IN ('unpaid', 'paid', 'credited')", [], 'invoices_status_check');
    t.check("kind IN ('invoice', 'credit_note')", [], 'invoices_kind_check');
  });

  await knex.schema.createTable('invoice_lines', (t) => {
    t.increments('id');
    t.integer('invoice_id').notNullable().references('invoices.id');
    t.integer('subscription_id').references('subscriptions.id');
    t.string('kind', 20).notNullable(); // service | sticker | credit
    t.string('description', 200).notNullable();
    date(t, 'period_start');
    date(t, 'period_end');
    t.integer('amount_ore').notNullable();
    t.integer('vat_ore').notNullable();
    t.index(['invoice_id']);
    t.index(['subscription_id']);
  });

  await knex.schema.createTable('cancellations', (t) => {
    t.increments('id');
    t.integer('subscription_id').notNullable().references('subscriptions.id');
    t.integer('customer_id').notNullable().references('customers.id');
    t.string('kind', 20).notNullable();
    date(t, 'requested_on').notNullable();
    t.string('channel', 10).notNullable();
    t.string('reason', 30).notNullable(); // a code from the fixed list
    t.string('reason_note', 500); // the agent's free text
    date(t, 'ends_on').notNullable();
    t.integer('refund_ore').notNullable().defaultTo(0);
    t.string('status', 20).notNullable().defaultTo('registered');
    date(t, 'form_sent_on');
    date(t, 'form_received_on');
    date(t, 'completed_on');
    date(t, 'revoked_on');
    t.string('created_by', 50).notNullable();
    t.string('updated_by', 50);
    t.integer('version').notNullable().defaultTo(1);
    stamp(t, 'created_at').notNullable();
    stamp(t, 'updated_at').notNullable();
    t.index(['customer_id']);
    t.index(['status', 'ends_on']);
    t.index(['ends_on']);
    t.check("kind IN ('withdrawal', 'notice')", [], 'cancellations_kind_check');
    t.check("channel IN ('phone', 'email', 'letter')", [], 'cancellations_channel_check');
    t.check("status IN ('registered', 'form_sent', 'confirmed', 'completed', 'revoked')", [], 'cancellations_status_check');
  });
  // At most one open cancellation per subscription, whatever races the application loses.
  await knex.raw(`CREATE UNIQUE INDEX cancellations_one_open ON cancellations (subscription_id) WHERE ${OPEN_CANCELLATION}`);

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
    t.index(['customer_id']);
    t.check("kind IN ('invoice_interval', 'sticker_fee_removal')", [], 'billing_changes_kind_check');
  });

  await knex.schema.createTable('gdpr_requests', (t) => {
    t.increments('id');
    t.integer('customer_id').notNullable().references('customers.id');
    t.string('type', 20).notNullable();
    t.string('channel', 10).notNullable();
    date(t, 'received_on').notNullable();
    date(t, 'due_on').notNullable();
    t.string('extension_reason', 500);
    date(t, 'extension_notified_on');
    t.string('identity_method', 50).notNullable();
    t.boolean('identity_verified').notNullable();
    date(t, 'identity_verified_on');
    t.text('changes').notNullable().defaultTo('[]'); // JSON [{ field, old_value, new_value }]
    t.string('status', 20).notNullable().defaultTo('open');
    t.string('outcome', 1000);
    date(t, 'completed_on');
    t.string('handled_by', 50);
    t.string('created_by', 50).notNullable();
    t.integer('version').notNullable().defaultTo(1);
    stamp(t, 'created_at').notNullable();
    stamp(t, 'updated_at').notNullable();
    t.index(['customer_id']);
    t.index(['status', 'due_on']);
    t.check("type IN ('rectification', 'access', 'erasure', 'restriction', 'objection', 'portability')", [], 'gdpr_type_check');
    t.check("channel IN ('phone', 'email', 'letter')", [], 'gdpr_channel_check');
    t.check("status IN ('open', 'completed', 'rejected')", [], 'gdpr_status_check');
  });

  await knex.schema.createTable('notes', (t) => {
    t.increments('id');
    t.integer('customer_id').notNullable().references('customers.id');
    t.text('body').notNullable();
    t.string('created_by', 50).notNullable();
    stamp(t, 'created_at').notNullable();
    t.index(['customer_id', 'id']);
    t.index(['created_by', 'created_at']);
  });

  await knex.schema.createTable('audit_events', (t) => {
    t.increments('id');
    stamp(t, 'at').notNullable();
    t.string('actor', 50).notNullable();
    t.string('action', 30).notNullable();
    t.string('entity', 30).notNullable();
    t.string('entity_id', 30);
    t.integer('customer_id'); // whose data the event concerns, for the record's history
    t.text('changes').notNullable().defaultTo('{}'); // JSON { field: { before, after } }
    t.string('request_id', 64);
    t.index(['entity', 'entity_id']);
    t.index(['customer_id', 'id']);
    t.index(['actor', 'action', 'id']);
  });

  // audit_events is append-only: the database itself refuses UPDATE and DELETE.
  if (pg) {
    await knex.raw(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`);
    await knex.raw(`
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await knex.raw(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
    // Byte-order comparison so that a range scan on the lower-cased names is exactly a prefix match.
    await knex.raw('ALTER TABLE customers ALTER COLUMN first_name_lc TYPE varchar(100) COLLATE "C"');
    await knex.raw('ALTER TABLE customers ALTER COLUMN last_name_lc TYPE varchar(100) COLLATE "C"');
  } else {
    await knex.raw(`
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`);
    await knex.raw(`
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`);
  }
}

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  if (pg) {
    await knex.raw('DROP TABLE IF EXISTS audit_events');
    await knex.raw('DROP FUNCTION IF EXISTS audit_events_append_only()');
  } else {
    await knex.schema.dropTableIfExists('audit_events');
  }
  for (const table of [
    'notes',
    'gdpr_requests',
    'billing_changes',
    'cancellations',
    'invoice_lines',
    'invoices',
    'subscriptions',
    'customers',
    'products',
    'login_failures',
    'sessions',
    'users',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
