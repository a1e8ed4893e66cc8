import { TEST_TODAY, useTestEnv } from '../support/testApp';
import { addDays } from '../../server/src/domain/calendarDate';

/** The numbers and filters behind the record's tabs, the history's views filter and the supervisor's audit log. */
const env = useTestEnv({ customers: 20 });

const q = (params: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));

test("the record's counts say how many rows each tab holds, and are no audited view", async () => {
  const agent = await env.as('agent');
  await agent.get('/api/customers/2').expect(200); // one view
  await agent.post('/api/notes').send({ customer_id: 2, body: 'Räknas' }).expect(201);
  const views = await env.db('audit_events').where({ customer_id: 2, action: 'view' }).count({ c: '*' }).first();
  const { body } = await agent.get('/api/customers/2/counts').expect(200);
  const count = async (table: string) => Number((await env.db(table).where({ customer_id: 2 }).count({ c: '*' }).first())!.c);
  expect(body).toEqual({
    subscriptions: await count('subscriptions'),
    invoices: await count('invoices'),
    cancellations: await count('cancellations'),
    billing_changes: await count('billing_changes'),
    gdpr_requests: await count('gdpr_requests'),
    notes: await count('notes'),
    alarms: await count('alarms'),
    changes: Number(
      (await env.db('audit_events').where({ customer_id: 2 }).whereNotIn('action', ['view', 'export']).count({ c: '*' }).first())!.c,
    ),
    views: Number(views!.c),
  });
  expect(body.notes).toBeGreaterThan(0);
  // Asking for the counts wrote nothing.
  const after = await env.db('audit_events').where({ customer_id: 2, action: 'view' }).count({ c: '*' }).first();
  expect(after!.c).toEqual(views!.c);
  await agent.get('/api/customers/999999/counts').expect(404);
  await env.anonymous().get('/api/customers/2/counts').expect(401);
});

test('the history lists changes and views apart (views: true|false)', async () => {
  const agent = await env.as('agent');
  await agent.get('/api/customers/3').expect(200);
  await agent.post('/api/notes').send({ customer_id: 3, body: 'Ändring' }).expect(201);
  const changes = await agent
    .get('/api/audit_events')
    .query(q({ filter: { customer_id: 3, views: false } }))
    .expect(200);
  const views = await agent
    .get('/api/audit_events')
    .query(q({ filter: { customer_id: 3, views: true } }))
    .expect(200);
  expect(changes.body.length).toBeGreaterThan(0);
  expect(changes.body.every((e: { action: string }) => e.action !== 'view' && e.action !== 'export')).toBe(true);
  expect(views.body.length).toBeGreaterThan(0);
  expect(views.body.every((e: { action: string }) => e.action === 'view' || e.action === 'export')).toBe(true);
  await agent
    .get('/api/audit_events')
    .query(q({ filter: { customer_id: 3, views: 'ja' } }))
    .expect(400);
});

test('the audit log filters by Stockholm calendar days, both included', async () => {
  const supervisor = await env.as('supervisor');
  await supervisor.post('/api/notes').send({ customer_id: 4, body: 'I dag' }).expect(201);
  const today = new Date().toISOString().slice(0, 10);
  const res = await supervisor
    .get('/api/audit_events')
    .query(q({ filter: { customer_id: 4, at_from: addDays(today, -1), at_to: addDays(today, 1), action: 'create' } }))
    .expect(200);
  expect(res.body.some((e: { entity: string }) => e.entity === 'notes')).toBe(true);
  const none = await supervisor
    .get('/api/audit_events')
    .query(q({ filter: { customer_id: 4, at_from: addDays(today, 2) } }))
    .expect(200);
  expect(none.body).toEqual([]);
  await supervisor
    .get('/api/audit_events')
    .query(q({ filter: { at_from: '2026-13-01' } }))
    .expect(400);
});

test('the cancellation queue filters by the week a cancellation was asked for (the overview bars)', async () => {
  const supervisor = await env.as('supervisor');
  const from = addDays(TEST_TODAY, -6);
  const res = await supervisor
    .get('/api/cancellations')
    .query(q({ filter: { requested_from: from, requested_to: TEST_TODAY, kind: 'notice' }, range: [0, 499] }))
    .expect(200);
  expect(
    res.body.every(
      (c: { requested_on: string; kind: string }) => c.requested_on >= from && c.requested_on <= TEST_TODAY && c.kind === 'notice',
    ),
  ).toBe(true);
});
