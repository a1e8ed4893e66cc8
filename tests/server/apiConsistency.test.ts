import request from 'supertest';
import { permissionsOf } from '../../server/src/domain/permissions';
import { makePersonnummer } from '../../server/src/domain/personnummer';
import { PASSWORD, TEST_TODAY, tableDigest, type TestEnv, useTestEnv } from '../support/testApp';

/**
 * The same protocol on every resource: a PUT takes the whole record as react-admin's `update` sends it,
 * a method a path does not have is a 405 with `Allow`, a stale version is one 409 shape, and `me` answers
 * today and the role's permissions.
 */
const env = useTestEnv({ customers: 12 });

type Client = Awaited<ReturnType<TestEnv['as']>>;
const STALE = (thing: string) => `${thing} har ändrats av någon annan sedan du öppnade den. Ladda om och försök igen.`;

let serial = 700;
async function newCustomer(agent: Client) {
  const res = await agent
    .post('/api/customers')
    .send({
      personnummer: makePersonnummer('1961-02-03', serial++),
      first_name: 'Linnea',
      last_name: 'Ek',
      street: 'Skolgatan 4',
      postal_code: '753 20',
      city: 'Uppsala',
      phone: '070-111 22 33',
      email: null,
    })
    .expect(201);
  return res.body as { id: number; phone: string; street: string };
}

async function newCancellation(agent: Client) {
  const sub = await agent
    .post('/api/subscriptions')
    .send({ customer_id: 3, product_id: 1, signed_on: '2025-01-01', binding_months: 0, with_stickers: false })
    .expect(201);
  const res = await agent
    .post('/api/cancellations')
    .send({ subscription_id: sub.body.id, requested_on: TEST_TODAY, channel: 'phone', reason: 'price' })
    .expect(201);
  return (await agent.get(`/api/cancellations/${res.body.id}`).expect(200)).body as Record<string, unknown> & { id: number };
}

async function newGdprRequest(agent: Client, customerId: number) {
  const res = await agent
    .post('/api/gdpr_requests')
    .send({ customer_id: customerId, type: 'access', channel: 'phone', identity_method: 'bankid', identity_verified: true })
    .expect(201);
  return res.body as Record<string, unknown> & { id: number; version: number };
}

