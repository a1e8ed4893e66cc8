import { migrationSource } from '../../migrations';
import { useTestEnv } from '../support/testApp';

/** The people migration on the database under test: down and up again, with the holders backfilled and max_persons set. */
const env = useTestEnv({ customers: 12 });
const NAME = '20261127020000_people';

test('down removes the tables and the column; up backfills one holder per subscription from its customer and sets max_persons', async () => {
  const subscriptions = Number((await env.db('subscriptions').count({ c: '*' }).first())!.c);
  await env.db.migrate.down({ migrationSource, name: NAME });
  for (const table of ['covered_persons', 'alarms', 'blocks']) expect(await env.db.schema.hasTable(table)).toBe(false);
  expect(await env.db.schema.hasColumn('products', 'max_persons')).toBe(false);

  await env.db.migrate.latest({ migrationSource });
  const holders = await env
    .db('covered_persons')
    .join('subscriptions', 'subscriptions.id', 'covered_persons.subscription_id')
    .join('customers', 'customers.id', 'covered_persons.customer_id')
    .select('covered_persons.*', 'subscriptions.signed_on', 'customers.personnummer as customer_personnummer', 'customers.phone');
  expect(holders).toHaveLength(subscriptions);
  for (const h of holders) {
    expect(h).toMatchObject({ relation: 'holder', added_on: h.signed_on, personnummer: h.customer_personnummer, alarm_phone: h.phone });
  }
  const products = Object.fromEntries((await env.db('products').select('code', 'max_persons')).map((p) => [p.code, p.max_persons]));
  expect(products).toMatchObject({ IDLARM_PRIO: 1, KK_IDSKYDD: 1, BOLAGSKOLLEN: 1, IDLARM_PRIO_FAMILJ: 4, KK_IDSKYDD_FAMILJ: 4 });
});

test('the keys hold: one holder per subscription, one current row per person and subscription, one open block per place', async () => {
  const now = new Date().toISOString();
  const holder = (await env.db('covered_persons').where({ relation: 'holder' }).first())!;
  const { id: _id, ...row } = holder;
  await expect(env.db('covered_persons').insert({ ...row, personnummer: '190001010000' })).rejects.toThrow();
  await expect(env.db('covered_persons').insert({ ...row, relation: 'partner' })).rejects.toThrow();
  await env.db('covered_persons').insert({ ...row, relation: 'partner', removed_on: '2026-01-01' }); // a removed row may repeat

  const block = {
    customer_id: holder.customer_id,
    covered_person_id: holder.id,
    kind: 'credit_block' as const,
    placed_with: 'UC',
    placed_at: now,
    created_by: 'test',
    created_at: now,
    updated_at: now,
  };
  await env.db('blocks').insert(block);
  await expect(env.db('blocks').insert(block)).rejects.toThrow();
  await env.db('blocks').insert({ ...block, lifted_at: now });

  const alarm = {
    customer_id: holder.customer_id,
    covered_person_id: holder.id,
    occurred_at: now,
    kind: 'other' as const,
    source: 'Test',
    sent_to: '[]',
    created_at: now,
  };
  await env.db('alarms').insert(alarm);
  await expect(env.db('alarms').insert(alarm)).rejects.toThrow();
});
