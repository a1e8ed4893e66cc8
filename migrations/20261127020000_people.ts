import type { Knex } from 'knex';

/**
 * People covered by a service, their alarms and their blocks (issue 12).
 *
 * - `products.max_persons`: how many people a service covers, the holder included (1 for the single
 *   services; the family variants of the demo data cover 4).
 * - `covered_persons`: the holder of every subscription from its start (existing subscriptions are
 *   backfilled here from their customer), partners, children and others. A person is removed by setting
 *   `removed_on`, never deleted. One holder per subscription and one current row per personnummer and
 *   subscription are keys, so no race can break them. The universal search looks people up by
 *   personnummer and alarm phone: both indexed.
 * - `alarms`: what the monitoring service reported, with where it was routed at arrival (`sent_to`, JSON).
 *   The same alarm twice (person, kind, source, instant) is one row: a unique key.
 * - `blocks`: blocks placed on the 24/7 line; one open block per person, kind and place.
 */
const RELATIONS = "'holder', 'partner', 'child', 'other'";
const ALARM_KINDS = "'credit_inquiry', 'address_change', 'new_credit', 'id_document', 'phone_subscription', 'company_change', 'other'";
const BLOCK_KINDS = "'credit_block', 'id_document', 'other'";

/** The demo products and how many people each covers (codes are stable; the family variants may not exist yet). */
const MAX_PERSONS: Record<string, number> = {
  IDLARM_PRIO: 1,
  KK_IDSKYDD: 1,
  BOLAGSKOLLEN: 1,
  IDLARM_PRIO_FAMILJ: 4,
  KK_IDSKYDD_FAMILJ: 4,
};

const date = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 10);
const stamp = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 30);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('products', (t) => {
    t.integer('max_persons').notNullable().defaultTo(1);
  });
  for (const [code, max] of Object.entries(MAX_PERSONS)) await knex('products').where({ code }).update({ max_persons: max });

  await knex.schema.createTable('covered_persons', (t) => {
    t.increments('id');
    t.integer('subscription_id').notNullable().references('subscriptions.id');
    t.integer('customer_id').notNullable().references('customers.id');
    t.string('personnummer', 12).notNullable();
    t.string('first_name', 100).notNullable();
    t.string('last_name', 100).notNullable();
    t.string('relation', 10).notNullable();
    t.string('alarm_phone', 20); // E.164; null: routed to the holder's
    t.string('alarm_email', 254); // lower case; null: routed to the holder's
    date(t, 'added_on').notNullable();
    date(t, 'removed_on');
    t.integer('version').notNullable().defaultTo(1);
    stamp(t, 'created_at').notNullable();
    stamp(t, 'updated_at').notNullable();
    t.index(['subscription_id']);
    t.index(['customer_id']);
    t.index(['personnummer']);
    t.index(['alarm_phone']);
    t.check(`relation IN (${RELATIONS})`, [], 'covered_persons_relation_check');
  });
  await knex.raw("CREATE UNIQUE INDEX covered_persons_one_holder ON covered_persons (subscription_id) WHERE relation = 'holder'");
  await knex.raw(
    'CREATE UNIQUE INDEX covered_persons_one_current ON covered_persons (subscription_id, personnummer) WHERE removed_on IS NULL',
  );

  // The holder of every existing subscription, covered from its start, with the customer's contacts.
  const now = new Date().toISOString();
  await knex.raw(
    `INSERT INTO covered_persons
       (subscription_id, customer_id, personnummer, first_name, last_name, relation, alarm_phone, alarm_email, added_on, version, created_at, updated_at)
     SELECT s.id, s.customer_id, c.personnummer, c.first_name, c.last_name, 'holder', c.phone, c.email, s.signed_on, 1, ?, ?
     FROM subscriptions s JOIN customers c ON c.id = s.customer_id
     ORDER BY s.id`,
    [now, now],
  );

  await knex.schema.createTable('alarms', (t) => {
    t.increments('id');
    t.integer('customer_id').notNullable().references('customers.id');
    t.integer('covered_person_id').notNullable().references('covered_persons.id');
    stamp(t, 'occurred_at').notNullable();
    t.string('kind', 30).notNullable();
    t.string('source', 100).notNullable();
    t.string('counterparty', 200);
    t.string('details', 1000);
    t.text('sent_to').notNullable().defaultTo('[]');
    stamp(t, 'sent_at');
    stamp(t, 'created_at').notNullable();
    t.index(['customer_id', 'occurred_at']);
    t.index(['covered_person_id', 'occurred_at']);
    t.unique(['covered_person_id', 'kind', 'source', 'occurred_at'], { indexName: 'alarms_once' });
    t.check(`kind IN (${ALARM_KINDS})`, [], 'alarms_kind_check');
  });

  await knex.schema.createTable('blocks', (t) => {
    t.increments('id');
    t.integer('customer_id').notNullable().references('customers.id');
    t.integer('covered_person_id').notNullable().references('covered_persons.id');
    t.string('kind', 20).notNullable();
    t.string('placed_with', 100).notNullable();
    t.string('reference', 100);
    stamp(t, 'placed_at').notNullable();
    stamp(t, 'lifted_at');
    t.string('note', 1000);
    t.string('created_by', 50).notNullable();
    t.integer('version').notNullable().defaultTo(1);
    stamp(t, 'created_at').notNullable();
    stamp(t, 'updated_at').notNullable();
    t.index(['customer_id', 'placed_at']);
    t.index(['covered_person_id']);
    t.check(`kind IN (${BLOCK_KINDS})`, [], 'blocks_kind_check');
  });
  await knex.raw('CREATE UNIQUE INDEX blocks_one_open ON blocks (covered_person_id, kind, placed_with) WHERE lifted_at IS NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('blocks');
  await knex.schema.dropTable('alarms');
  await knex.schema.dropTable('covered_persons');
  await knex.raw('ALTER TABLE products DROP COLUMN max_persons');
}
