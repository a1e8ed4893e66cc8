import type { CoveredPerson, Customer } from '../../server/src/domain/apiTypes';
import { makePersonnummer } from '../../server/src/domain/personnummer';
import { tableDigest, TEST_TODAY, useTestEnv } from '../support/testApp';

/** People covered by a subscription: the holder from the start, others up to the product's max, versioned and audited. */
const env = useTestEnv({ customers: 20 });

const SARA = '198405148019';
const ELSA = '201103088025';
const MIKAEL = '197911028111';
const NEW_CHILD = makePersonnummer('2005-05-05', 904);
const JOHAN = makePersonnummer('1982-03-04', 905);

async function customerId(personnummer: string): Promise<number> {
  return (await env.db('customers').where({ personnummer }).first('id'))!.id;
}
async function subscriptionOf(personnummer: string): Promise<number> {
  return (await env
    .db('subscriptions')
    .where({ customer_id: await customerId(personnummer) })
    .orderBy('id')
    .first('id'))!.id;
}
const current = async (subscriptionId: number) =>
  env.db('covered_persons').where({ subscription_id: subscriptionId }).whereNull('removed_on').orderBy('id');

describe('the holder is covered from the start', () => {
  test('a new subscription covers its customer as holder from the signing day, with their phone and e-mail', async () => {
    const agent = await env.as('agent');
    const customer = await env.db('customers').where({ id: 3 }).first();
    const { body: sub } = await agent
      .post('/api/subscriptions')
      .send({ customer_id: 3, product_id: 2, signed_on: '2026-11-02', binding_months: 12, with_stickers: false })
      .expect(201);
    const people = await current(sub.id);
    expect(people).toEqual([
      expect.objectContaining({
        relation: 'holder',
        customer_id: 3,
        personnummer: customer!.personnummer,
        first_name: customer!.first_name,
        alarm_phone: customer!.phone,
        alarm_email: customer!.email,
        added_on: '2026-11-02',
      }),
    ]);
    const event = await env
      .db('audit_events')
      .where({ entity: 'covered_persons', entity_id: String(people[0].id) })
      .first();
    expect(event).toMatchObject({ action: 'add', customer_id: 3, actor: 'agent' });
  });

  test('every seeded subscription has exactly one holder (the seeds and the migration backfill them)', async () => {
    const rows = await env.db('subscriptions').leftJoin('covered_persons', function () {
      this.on('covered_persons.subscription_id', 'subscriptions.id').andOnVal('covered_persons.relation', '=', 'holder');
    });
    const holders = new Map<number, number>();
    for (const r of rows) holders.set(r.subscription_id ?? -1, (holders.get(r.subscription_id ?? -1) ?? 0) + 1);
    expect(holders.has(-1)).toBe(false);
    expect([...holders.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('adding people', () => {
  test('a partner in any written form is stored normalised, answered masked in lists and whole on its own', async () => {
    const agent = await env.as('agent');
    const sub = await subscriptionOf(SARA);
    const res = await agent
      .post('/api/covered_persons')
      .send({
        subscription_id: sub,
        personnummer: `${JOHAN.slice(2, 8)}-${JOHAN.slice(8)}`,
        first_name: ' Johan ',
        last_name: 'Lindberg',
        relation: 'partner',
        alarm_phone: '070-765 43 21',
        alarm_email: 'Johan.Lindberg@Example.se',
      })
      .expect(201);
    expect(res.body).toMatchObject({
      personnummer: `${JOHAN.slice(0, 8)}-${JOHAN.slice(8)}`,
      first_name: 'Johan',
      relation: 'partner',
      alarm_phone: '+46707654321',
      alarm_email: 'johan.lindberg@example.se',
      added_on: TEST_TODAY,
      removed_on: null,
      version: 1,
    });
    const list = await agent.get('/api/covered_persons').query({ filter: JSON.stringify({ subscription_id: sub, current: true }) });
    expect(list.body.map((p: CoveredPerson) => p.personnummer)).toContain(`${JOHAN.slice(0, 8)}-****`);
    expect(list.body.every((p: CoveredPerson) => p.personnummer.endsWith('****'))).toBe(true);
    const one = await agent.get(`/api/covered_persons/${res.body.id}`).expect(200);
    expect(one.body.personnummer).toBe(`${JOHAN.slice(0, 8)}-${JOHAN.slice(8)}`);
    // Seeing the whole personnummer is logged, as opening a customer's record is.
    const view = await env
      .db('audit_events')
      .where({ entity: 'covered_persons', entity_id: String(res.body.id), action: 'view' })
      .first();
    expect(view).toMatchObject({ actor: 'agent', customer_id: res.body.customer_id });
    const event = await env
      .db('audit_events')
      .where({ entity: 'covered_persons', entity_id: String(res.body.id) })
      .first();
    expect(event).toMatchObject({ action: 'add', actor: 'agent' });
    const changes = JSON.parse(event!.changes);
    expect(changes).toMatchObject({
      product: { before: null, after: 'ID-Larm Prio Familj' },
      relation: { before: null, after: 'partner' },
      personnummer: { after: JOHAN },
    });
    // Names, not ids, in the history.
    expect(changes).not.toHaveProperty('subscription_id');
    expect(changes).not.toHaveProperty('customer_id');

    // Sara's service (4 people) is now full.
    const full = await agent
      .post('/api/covered_persons')
      .send({
        subscription_id: sub,
        personnummer: makePersonnummer('2020-01-01', 906),
        first_name: 'Ett',
        last_name: 'Barn för mycket',
        relation: 'child',
      })
      .expect(409);
    expect(full.body.message).toMatch(/högst 4 personer/);
  });

  test.each([
    ['an invalid personnummer', { personnummer: '19800101-1234' }, 'personnummer'],
    ['the holder as relation', { relation: 'holder' }, 'relation'],
    ['an unknown relation', { relation: 'neighbour' }, 'relation'],
    ['a bad phone number', { alarm_phone: '12' }, 'alarm_phone'],
    ['a bad e-mail', { alarm_email: 'not-an-address' }, 'alarm_email'],
    ['no first name', { first_name: '  ' }, 'first_name'],
    ['an unknown field', { nickname: 'Kalle' }, 'nickname'],
    ['an unknown subscription', { subscription_id: 99999 }, 'subscription_id'],
  ])('%s is a 400 on that field and stores nothing', async (_case, patch, field) => {
    const agent = await env.as('agent');
    const before = await tableDigest(env.db);
    const res = await agent
      .post('/api/covered_persons')
      .send({
        subscription_id: await subscriptionOf(MIKAEL),
        personnummer: NEW_CHILD,
        first_name: 'Test',
        last_name: 'Person',
        relation: 'child',
        ...patch,
      })
      .expect(400);
    expect(res.body.errors).toHaveProperty(field);
    expect(await tableDigest(env.db)).toBe(before);
  });

  test('a single service covers only its holder: adding someone is a 409 that says so', async () => {
    const agent = await env.as('agent');
    const single = await env
      .db('subscriptions')
      .join('products', 'products.id', 'subscriptions.product_id')
      .where('products.max_persons', 1)
      .where('subscriptions.status', 'active')
      .first('subscriptions.id');
    const valid = await agent
      .post('/api/covered_persons')
      .send({ subscription_id: single!.id, personnummer: NEW_CHILD, first_name: 'Ny', last_name: 'Person', relation: 'child' })
      .expect(409);
    expect(valid.body.message).toMatch(/bara innehavaren/);
  });

  test('a person already covered by the subscription is a 409 on personnummer', async () => {
    const agent = await env.as('agent');
    const res = await agent
      .post('/api/covered_persons')
      .send({
        subscription_id: await subscriptionOf(SARA),
        personnummer: '110308-8025',
        first_name: 'Elsa',
        last_name: 'Lindberg',
        relation: 'child',
      })
      .expect(409);
    expect(res.body.errors).toHaveProperty('personnummer');
  });

  test('an ended subscription covers nobody new: 409', async () => {
    const agent = await env.as('agent');
    const ended = await env.db('subscriptions').whereIn('status', ['ended', 'withdrawn']).first('id');
    await agent
      .post('/api/covered_persons')
      .send({ subscription_id: ended!.id, personnummer: NEW_CHILD, first_name: 'Ny', last_name: 'Person', relation: 'child' })
      .expect(409);
  });

  test('ten agents adding ten different people to the last free place at once: one 201, nine 409, never a fifth person', async () => {
    const agent = await env.as('agent');
    const supervisor = await env.as('supervisor');
    // A fresh family service for one customer: holder + 2 = 3 of 4.
    const family = await env.db('products').where({ code: 'IDLARM_PRIO_FAMILJ' }).first('id');
    const { body: sub } = await agent
      .post('/api/subscriptions')
      .send({ customer_id: 6, product_id: family!.id, signed_on: '2026-10-01', binding_months: 0, with_stickers: false })
      .expect(201);
    for (const [birth, name] of [
      ['2010-01-01', 'Ett'],
      ['2012-02-02', 'Två'],
    ]) {
      await agent
        .post('/api/covered_persons')
        .send({
          subscription_id: sub.id,
          personnummer: makePersonnummer(birth, 901),
          first_name: name,
          last_name: 'Barn',
          relation: 'child',
        })
        .expect(201);
    }
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? agent : supervisor).post('/api/covered_persons').send({
          subscription_id: sub.id,
          personnummer: makePersonnummer(`1970-01-${String(i + 10)}`, 902),
          first_name: `Person${i}`,
          last_name: 'Racesson',
          relation: 'other',
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    expect(await current(sub.id)).toHaveLength(4);
  });
});

describe('changing and removing people', () => {
  async function elsa() {
    return (await env.db('covered_persons').where({ personnummer: ELSA }).first())!;
  }

  test("routing a child's alarms to her own phone, in any written form; a stale version is a 409 that changes nothing", async () => {
    const agent = await env.as('agent');
    const row = await elsa();
    const res = await agent
      .put(`/api/covered_persons/${row.id}`)
      .send({ alarm_phone: '+46 76 555 12 34', version: row.version })
      .expect(200);
    expect(res.body).toMatchObject({ alarm_phone: '+46765551234', version: row.version + 1 });
    const stale = await agent.put(`/api/covered_persons/${row.id}`).send({ alarm_phone: null, version: row.version }).expect(409);
    expect(stale.body.message).toMatch(/ändrats av någon annan/);
    expect((await elsa()).alarm_phone).toBe('+46765551234');
    // Back to the holder's phone: empty is "routed to the holder".
    const back = await agent
      .put(`/api/covered_persons/${row.id}`)
      .send({ alarm_phone: '', version: row.version + 1 })
      .expect(200);
    expect(back.body.alarm_phone).toBeNull();
    const events = await env
      .db('audit_events')
      .where({ entity: 'covered_persons', entity_id: String(row.id), action: 'update' })
      .orderBy('id');
    // The history names the person (as context: before = after) beside the changed field.
    const person = { before: 'Elsa Lindberg', after: 'Elsa Lindberg' };
    expect(events.map((e) => JSON.parse(e.changes))).toEqual([
      { person, alarm_phone: { before: null, after: '+46765551234' } },
      { person, alarm_phone: { before: '+46765551234', after: null } },
    ]);
  });

  test('the whole record as react-admin sends it back is accepted', async () => {
    const agent = await env.as('agent');
    const { body: record } = await agent.get(`/api/covered_persons/${(await elsa()).id}`).expect(200);
    const res = await agent
      .put(`/api/covered_persons/${record.id}`)
      .send({ ...record, first_name: 'Elsa Maria' })
      .expect(200);
    expect(res.body).toMatchObject({ first_name: 'Elsa Maria', personnummer: '20110308-8025' });
  });

  test("the holder's name and personnummer change on the customer; relations never become holder", async () => {
    const agent = await env.as('agent');
    const holder = (await env.db('covered_persons').where({ personnummer: SARA, relation: 'holder' }).first())!;
    const res = await agent.put(`/api/covered_persons/${holder.id}`).send({ first_name: 'Sarah', version: holder.version }).expect(400);
    expect(res.body.errors).toHaveProperty('first_name');
    // The holder's own alarm contacts do change here.
    await agent.put(`/api/covered_persons/${holder.id}`).send({ alarm_email: 'sara.ny@example.se', version: holder.version }).expect(200);
    const row = await elsa();
    const child = await agent.put(`/api/covered_persons/${row.id}`).send({ relation: 'holder', version: row.version }).expect(400);
    expect(child.body.errors).toHaveProperty('relation');
  });

  test('removing sets removed_on (the row stays), frees the place, and cannot be done twice or to the holder', async () => {
    const agent = await env.as('agent');
    const row = await elsa();
    const res = await agent.delete(`/api/covered_persons/${row.id}`).send({ version: row.version }).expect(200);
    expect(res.body).toMatchObject({ removed_on: TEST_TODAY, version: row.version + 1 });
    expect(await env.db('covered_persons').where({ id: row.id }).first()).toBeDefined();
    await agent.delete(`/api/covered_persons/${row.id}`).expect(409);
    await agent
      .put(`/api/covered_persons/${row.id}`)
      .send({ first_name: 'Elsa', version: row.version + 1 })
      .expect(409);
    const event = await env
      .db('audit_events')
      .where({ entity: 'covered_persons', entity_id: String(row.id), action: 'remove' })
      .first();
    expect(JSON.parse(event!.changes)).toEqual({
      person: { before: 'Elsa Maria Lindberg', after: 'Elsa Maria Lindberg' },
      removed_on: { before: null, after: TEST_TODAY },
    });
    const holder = (await env.db('covered_persons').where({ personnummer: SARA, relation: 'holder' }).first())!;
    const refused = await agent.delete(`/api/covered_persons/${holder.id}`).expect(409);
    expect(refused.body.message).toMatch(/Säg upp abonnemanget/);
    // The place is free again, and Elsa can be added back.
    await agent
      .post('/api/covered_persons')
      .send({ subscription_id: row.subscription_id, personnummer: ELSA, first_name: 'Elsa', last_name: 'Lindberg', relation: 'child' })
      .expect(201);
  });

  test('a stale version on removal is a 409', async () => {
    const agent = await env.as('agent');
    const noah = (await env.db('covered_persons').where({ first_name: 'Noah', last_name: 'Lindberg' }).first())!;
    await agent
      .delete(`/api/covered_persons/${noah.id}`)
      .send({ version: noah.version + 5 })
      .expect(409);
    expect((await env.db('covered_persons').where({ id: noah.id }).first())!.removed_on).toBeNull();
  });
});

test('"current" means covered now: not removed, on a subscription that has not ended', async () => {
  const agent = await env.as('agent');
  const ended = (await env.db('subscriptions').whereIn('status', ['ended', 'withdrawn']).first())!;
  const list = async (current: boolean) =>
    (
      await agent
        .get('/api/covered_persons')
        .query({ filter: JSON.stringify({ customer_id: ended.customer_id, current }), range: '[0,99]' })
        .expect(200)
    ).body as CoveredPerson[];
  expect((await list(true)).map((p) => p.subscription_id)).not.toContain(ended.id);
  expect((await list(false)).map((p) => p.subscription_id)).toContain(ended.id);
});

describe('the universal search finds the household', () => {
  const search = async (q: string) => {
    const agent = await env.as('agent');
    return (
      await agent
        .get('/api/customers')
        .query({ filter: JSON.stringify({ q }), range: '[0,7]' })
        .expect(200)
    ).body as Customer[];
  };

  test.each([
    ["a child's personnummer, short form", '150922-8035', 'Sara', { relation: 'child', first_name: 'Noah', field: 'personnummer' }],
    ["a child's personnummer, 12 digits", '201509228035', 'Sara', { relation: 'child', first_name: 'Noah', field: 'personnummer' }],
    [
      "a partner's alarm phone, national form",
      '070-456 78 33',
      'Mikael',
      { relation: 'partner', first_name: 'Lina', field: 'alarm_phone' },
    ],
    ["a partner's alarm phone, E.164", '+46704567833', 'Mikael', { relation: 'partner', first_name: 'Lina', field: 'alarm_phone' }],
    ["another person's personnummer", '520809-8144', 'Mikael', { relation: 'other', first_name: 'Gunnel', field: 'personnummer' }],
  ])('%s (%s) finds the holder, %s, and says through whom', async (_case, q, holder, via) => {
    const hits = await search(q);
    expect(hits).toHaveLength(1);
    expect(hits[0].first_name).toBe(holder);
    expect(hits[0].matched_via).toMatchObject(via);
    expect(hits[0].personnummer).toMatch(/\*{4}$/);
  });

  test("a person covered on two of the household's subscriptions finds the holder once, named by the earlier place", async () => {
    const noah = (await env.db('covered_persons').where({ first_name: 'Noah', last_name: 'Lindberg' }).whereNull('removed_on').first())!;
    // A second subscription of the household's, on which Noah is covered too (added later: a larger id).
    const { id: _subscriptionId, ...subscription } = (await env.db('subscriptions').where({ id: noah.subscription_id }).first())!;
    const otherProduct = (await env.db('products').whereNot({ id: subscription.product_id }).first('id'))!;
    const [added] = await env
      .db('subscriptions')
      .insert({ ...subscription, product_id: otherProduct.id })
      .returning('id');
    const otherId = typeof added === 'object' ? added.id : added;
    const { id: _id, ...copy } = noah;
    const [second] = await env
      .db('covered_persons')
      .insert({ ...copy, subscription_id: otherId, relation: 'other', first_name: 'Noah (igen)' })
      .returning('id');
    try {
      const hits = await search('150922-8035');
      expect(hits.map((c) => c.first_name)).toEqual(['Sara']);
      expect(hits[0].matched_via).toEqual({ relation: 'child', first_name: 'Noah', last_name: 'Lindberg', field: 'personnummer' });
    } finally {
      await env
        .db('covered_persons')
        .where({ id: typeof second === 'object' ? second.id : second })
        .delete();
      await env.db('subscriptions').where({ id: otherId }).delete();
    }
  });

  test("the customer's own personnummer and phone find them without a via", async () => {
    for (const q of ['840514-8019', '070-234 56 11']) {
      const hits = await search(q);
      expect(hits.map((c) => c.first_name)).toEqual(['Sara']);
      expect(hits[0].matched_via).toBeUndefined();
    }
  });

  test('a person removed from the service no longer finds the household', async () => {
    const agent = await env.as('agent');
    const gunnel = (await env.db('covered_persons').where({ first_name: 'Gunnel' }).first())!;
    await agent.delete(`/api/covered_persons/${gunnel.id}`).expect(200);
    expect(await search('520809-8144')).toEqual([]);
  });
});
