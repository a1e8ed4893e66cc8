import { makePersonnummer } from '../../server/src/domain/personnummer';
import { tableDigest, type TestEnv, useTestEnv } from '../support/testApp';

// TEST_TODAY is Wednesday 2026-11-25.
const env = useTestEnv();

let serial = 900;
/** A customer of the test's own, so that no seeded request (or restriction) interferes. */
async function newCustomer(overrides: Record<string, unknown> = {}) {
  const agent = await env.as('agent');
  const res = await agent
    .post('/api/customers')
    .send({
      personnummer: makePersonnummer('1955-04-12', serial++),
      first_name: 'Karin',
      last_name: 'Berg',
      street: 'Gamla vägen 1',
      postal_code: '11122',
      city: 'Stockholm',
      phone: '070-111 22 33',
      email: 'karin.berg@example.se',
      ...overrides,
    })
    .expect(201);
  return res.body as { id: number; street: string; version: number; personnummer: string };
}

const phoneCheck = { channel: 'phone', identity_method: 'phone_questions', identity_verified: true };

type Client = Awaited<ReturnType<TestEnv['as']>>;

async function logRequest(body: Record<string, unknown>, expected = 201, as?: Client) {
  const agent = as ?? (await env.as('agent'));
  return agent
    .post('/api/gdpr_requests')
    .send({ ...phoneCheck, ...body })
    .expect(expected);
}

async function logRectification(customerId: number, changes: Array<{ field: string; new_value: unknown }>) {
  return (await logRequest({ customer_id: customerId, type: 'rectification', changes })).body;
}

