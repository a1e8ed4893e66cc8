import { randomUUID } from 'node:crypto';
import { TEST_TODAY, tableDigest, useTestEnv } from '../support/testApp';
import { purgeExpiredIdempotencyKeys } from '../../server/src/services/idempotency';
import { DAILY_JOBS } from '../../server/src/jobs/schedule';

/**
 * Every create is safe to repeat: a POST (or PUT) sent again with the same `Idempotency-Key` by the same
 * user to the same path answers the first result, and the action runs once — also when the copies arrive
 * at the same moment.
 */
const env = useTestEnv({ customers: 20 });

const notesOf = (customerId: number, body: string) => env.db('notes').where({ customer_id: customerId, body });

test('the same note POSTed twice with one key: one row, and the second answer is the first', async () => {
  const agent = await env.as('agent');
  const key = randomUUID();
  const note = { customer_id: 2, body: 'Ringde om fakturan (idempotens)' };
  const first = await agent.post('/api/notes').set('Idempotency-Key', key).send(note).expect(201);
  const second = await agent.post('/api/notes').set('Idempotency-Key', key).send(note).expect(201);
  expect(second.body).toEqual(first.body);
  expect(second.headers['idempotent-replayed']).toBe('true');
  expect(first.headers['idempotent-replayed']).toBeUndefined();
  expect(await notesOf(2, note.body)).toHaveLength(1);
  // One audit event for the one note.
  const events = await env.db('audit_events').where({ entity: 'notes', entity_id: String(first.body.id) });
  expect(events).toHaveLength(1);
});

test('ten concurrent copies of one request with one key: one row, every answer the same record', async () => {
  const agent = await env.as('agent');
  const key = randomUUID();
  const note = { customer_id: 3, body: 'Dubbelklick under samtalet' };
  const answers = await Promise.all(Array.from({ length: 10 }, () => agent.post('/api/notes').set('Idempotency-Key', key).send(note)));
  expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
  expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
  expect(await notesOf(3, note.body)).toHaveLength(1);
});

test('concurrent copies of a cancellation with one key: one cancellation, no 409 for the copies', async () => {
  const agent = await env.as('agent');
  const { body: sub } = await agent
    .post('/api/subscriptions')
    .send({ customer_id: 4, product_id: 1, signed_on: '2025-01-10', binding_months: 0 })
    .expect(201);
  const key = randomUUID();
  const body = { subscription_id: sub.id, requested_on: TEST_TODAY, channel: 'phone', reason: 'price' };
  const answers = await Promise.all(
    Array.from({ length: 5 }, () => agent.post('/api/cancellations').set('Idempotency-Key', key).send(body)),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(5).fill(201));
  expect(await env.db('cancellations').where({ subscription_id: sub.id })).toHaveLength(1);
});

test('the same key with another body is a 422 and changes nothing', async () => {
  const agent = await env.as('agent');
  const key = randomUUID();
  await agent.post('/api/notes').set('Idempotency-Key', key).send({ customer_id: 5, body: 'Första' }).expect(201);
  const digest = await tableDigest(env.db);
  const res = await agent.post('/api/notes').set('Idempotency-Key', key).send({ customer_id: 5, body: 'Andra' }).expect(422);
  expect(res.body.errors['Idempotency-Key']).toBeTruthy();
  expect(await tableDigest(env.db)).toBe(digest);
});

test('two rectification requests sent with one key: one GDPR request', async () => {
  const agent = await env.as('agent');
  const customer = await env.db('customers').where({ id: 6 }).first();
  const key = randomUUID();
  const request = {
    customer_id: 6,
    type: 'rectification',
    channel: 'phone',
    received_on: TEST_TODAY,
    identity_method: 'bankid',
    identity_verified: true,
    changes: [{ field: 'last_name', old_value: customer!.last_name, new_value: 'Rättadsson' }],
  };
  const [a, b] = await Promise.all([
    agent.post('/api/gdpr_requests').set('Idempotency-Key', key).send(request),
    agent.post('/api/gdpr_requests').set('Idempotency-Key', key).send(request),
  ]);
  expect([a.status, b.status]).toEqual([201, 201]);
  expect(a.body.id).toBe(b.body.id);
  expect(await env.db('gdpr_requests').where({ customer_id: 6, type: 'rectification' })).toHaveLength(1);
});

test('a PUT with a key answers its first result again instead of a stale-version 409', async () => {
  const agent = await env.as('agent');
  const { body: sub } = await agent
    .post('/api/subscriptions')
    .send({ customer_id: 7, product_id: 1, signed_on: '2025-01-10', binding_months: 0 })
    .expect(201);
  const { body: c } = await agent
    .post('/api/cancellations')
    .send({ subscription_id: sub.id, requested_on: TEST_TODAY, channel: 'phone', reason: 'price' })
    .expect(201);
  const key = randomUUID();
  const step = { status: 'form_sent', version: c.version };
  const first = await agent.put(`/api/cancellations/${c.id}`).set('Idempotency-Key', key).send(step).expect(200);
  const again = await agent.put(`/api/cancellations/${c.id}`).set('Idempotency-Key', key).send(step).expect(200);
  expect(again.body).toEqual(first.body);
  // Without the key the same PUT is what it is: a stale version.
  await agent.put(`/api/cancellations/${c.id}`).send(step).expect(409);
});

