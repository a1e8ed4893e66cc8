import type { Customer } from '../../server/src/domain/apiTypes';
import { clock } from '../../server/src/services/sessions';
import { TEST_TODAY, useTestEnv } from '../support/testApp';

const realNow = clock.now;

/**
 * Races through the real API on a real database (SQLite here; PostgreSQL under `npm run test:pg`):
 * conflicting writes end in exactly one success and clean 409s, never a 500 and never a lost field.
 */

const env = useTestEnv();

describe('50 parallel registrations of a cancellation for one subscription', () => {
  test('exactly one 201 and 49 409s, one cancellation row, one audit trail', async () => {
    const agent = await env.as('agent');
    const supervisor = await env.as('supervisor');
    const { body: sub } = await agent
      .post('/api/subscriptions')
      .send({ customer_id: 5, product_id: 1, signed_on: '2025-06-01', binding_months: 12, with_stickers: false })
      .expect(201);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? agent : supervisor)
          .post('/api/cancellations')
          .send({ subscription_id: sub.id, requested_on: TEST_TODAY, channel: 'phone', reason: 'price', reason_note: `race ${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.errors).toHaveProperty('subscription_id');

    const winner = results.find((r) => r.status === 201)!.body;
    const rows = await env.db('cancellations').where({ subscription_id: sub.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: winner.id, reason_note: winner.reason_note, status: 'registered' });
    expect(await env.db('subscriptions').where({ id: sub.id }).first()).toMatchObject({ status: 'notice_given', version: sub.version + 1 });
    const events = await env.db('audit_events').where({ entity: 'cancellations', action: 'create', entity_id: String(winner.id) });
    expect(events).toHaveLength(1);
    const subEvents = await env.db('audit_events').where({ entity: 'subscriptions', action: 'update', entity_id: String(sub.id) });
    expect(subEvents).toHaveLength(1);
  });
});

describe('two agents saving one customer from the same version', () => {
  async function openAsTwo(id: number) {
    const [a, b] = await Promise.all([env.as('agent'), env.as('supervisor')]);
    const [ra, rb] = await Promise.all([a.get(`/api/customers/${id}`).expect(200), b.get(`/api/customers/${id}`).expect(200)]);
    expect(ra.body.version).toBe(rb.body.version);
    return { a, b, record: ra.body as Customer };
  }

  test('one 200 and one 409; the winner’s field is kept and the loser’s edit overwrites nothing', async () => {
    const id = 7;
    const { a, b, record } = await openAsTwo(id);
    // Each saves the whole form as react-admin does, with a different field changed.
    const fromA: Record<string, unknown> = { ...record, street: 'Racegatan 1' };
    const fromB: Record<string, unknown> = { ...record, city: 'Kiruna' };
    delete fromA.flags;
    delete fromB.flags;
    const [resA, resB] = await Promise.all([a.put(`/api/customers/${id}`).send(fromA), b.put(`/api/customers/${id}`).send(fromB)]);
    expect([resA.status, resB.status].sort()).toEqual([200, 409]);

    const row = await env.db('customers').where({ id }).first();
    expect(row!.version).toBe(record.version + 1);
    if (resA.status === 200) {
      expect(row).toMatchObject({ street: 'Racegatan 1', city: record.city });
    } else {
      expect(row).toMatchObject({ street: record.street, city: 'Kiruna' });
    }
    const updates = await env.db('audit_events').where({ entity: 'customers', action: 'update', entity_id: String(id) });
    expect(updates).toHaveLength(1);

    // The loser reloads and saves again: now both changes are there.
    const loser = resA.status === 409 ? { agent: a, change: { street: 'Racegatan 1' } } : { agent: b, change: { city: 'Kiruna' } };
    const { body: fresh } = await loser.agent.get(`/api/customers/${id}`).expect(200);
    delete fresh.flags;
    const retry = { ...fresh, ...loser.change };
    await loser.agent.put(`/api/customers/${id}`).send(retry).expect(200);
    expect(await env.db('customers').where({ id }).first()).toMatchObject({
      street: 'Racegatan 1',
      city: 'Kiruna',
      version: record.version + 2,
    });
  });

  test('20 saves from one version: exactly one 200, the rest 409, never a 500', async () => {
    const id = 8;
    const { a, b, record } = await openAsTwo(id);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).put(`/api/customers/${id}`).send({ street: `Racegatan ${i + 10}`, version: record.version }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winner = results.find((r) => r.status === 200)!.body;
    expect(await env.db('customers').where({ id }).first()).toMatchObject({ street: winner.street, version: record.version + 1 });
  });
});

describe('a minute after login, sessions are touched while notes are written', () => {
  afterEach(() => {
    clock.now = realNow;
  });

  test('every request is answered and both sessions are touched', async () => {
    const agent = await env.as('agent');
    const supervisor = await env.as('supervisor');
    // A minute and a half later every request of both finds its session due for a touch, all at once,
    // beside the notes' write transactions (a touch used to wait for SQLite's write lock on a read
    // connection, asleep on one of libuv's threads, while the transaction holding it waited for a thread).
    const later = realNow() + 90_000;
    clock.now = () => later;
    const results = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => (i % 2 ? agent : supervisor).get('/api/customers').query({ range: '[0,9]' })),
      ...Array.from({ length: 20 }, (_, i) => agent.post('/api/notes').send({ customer_id: 3, body: `Samtal ${i}` })),
      ...Array.from({ length: 20 }, () => agent.get('/api/customers/3')),
    ]);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 300)).toEqual([]);
    const touched = await env
      .db('sessions')
      .join('users', 'users.id', 'sessions.user_id')
      .where('sessions.last_seen_at', new Date(later).toISOString())
      .pluck('users.username');
    expect(touched.sort()).toEqual(['agent', 'supervisor']);
  }, 60_000);
});