describe('logging a request', () => {
  test('an agent logs a rectification: due date computed, old values captured, new values normalised, audited', async () => {
    const c = await newCustomer();
    const body = await logRectification(c.id, [
      { field: 'street', new_value: 'Nya gatan 5' },
      { field: 'postal_code', new_value: '22333' },
    ]);
    expect(body).toMatchObject({
      customer_id: c.id,
      type: 'rectification',
      status: 'open',
      received_on: '2026-11-25',
      // 25 December is juldagen, then a weekend.
      due_on: '2026-12-28',
      identity_verified: true,
      identity_verified_on: '2026-11-25',
      created_by: 'agent',
      overdue: false,
      changes: [
        { field: 'street', old_value: 'Gamla vägen 1', new_value: 'Nya gatan 5' },
        { field: 'postal_code', old_value: '111 22', new_value: '223 33' },
      ],
    });
    const event = await env
      .db('audit_events')
      .where({ action: 'create', entity: 'gdpr_requests', entity_id: String(body.id) })
      .first();
    expect(event!.customer_id).toBe(c.id);
    const customer = await env.db('customers').where({ id: c.id }).first();
    expect(customer!.street).toBe('Gamla vägen 1');
  });

  test('a back-dated request is due one month after the day it was received', async () => {
    const c = await newCustomer();
    const { body } = await logRequest({ customer_id: c.id, type: 'access', channel: 'letter', received_on: '2026-10-31' });
    expect(body.due_on).toBe('2026-11-30');
  });

  test.each([
    [
      'a bad personnummer',
      { type: 'rectification', changes: [{ field: 'personnummer', new_value: '19800101-1234' }] },
      'changes.0.new_value',
    ],
    [
      'a bad e-mail',
      {
        type: 'rectification',
        changes: [
          { field: 'street', new_value: 'Ny väg 2' },
          { field: 'email', new_value: 'not-an-email' },
        ],
      },
      'changes.1.new_value',
    ],
    ['an empty street', { type: 'rectification', changes: [{ field: 'street', new_value: '' }] }, 'changes.0.new_value'],
    [
      'a value equal to the current one',
      { type: 'rectification', changes: [{ field: 'city', new_value: 'Stockholm' }] },
      'changes.0.new_value',
    ],
    [
      'a field that is not personal data',
      { type: 'rectification', changes: [{ field: 'invoice_interval', new_value: 'annual' }] },
      'changes.0.field',
    ],
    ['an unknown field', { type: 'rectification', changes: [{ field: 'shoe_size', new_value: '44' }] }, 'changes.0.field'],
    [
      'the same field twice',
      {
        type: 'rectification',
        changes: [
          { field: 'city', new_value: 'Lund' },
          { field: 'city', new_value: 'Malmö' },
        ],
      },
      'changes.1.field',
    ],
    ['a rectification without changes', { type: 'rectification', changes: [] }, 'changes'],
    ['changes on an access request', { type: 'access', changes: [{ field: 'city', new_value: 'Lund' }] }, 'changes'],
    ['an unknown type', { type: 'complaint' }, 'type'],
    ['an unknown channel', { type: 'access', channel: 'fax' }, 'channel'],
    ['a received date in the future', { type: 'access', received_on: '2026-11-26' }, 'received_on'],
    ['a malformed received date', { type: 'access', received_on: '2026-02-30' }, 'received_on'],
    ['no identity check method', { type: 'access', identity_method: '' }, 'identity_method'],
    ['no identity check result', { type: 'access', identity_verified: undefined }, 'identity_verified'],
    ['an unknown property', { type: 'access', status: 'completed' }, 'status'],
  ])('%s is a 400 naming %s and changes nothing', async (_what, patch, field) => {
    const c = await newCustomer();
    const agent = await env.as('agent');
    const digest = await tableDigest(env.db);
    const res = await logRequest({ customer_id: c.id, ...patch }, 400, agent);
    expect(res.body.errors).toHaveProperty([field]);
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test('the due-date preview answers today and the due date', async () => {
    const agent = await env.as('agent');
    const res = await agent.get('/api/gdpr_requests/due-date').expect(200);
    expect(res.body).toEqual({ today: '2026-11-25', received_on: '2026-11-25', due_on: '2026-12-28' });
    const back = await agent.get('/api/gdpr_requests/due-date').query({ received_on: '2026-01-31' }).expect(200);
    expect(back.body.due_on).toBe('2026-03-02');
    const bad = await agent.get('/api/gdpr_requests/due-date').query({ received_on: '2026-12-01' }).expect(400);
    expect(bad.body.errors).toHaveProperty('received_on');
  });

  test('an unknown customer is a 404', async () => {
    await logRequest({ customer_id: 999999, type: 'access' }, 404);
  });
});

describe('completing a rectification', () => {
  test('applies the new values to the customer and closes the request, with old → new in the audit', async () => {
    const c = await newCustomer();
    const request = await logRectification(c.id, [
      { field: 'street', new_value: 'Nya gatan 5' },
      { field: 'email', new_value: 'Karin.B@Example.se' },
    ]);
    const supervisor = await env.as('supervisor');
    const res = await supervisor
      .put(`/api/gdpr_requests/${request.id}`)
      .send({ status: 'completed', version: request.version })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'completed', completed_on: '2026-11-25', handled_by: 'supervisor', version: 2 });
    const customer = await env.db('customers').where({ id: c.id }).first();
    expect(customer).toMatchObject({ street: 'Nya gatan 5', email: 'karin.b@example.se', version: c.version + 1 });
    const rectified = await env
      .db('audit_events')
      .where({ action: 'gdpr_rectification', entity: 'customers', entity_id: String(c.id) })
      .first();
    expect(JSON.parse(rectified!.changes)).toEqual({
      street: { before: 'Gamla vägen 1', after: 'Nya gatan 5' },
      email: { before: 'karin.berg@example.se', after: 'karin.b@example.se' },
    });
    const completed = await env
      .db('audit_events')
      .where({ action: 'complete', entity: 'gdpr_requests', entity_id: String(request.id) })
      .first();
    expect(JSON.parse(completed!.changes).status).toEqual({ before: 'open', after: 'completed' });
  });

  test('is atomic: a failure after the customer was changed leaves both the customer and the request unchanged', async () => {
    const c = await newCustomer();
    const request = await logRectification(c.id, [{ field: 'street', new_value: 'Nya gatan 5' }]);
    const supervisor = await env.as('supervisor');
    const pg = env.db.client.config.client === 'pg';
    // The request's own audit event is written last, after the customer has been updated: make it fail.
    if (pg) {
      await env.db.raw(`CREATE FUNCTION fail_gdpr_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'forced failure'; END $$`);
      await env.db.raw(`CREATE TRIGGER fail_gdpr_audit BEFORE INSERT ON audit_events FOR EACH ROW
        WHEN (NEW.entity = 'gdpr_requests' AND NEW.action = 'complete') EXECUTE FUNCTION fail_gdpr_audit()`);
    } else {
      await env.db.raw(`CREATE TRIGGER fail_gdpr_audit BEFORE INSERT ON audit_events
        WHEN NEW.entity = 'gdpr_requests' AND NEW.action = 'complete' BEGIN SELECT RAISE(ABORT, 'forced failure'); END`);
    }
    try {
      const digest = await tableDigest(env.db);
      await supervisor.put(`/api/gdpr_requests/${request.id}`).send({ status: 'completed', version: request.version }).expect(500);
      expect(await tableDigest(env.db)).toBe(digest);
      expect((await env.db('customers').where({ id: c.id }).first())!.street).toBe('Gamla vägen 1');
      expect((await env.db('gdpr_requests').where({ id: request.id }).first())!.status).toBe('open');
    } finally {
      await env.db.raw('DROP TRIGGER fail_gdpr_audit' + (pg ? ' ON audit_events' : ''));
      if (pg) await env.db.raw('DROP FUNCTION fail_gdpr_audit()');
      env.errors.length = 0; // the forced 500 was logged, as it should be
    }
    // Without the failure the same request completes.
    await supervisor.put(`/api/gdpr_requests/${request.id}`).send({ status: 'completed', version: request.version }).expect(200);
    expect((await env.db('customers').where({ id: c.id }).first())!.street).toBe('Nya gatan 5');
  });

  test('is refused with a 409 naming the field when the record changed since the request was logged', async () => {
    const c = await newCustomer();
    const request = await logRectification(c.id, [
      { field: 'city', new_value: 'Uppsala' },
      { field: 'street', new_value: 'Nya gatan 5' },
    ]);
    const agent = await env.as('agent');
    await agent.put(`/api/customers/${c.id}`).send({ street: 'Tredje vägen 3', version: c.version }).expect(200);
    const supervisor = await env.as('supervisor');
    const digest = await tableDigest(env.db);
    const res = await supervisor
      .put(`/api/gdpr_requests/${request.id}`)
      .send({ status: 'completed', version: request.version })
      .expect(409);
    expect(res.body.message).toMatch(/gatuadress/);
    expect(res.body.errors).toHaveProperty('street');
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test('a stale version of the request is a 409', async () => {
    const c = await newCustomer();
    const { body } = await logRequest({ customer_id: c.id, type: 'objection' });
    const supervisor = await env.as('supervisor');
    await supervisor
      .put(`/api/gdpr_requests/${body.id}`)
      .send({ status: 'completed', outcome: 'Utskick stoppade', version: body.version })
      .expect(200);
    const res = await supervisor
      .put(`/api/gdpr_requests/${body.id}`)
      .send({ status: 'rejected', outcome: 'x', version: body.version })
      .expect(409);
    expect(res.body).toEqual({ message: 'Begäran har ändrats av någon annan sedan du öppnade den. Ladda om och försök igen.', errors: {} });
  });
});

describe('rejecting a request', () => {
  test('needs a reason, records it, and a closed request cannot be completed', async () => {
    const c = await newCustomer();
    const { body } = await logRequest({ customer_id: c.id, type: 'erasure' });
    const supervisor = await env.as('supervisor');
    const missing = await supervisor.put(`/api/gdpr_requests/${body.id}`).send({ status: 'rejected', version: body.version }).expect(400);
    expect(missing.body.errors).toHaveProperty('outcome');
    const reason = 'Uppgifterna krävs enligt bokföringslagen';
    const res = await supervisor
      .put(`/api/gdpr_requests/${body.id}`)
      .send({ status: 'rejected', outcome: reason, version: body.version })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'rejected', outcome: reason, handled_by: 'supervisor' });
    await supervisor.put(`/api/gdpr_requests/${body.id}`).send({ status: 'completed', version: res.body.version }).expect(409);
  });

  test('an unknown status is a 400', async () => {
    const c = await newCustomer();
    const { body } = await logRequest({ customer_id: c.id, type: 'erasure' });
    const supervisor = await env.as('supervisor');
    const res = await supervisor.put(`/api/gdpr_requests/${body.id}`).send({ status: 'open', version: body.version }).expect(400);
    expect(res.body.errors).toHaveProperty('status');
  });
});