test('a refused request keeps nothing: the same key runs again (and is judged again)', async () => {
  const agent = await env.as('agent');
  const key = randomUUID();
  const note = { customer_id: 999999, body: 'Till en kund som inte finns' };
  await agent.post('/api/notes').set('Idempotency-Key', key).send(note).expect(404);
  const again = await agent.post('/api/notes').set('Idempotency-Key', key).send(note).expect(404);
  expect(again.headers['idempotent-replayed']).toBeUndefined();
  expect(await env.db('idempotency_keys').where({ idempotency_key: key })).toHaveLength(0);
});

test('keys are per user: another user with the same key makes a request of their own', async () => {
  const agent = await env.as('agent');
  const supervisor = await env.as('supervisor');
  const key = randomUUID();
  const note = { customer_id: 8, body: 'Samma nyckel, två användare' };
  const a = await agent.post('/api/notes').set('Idempotency-Key', key).send(note).expect(201);
  const b = await supervisor.post('/api/notes').set('Idempotency-Key', key).send(note).expect(201);
  expect(b.body.id).not.toBe(a.body.id);
  expect(await notesOf(8, note.body)).toHaveLength(2);
});

test('a malformed key is a 400 naming the header, and nothing is written', async () => {
  const agent = await env.as('agent');
  const digest = await tableDigest(env.db);
  const res = await agent
    .post('/api/notes')
    .set('Idempotency-Key', 'x'.repeat(201))
    .send({ customer_id: 9, body: 'För lång nyckel' })
    .expect(400);
  expect(res.body.errors['Idempotency-Key']).toBeTruthy();
  expect(await tableDigest(env.db)).toBe(digest);
});

test('a key expires after a day: the request then runs anew, and the daily job forgets old answers', async () => {
  const agent = await env.as('agent');
  const key = randomUUID();
  const note = { customer_id: 10, body: 'Gårdagens nyckel' };
  await agent.post('/api/notes').set('Idempotency-Key', key).send(note).expect(201);
  const past = new Date(Date.now() - 60_000).toISOString();
  await env.db('idempotency_keys').where({ idempotency_key: key }).update({ expires_at: past });
  const again = await agent.post('/api/notes').set('Idempotency-Key', key).send(note).expect(201);
  expect(again.headers['idempotent-replayed']).toBeUndefined();
  expect(await notesOf(10, note.body)).toHaveLength(2);

  const other = randomUUID();
  await agent.post('/api/notes').set('Idempotency-Key', other).send({ customer_id: 10, body: 'Ännu en' }).expect(201);
  await env.db('idempotency_keys').where({ idempotency_key: other }).update({ expires_at: past });
  expect(DAILY_JOBS.some((job) => /idempotency/i.test(job.name))).toBe(true);
  expect(await purgeExpiredIdempotencyKeys(env.db)).toBe(1);
  expect(await env.db('idempotency_keys').where({ idempotency_key: other })).toHaveLength(0);
  expect(await env.db('idempotency_keys').where({ idempotency_key: key })).toHaveLength(1);
});

test('a request without a key is not remembered', async () => {
  const agent = await env.as('agent');
  const before = Number((await env.db('idempotency_keys').count({ c: '*' }).first())!.c);
  await agent.post('/api/notes').send({ customer_id: 11, body: 'Utan nyckel' }).expect(201);
  await agent.post('/api/notes').send({ customer_id: 11, body: 'Utan nyckel' }).expect(201);
  expect(await notesOf(11, 'Utan nyckel')).toHaveLength(2);
  expect(Number((await env.db('idempotency_keys').count({ c: '*' }).first())!.c)).toBe(before);
});

test('many different requests at once, each with its own key, all succeed: the key table never makes a transaction fail', async () => {
  const agent = await env.as('agent');
  const supervisor = await env.as('supervisor');
  const created = [];
  for (let i = 0; i < 6; i++) {
    const { body } = await agent
      .post('/api/gdpr_requests')
      .send({ customer_id: 12, type: 'access', channel: 'phone', identity_method: 'bankid', identity_verified: true })
      .expect(201);
    created.push(body as { id: number; version: number });
  }
  const answers = await Promise.all([
    ...created.map((r) =>
      supervisor.put(`/api/gdpr_requests/${r.id}`).set('Idempotency-Key', randomUUID()).send({ status: 'completed', version: r.version }),
    ),
    ...created.map((_r, i) =>
      agent
        .post('/api/notes')
        .set('Idempotency-Key', randomUUID())
        .send({ customer_id: 12, body: `Samtidigt ${i}` }),
    ),
  ]);
  expect(answers.map((a) => a.status)).toEqual([...Array(6).fill(200), ...Array(6).fill(201)]);
});
