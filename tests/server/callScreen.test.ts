import { useTestEnv } from '../support/testApp';
import { stockholmDayStartUtc } from '../../server/src/domain/calendarDate';

const env = useTestEnv({ customers: 20 });

test("the start page lists the agent's own recently opened customers, newest first, once each", async () => {
  const agent = await env.as('agent');
  const supervisor = await env.as('supervisor');
  for (const id of [3, 5, 3, 7]) await agent.get(`/api/customers/${id}`).expect(200);
  await supervisor.get('/api/customers/9').expect(200);
  const res = await agent.get('/api/me/summary').expect(200);
  expect(res.body.recent_customers.map((c: { id: number }) => c.id)).toEqual([7, 3, 5]);
  expect(res.body.recent_customers[0].personnummer).toMatch(/^\d{8}-\*{4}$/);
});

test("the start page counts the agent's own notes written today", async () => {
  const agent = await env.as('agent');
  const before = (await agent.get('/api/me/summary').expect(200)).body.notes_today;
  await agent.post('/api/notes').send({ customer_id: 1, body: 'Ringde om faktura' }).expect(201);
  await agent.post('/api/notes').send({ customer_id: 2, body: 'Ringde om larm' }).expect(201);
  const after = (await agent.get('/api/me/summary').expect(200)).body.notes_today;
  expect(after).toBe(before + 2);
});

test("the customer's history is listable by agents one customer at a time, newest first", async () => {
  const agent = await env.as('agent');
  await agent.post('/api/notes').send({ customer_id: 4, body: 'Historiktest' }).expect(201);
  const res = await agent
    .get('/api/audit_events')
    .query({ filter: JSON.stringify({ customer_id: 4 }), sort: '["id","DESC"]' })
    .expect(200);
  expect(res.body[0]).toMatchObject({
    action: 'create',
    entity: 'notes',
    customer_id: 4,
    changes: { body: { before: null, after: 'Historiktest' } },
  });
});

test('the customer record carries flags for open cancellations and GDPR requests', async () => {
  const agent = await env.as('agent');
  const open = await env.db('cancellations').whereIn('status', ['registered', 'form_sent', 'confirmed']).first();
  const res = await agent.get(`/api/customers/${open!.customer_id}`).expect(200);
  expect(res.body.flags.open_cancellations).toBeGreaterThan(0);
});

describe('a Stockholm day starts at local midnight', () => {
  test.each([
    ['2026-11-25', '2026-11-24T23:00:00.000Z'], // winter time, UTC+1
    ['2026-07-01', '2026-06-30T22:00:00.000Z'], // summer time, UTC+2
    ['2026-03-29', '2026-03-28T23:00:00.000Z'], // the day summer time begins
    ['2026-10-25', '2026-10-24T22:00:00.000Z'], // the day summer time ends
  ])('%s starts at %s', (day, instant) => {
    expect(stockholmDayStartUtc(day)).toBe(instant);
  });
});