describe('extending a request', () => {
  // Received 2026-11-25: due 2026-12-28; at most received + 3 months = 2027-02-25.
  const extension = { extension_reason: 'Omfattande begäran', extension_notified_on: '2026-11-25' };

  test('once, by at most two further months, with a reason and the date the customer was told', async () => {
    const c = await newCustomer();
    const { body } = await logRequest({ customer_id: c.id, type: 'access' });
    const supervisor = await env.as('supervisor');
    const res = await supervisor
      .put(`/api/gdpr_requests/${body.id}`)
      .send({ ...extension, version: body.version })
      .expect(200);
    expect(res.body).toMatchObject({ due_on: '2027-02-25', ...extension, status: 'open' });
    const again = await supervisor
      .put(`/api/gdpr_requests/${body.id}`)
      .send({ ...extension, due_on: '2027-02-25', version: res.body.version })
      .expect(409);
    expect(again.body.message).toMatch(/redan förlängts/);
  });

  test('to a chosen date within the limit', async () => {
    const c = await newCustomer();
    const { body } = await logRequest({ customer_id: c.id, type: 'portability' });
    const supervisor = await env.as('supervisor');
    const res = await supervisor
      .put(`/api/gdpr_requests/${body.id}`)
      .send({ ...extension, due_on: '2027-01-28', version: body.version })
      .expect(200);
    expect(res.body.due_on).toBe('2027-01-28');
  });

  test.each([
    ['more than two further months', { due_on: '2027-02-26' }, 'due_on'],
    ['a due date not later than before', { due_on: '2026-12-28' }, 'due_on'],
    ['a notification date in the future', { extension_notified_on: '2026-11-26' }, 'extension_notified_on'],
    ['a notification before the request arrived', { extension_notified_on: '2026-11-24' }, 'extension_notified_on'],
    ['no reason', { extension_reason: '' }, 'extension_reason'],
    ['no notification date', { extension_notified_on: undefined }, 'extension_notified_on'],
  ])('%s is a 400 on %s and changes nothing', async (_what, patch, field) => {
    const c = await newCustomer();
    const { body } = await logRequest({ customer_id: c.id, type: 'access' });
    const supervisor = await env.as('supervisor');
    const digest = await tableDigest(env.db);
    const res = await supervisor
      .put(`/api/gdpr_requests/${body.id}`)
      .send({ ...extension, ...patch, version: body.version })
      .expect(400);
    expect(res.body.errors).toHaveProperty([field]);
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test('the customer must be told within the first month', async () => {
    // Received 2026-10-20: due 2026-11-20; told on 2026-11-23 is too late.
    const c = await newCustomer();
    const { body } = await logRequest({ customer_id: c.id, type: 'access', received_on: '2026-10-20' });
    expect(body.due_on).toBe('2026-11-20');
    const supervisor = await env.as('supervisor');
    const late = await supervisor
      .put(`/api/gdpr_requests/${body.id}`)
      .send({ extension_reason: 'Omfattande', extension_notified_on: '2026-11-23', version: body.version })
      .expect(400);
    expect(late.body.errors.extension_notified_on).toMatch(/2026-11-20/);
  });
});

describe('a restriction request', () => {
  test('blocks ordinary edits of the customer while open; completing a rectification still works', async () => {
    const c = await newCustomer();
    const restriction = (await logRequest({ customer_id: c.id, type: 'restriction' })).body;
    const rectification = await logRectification(c.id, [{ field: 'street', new_value: 'Nya gatan 5' }]);
    const agent = await env.as('agent');
    const { body: record } = await agent.get(`/api/customers/${c.id}`).expect(200);
    expect(record.flags.restricted).toBe(true);

    const digest = await tableDigest(env.db);
    const refused = await agent.put(`/api/customers/${c.id}`).send({ city: 'Lund', version: record.version }).expect(409);
    expect(refused.body.message).toMatch(/begränsning/i);
    expect(await tableDigest(env.db)).toBe(digest);

    const supervisor = await env.as('supervisor');
    await supervisor
      .put(`/api/gdpr_requests/${rectification.id}`)
      .send({ status: 'completed', version: rectification.version })
      .expect(200);
    expect((await env.db('customers').where({ id: c.id }).first())!.street).toBe('Nya gatan 5');

    // Once the restriction request is closed, edits work again.
    await supervisor
      .put(`/api/gdpr_requests/${restriction.id}`)
      .send({ status: 'completed', outcome: 'Prövad', version: restriction.version })
      .expect(200);
    const { body: after } = await agent.get(`/api/customers/${c.id}`).expect(200);
    expect(after.flags.restricted).toBe(false);
    await agent.put(`/api/customers/${c.id}`).send({ city: 'Lund', version: after.version }).expect(200);
  });
});

describe('roles', () => {
  test('agents log requests but may not complete, reject or extend them', async () => {
    const c = await newCustomer();
    const { body } = await logRequest({ customer_id: c.id, type: 'objection' });
    const agent = await env.as('agent');
    await agent.put(`/api/gdpr_requests/${body.id}`).send({ status: 'completed', version: body.version }).expect(403);
    await agent.put(`/api/gdpr_requests/${body.id}`).send({ status: 'rejected', outcome: 'x', version: body.version }).expect(403);
    await agent
      .put(`/api/gdpr_requests/${body.id}`)
      .send({ extension_reason: 'x', extension_notified_on: '2026-11-25', version: body.version })
      .expect(403);
    await agent.get(`/api/customers/${c.id}/data-export`).expect(403);
    const admin = await env.as('admin');
    await admin.put(`/api/gdpr_requests/${body.id}`).send({ status: 'completed', version: body.version }).expect(200);
  });

  test('without a session everything is a 401', async () => {
    await env.anonymous().post('/api/gdpr_requests').send({}).expect(401);
    await env.anonymous().put('/api/gdpr_requests/1').send({}).expect(401);
    await env.anonymous().get('/api/customers/1/data-export').expect(401);
  });
});

describe('the registerutdrag (data export)', () => {
  test('holds everything about the customer, who viewed the record, and is itself audited', async () => {
    const c = await newCustomer();
    const agent = await env.as('agent');
    await agent.get(`/api/customers/${c.id}`).expect(200);
    await agent.post('/api/notes').send({ customer_id: c.id, body: 'Ringde om adressen' }).expect(201);
    await logRectification(c.id, [{ field: 'city', new_value: 'Uppsala' }]);
    const supervisor = await env.as('supervisor');
    const res = await supervisor.get(`/api/customers/${c.id}/data-export`).expect(200);
    expect(res.body.customer).toMatchObject({ id: c.id, personnummer: c.personnummer, street: 'Gamla vägen 1' });
    expect(res.body.customer).not.toHaveProperty('first_name_lc');
    expect(res.body.notes.map((n: { body: string }) => n.body)).toEqual(['Ringde om adressen']);
    expect(res.body.gdpr_requests).toHaveLength(1);
    for (const key of ['subscriptions', 'invoices', 'cancellations', 'billing_changes', 'history']) expect(res.body).toHaveProperty(key);
    expect(res.body.record_views).toContainEqual(expect.objectContaining({ actor: 'agent', action: 'view' }));
    const event = await env
      .db('audit_events')
      .where({ action: 'export', entity: 'customers', entity_id: String(c.id), actor: 'supervisor' })
      .first();
    expect(event).toBeDefined();
  });

  test('includes invoices with their lines', async () => {
    const supervisor = await env.as('supervisor');
    const res = await supervisor.get('/api/customers/1/data-export').expect(200);
    expect(res.body.invoices.length).toBeGreaterThan(0);
    expect(res.body.invoices[0].lines.length).toBeGreaterThan(0);
    expect(res.body.subscriptions[0]).toHaveProperty('product_name');
  });

  test('an unknown customer is a 404', async () => {
    const supervisor = await env.as('supervisor');
    await supervisor.get('/api/customers/999999/data-export').expect(404);
  });
});

describe('the supervisors’ queue', () => {
  async function list(filter: Record<string, unknown>) {
    const supervisor = await env.as('supervisor');
    const res = await supervisor
      .get('/api/gdpr_requests')
      .query({ filter: JSON.stringify(filter), sort: JSON.stringify(['due_on', 'ASC']), range: '[0,499]' })
      .expect(200);
    return res.body as Array<{ id: number; status: string; due_on: string; type: string; overdue: boolean }>;
  }

  test('overdue: open and past the due date, flagged on each row', async () => {
    const c = await newCustomer();
    const { body } = await logRequest({ customer_id: c.id, type: 'access', received_on: '2026-10-01' });
    expect(body).toMatchObject({ due_on: '2026-11-02', overdue: true });
    const overdue = await list({ overdue: true });
    expect(overdue.map((r) => r.id)).toContain(body.id);
    for (const r of overdue) expect(r).toMatchObject({ status: 'open', overdue: true });
    for (const r of overdue) expect(r.due_on < '2026-11-25').toBe(true);
    for (const r of await list({ overdue: false })) expect(r.overdue).toBe(false);
  });

  test('due this week: Monday 23 to Sunday 29 November', async () => {
    const c = await newCustomer();
    // Received 2026-10-27: due 2026-11-27, a Friday this week.
    const { body } = await logRequest({ customer_id: c.id, type: 'objection', received_on: '2026-10-27' });
    const rows = await list({ due_this_week: true });
    expect(rows.map((r) => r.id)).toContain(body.id);
    for (const r of rows) expect(r.due_on >= '2026-11-23' && r.due_on <= '2026-11-29').toBe(true);
  });

  test('by type and status, sorted by due date', async () => {
    const rows = await list({ type: 'access', status: 'open' });
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toMatchObject({ type: 'access', status: 'open' });
    expect(rows.map((r) => r.due_on)).toEqual([...rows.map((r) => r.due_on)].sort());
  });

  test('a bad filter value is a 400', async () => {
    const supervisor = await env.as('supervisor');
    await supervisor
      .get('/api/gdpr_requests')
      .query({ filter: JSON.stringify({ overdue: 'yes' }) })
      .expect(400);
  });
});