describe('PUT /api/<resource>/:id takes the whole record as react-admin sends it', () => {
  test('customers: the opened record (with flags) back with one field changed', async () => {
    const agent = await env.as('agent');
    const { body: record } = await agent.get('/api/customers/2').expect(200);
    expect(record).toHaveProperty('flags');
    const res = await agent
      .put('/api/customers/2')
      .send({ ...record, city: 'Västerås' })
      .expect(200);
    expect(res.body).toMatchObject({ id: 2, city: 'Västerås', version: record.version + 1 });
  });

  test('cancellations: the record back with the next status; its dates, creator and times are accepted', async () => {
    const agent = await env.as('agent');
    const record = await newCancellation(agent);
    const res = await agent
      .put(`/api/cancellations/${record.id}`)
      .send({ ...record, status: 'form_sent' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'form_sent', form_sent_on: TEST_TODAY, version: Number(record.version) + 1 });
  });

  test('cancellations: a changed field that a step cannot change is a 400 naming it, and changes nothing', async () => {
    const agent = await env.as('agent');
    const record = await newCancellation(agent);
    const digest = await tableDigest(env.db);
    const res = await agent
      .put(`/api/cancellations/${record.id}`)
      .send({ ...record, status: 'form_sent', refund_ore: 100 })
      .expect(400);
    expect(res.body.errors).toHaveProperty('refund_ore');
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test('gdpr_requests: the record (with overdue) back as completed', async () => {
    const agent = await env.as('agent');
    const supervisor = await env.as('supervisor');
    const c = await newCustomer(agent);
    const logged = await newGdprRequest(agent, c.id);
    const { body: record } = await supervisor.get(`/api/gdpr_requests/${logged.id}`).expect(200);
    expect(record).toHaveProperty('overdue', false);
    const res = await supervisor
      .put(`/api/gdpr_requests/${logged.id}`)
      .send({ ...record, status: 'completed', outcome: 'Registerutdrag skickat' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'completed', outcome: 'Registerutdrag skickat', completed_on: TEST_TODAY });
  });

  test('gdpr_requests: the record back with an extension (status open)', async () => {
    const agent = await env.as('agent');
    const supervisor = await env.as('supervisor');
    const c = await newCustomer(agent);
    const logged = await newGdprRequest(agent, c.id);
    const res = await supervisor
      .put(`/api/gdpr_requests/${logged.id}`)
      .send({ ...logged, extension_reason: 'Omfattande begäran', extension_notified_on: TEST_TODAY, due_on: '2027-01-28' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'open', due_on: '2027-01-28', extension_reason: 'Omfattande begäran' });
  });

  test('gdpr_requests: a changed type is a 400 naming it', async () => {
    const agent = await env.as('agent');
    const supervisor = await env.as('supervisor');
    const c = await newCustomer(agent);
    const logged = await newGdprRequest(agent, c.id);
    const res = await supervisor
      .put(`/api/gdpr_requests/${logged.id}`)
      .send({ ...logged, type: 'erasure', status: 'completed' })
      .expect(400);
    expect(res.body.errors).toHaveProperty('type');
  });

  test('users: the record back with a new name', async () => {
    const admin = await env.as('admin');
    const { body: user } = await admin
      .post('/api/users')
      .send({ username: 'kim', full_name: 'Kim K', role: 'agent', password: 'ett-eget-lösenord-1' });
    const { body: record } = await admin.get(`/api/users/${user.id}`).expect(200);
    const res = await admin
      .put(`/api/users/${user.id}`)
      .send({ ...record, full_name: 'Kim Karlsson' })
      .expect(200);
    expect(res.body).toMatchObject({ full_name: 'Kim Karlsson', version: record.version + 1 });
  });

  test.each([
    ['customers', '/api/customers/2'],
    ['cancellations', null],
    ['gdpr_requests', null],
    ['users', '/api/users/1'],
  ])('%s: an unknown field is still a 400 naming it', async (resource, path) => {
    const admin = await env.as('admin');
    let url = path;
    let record: Record<string, unknown>;
    if (resource === 'cancellations') {
      record = await newCancellation(admin);
      record = { ...record, status: 'form_sent' };
      url = `/api/cancellations/${record.id}`;
    } else if (resource === 'gdpr_requests') {
      const c = await newCustomer(admin);
      record = { ...(await newGdprRequest(admin, c.id)), status: 'completed' };
      url = `/api/gdpr_requests/${record.id}`;
    } else {
      record = (await admin.get(url!).expect(200)).body;
    }
    const res = await admin
      .put(url!)
      .send({ ...record, shoe_size: 44 })
      .expect(400);
    expect(res.body.errors).toHaveProperty('shoe_size');
  });
});

describe('a stale version is one 409 shape on every versioned resource', () => {
  test('users', async () => {
    const admin = await env.as('admin');
    const { body: user } = await admin
      .post('/api/users')
      .send({ username: 'stale', full_name: 'S', role: 'agent', password: 'ett-annat-lösenord-2' });
    await admin.put(`/api/users/${user.id}`).send({ full_name: 'S 2', version: user.version }).expect(200);
    const res = await admin.put(`/api/users/${user.id}`).send({ full_name: 'S 3', version: user.version }).expect(409);
    expect(res.body).toEqual({ message: STALE('Användaren'), errors: {} });
  });
});

describe('a method that a path does not have', () => {
  test.each([
    ['DELETE', '/api/customers/1', ['GET', 'PUT']],
    ['PATCH', '/api/customers/1', ['GET', 'PUT']],
    ['PUT', '/api/notes/1', ['GET']],
    ['DELETE', '/api/notes/1', ['GET']],
    ['POST', '/api/invoices', ['GET']],
    ['PUT', '/api/invoices/1', ['GET']],
    ['DELETE', '/api/cancellations/1', ['GET', 'PUT']],
    ['DELETE', '/api/users/1', ['GET', 'PUT']],
    ['PUT', '/api/audit_events/1', ['GET']],
    ['POST', '/api/customers/1/invoice-schedule', ['GET']],
  ])('%s %s is a 405 with Allow for a logged-in caller, a 401 without a session', async (method, path, allowed) => {
    const agent = await env.as('agent');
    const digest = await tableDigest(env.db);
    const res = await agent[method.toLowerCase() as 'delete'](path).send({}).expect(405);
    expect(res.body).toEqual({ message: expect.any(String), errors: {} });
    const allow = String(res.headers.allow).split(', ');
    for (const m of allowed) expect(allow).toContain(m);
    expect(allow).not.toContain(method);
    const anonymous = await request(env.app)[method.toLowerCase() as 'delete'](path).send({}).expect(401);
    expect(anonymous.headers.allow).toBeUndefined();
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test('the public login path answers 405 to anyone', async () => {
    const res = await request(env.app).get('/api/auth/login').expect(405);
    expect(res.headers.allow).toBe('POST');
  });

  test('a path that is not in the table stays a 404, with or without a session', async () => {
    const agent = await env.as('agent');
    await agent.delete('/api/nothing-here/1').expect(404);
    await agent.get('/api/customers/1/nothing').expect(404);
    await request(env.app).delete('/api/nothing-here/1').expect(404);
  });
});

describe('GDPR rectification input with old_value', () => {
  test('an old value that matches the record (in any written form) is accepted; the stored old value is the record’s', async () => {
    const agent = await env.as('agent');
    const c = await newCustomer(agent);
    const res = await agent
      .post('/api/gdpr_requests')
      .send({
        customer_id: c.id,
        type: 'rectification',
        channel: 'phone',
        identity_method: 'phone_questions',
        identity_verified: true,
        changes: [
          { field: 'phone', old_value: '070-111 22 33', new_value: '070-999 88 77' },
          { field: 'street', old_value: 'Skolgatan 4', new_value: 'Kyrkogatan 9' },
        ],
      })
      .expect(201);
    expect(res.body.changes).toEqual([
      { field: 'phone', old_value: '+46701112233', new_value: '+46709998877' },
      { field: 'street', old_value: 'Skolgatan 4', new_value: 'Kyrkogatan 9' },
    ]);
  });

  test('an old value that no longer matches the record is a 409 naming it, and nothing is logged', async () => {
    const agent = await env.as('agent');
    const c = await newCustomer(agent);
    const digest = await tableDigest(env.db);
    const res = await agent
      .post('/api/gdpr_requests')
      .send({
        customer_id: c.id,
        type: 'rectification',
        channel: 'phone',
        identity_method: 'phone_questions',
        identity_verified: true,
        changes: [
          { field: 'city', new_value: 'Enköping' },
          { field: 'street', old_value: 'Gamla gatan 1', new_value: 'Kyrkogatan 9' },
        ],
      })
      .expect(409);
    expect(res.body.errors).toEqual({ 'changes.1.old_value': expect.any(String) });
    expect(res.body.message).toMatch(/gatuadress/);
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test.each([['BankID'], ['Kontrollfrågor i telefon'], ['']])('identity method %p is not one of the methods: 400', async (method) => {
    const agent = await env.as('agent');
    const res = await agent
      .post('/api/gdpr_requests')
      .send({ customer_id: 1, type: 'access', channel: 'phone', identity_method: method, identity_verified: true })
      .expect(400);
    expect(res.body.errors).toHaveProperty('identity_method');
  });
});

describe('who is logged in', () => {
  test.each(['agent', 'supervisor', 'admin'] as const)(
    'me and login answer %s with the server’s today and the role’s permissions',
    async (username) => {
      const login = await request(env.app).post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
      const expected = {
        id: expect.any(Number),
        username,
        full_name: expect.any(String),
        role: username,
        today: TEST_TODAY,
        permissions: permissionsOf(username),
      };
      expect(login.body).toEqual(expected);
      const cookie = String(login.headers['set-cookie']).split(';')[0];
      const me = await request(env.app).get('/api/auth/me').set('Cookie', cookie).expect(200);
      expect(me.body).toEqual(expected);
    },
  );
});
