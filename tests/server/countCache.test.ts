import knex from 'knex';
import { cachedCount } from '../../server/src/db/countCache';
import { TEST_TODAY, useTestEnv } from '../support/testApp';

/**
 * A list's total comes from a kept COUNT on SQLite (db/countCache.ts) until a table it reads is written.
 * Whatever is kept, a total never lags a write that has been answered: through the API, through plain
 * statements and transactions, and when the count ran beside an uncommitted transaction. On PostgreSQL
 * (`npm run test:pg`) nothing is kept and the same expectations hold.
 */
const env = useTestEnv();

const noteCount = () => cachedCount(env.db, env.db('notes').where({ customer_id: 3 }).count({ count: '*' }));

describe('kept counts follow every write', () => {
  test('a plain insert, a transaction, a rollback and a delete', async () => {
    const before = await noteCount();
    expect(await noteCount()).toBe(before);

    await env.db('notes').insert({ customer_id: 3, body: 'utanför transaktion', created_by: 'test', created_at: new Date().toISOString() });
    expect(await noteCount()).toBe(before + 1);

    await env.db.transaction((trx) =>
      trx('notes').insert({ customer_id: 3, body: 'i en transaktion', created_by: 'test', created_at: new Date().toISOString() }),
    );
    expect(await noteCount()).toBe(before + 2);

    await expect(
      env.db.transaction(async (trx) => {
        await trx('notes').insert({ customer_id: 3, body: 'ångras', created_by: 'test', created_at: new Date().toISOString() });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await noteCount()).toBe(before + 2);

    await env.db('notes').where({ customer_id: 3, body: 'utanför transaktion' }).delete();
    expect(await noteCount()).toBe(before + 1);
  });

  test('a count taken while a transaction had written but not committed is not served after the commit', async () => {
    const before = await noteCount();
    await env.db.transaction(async (trx) => {
      await trx('notes').insert({ customer_id: 3, body: 'mitt i', created_by: 'test', created_at: new Date().toISOString() });
      // Read outside the transaction: the insert is not committed yet, so this is the old count.
      expect(await noteCount()).toBe(before);
    });
    expect(await noteCount()).toBe(before + 1);
  });

  test('another query on the same table is counted on its own', async () => {
    const all = await cachedCount(env.db, env.db('notes').count({ count: '*' }));
    const mine = await noteCount();
    expect(all).toBe(Number((await env.db('notes').count({ count: '*' }).first())?.count));
    expect(mine).toBe(Number((await env.db('notes').where({ customer_id: 3 }).count({ count: '*' }).first())?.count));
  });
});

// Nothing is kept on PostgreSQL: every request counts.
const onSqlite = process.env.DATABASE_URL ? test.skip : test;

describe('a count asked for by many at once', () => {
  /** The COUNT statements on notes that reach the database while `during` runs. */
  async function countsRun(during: () => Promise<unknown>): Promise<number> {
    let runs = 0;
    const onQuery = (q: { sql?: string }) => {
      if (/count\(\*\)/i.test(q.sql ?? '') && /"notes"|`notes`/.test(q.sql ?? '')) runs++;
    };
    env.db.on('query', onQuery);
    try {
      await during();
    } finally {
      env.db.off('query', onQuery);
    }
    return runs;
  }

  onSqlite('is run once while it runs, and every caller gets its result', async () => {
    await env.db('notes').insert({ customer_id: 3, body: 'ny', created_by: 'test', created_at: new Date().toISOString() });
    const expected = Number((await env.db('notes').where({ customer_id: 3 }).count({ count: '*' }).first())?.count);
    let answers: number[] = [];
    const runs = await countsRun(async () => {
      answers = await Promise.all(Array.from({ length: 20 }, () => noteCount()));
    });
    expect(runs).toBe(1);
    expect(answers).toEqual(Array(20).fill(expected));
  });

  onSqlite('an old count is answered while one request counts again; an expired one is waited for', async () => {
    const kept = await noteCount();
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now');
    // Another process writes: this one cannot see it, only the count's age brings it in.
    const writeElsewhere = async () => {
      const { filename } = (env.db.client.config as { connection: { filename: string } }).connection;
      const other = knex({ client: 'sqlite3', connection: { filename }, useNullAsDefault: true });
      try {
        await other('notes').insert({ customer_id: 3, body: 'från sidan', created_by: 'test', created_at: new Date().toISOString() });
      } finally {
        await other.destroy();
      }
    };
    try {
      await writeElsewhere();
      // Young: answered from the cache, nothing runs.
      clock.mockReturnValue(now + 1_000);
      expect(await countsRun(() => noteCount())).toBe(0);
      // Old: answered at once from the cache while one run counts again.
      clock.mockReturnValue(now + 3_000);
      let answer = 0;
      const runs = await countsRun(async () => {
        answer = await noteCount();
        await new Promise((resolve) => setTimeout(resolve, 100));
      });
      expect(answer).toBe(kept);
      expect(runs).toBe(1);
      expect(await countsRun(async () => expect(await noteCount()).toBe(kept + 1))).toBe(0);
      // Expired (the refreshed count was taken at now + 3 s): waited for, never answered stale.
      await writeElsewhere();
      clock.mockReturnValue(now + 3_000 + 5_000);
      expect(await noteCount()).toBe(kept + 2);
    } finally {
      clock.mockRestore();
    }
  });
});

describe("the cancellation queue's total through the API", () => {
  test('moves with a registration and with a step, at once', async () => {
    const agent = await env.as('agent');
    const supervisor = await env.as('supervisor');
    const total = async (status: string) => {
      // One row per page: the total is always counted, never inferred from a short page.
      const res = await supervisor
        .get('/api/cancellations')
        .query({ filter: JSON.stringify({ status }), sort: '["ends_on","ASC"]', range: '[0,0]' })
        .expect(200);
      return Number(/\/(\d+)$/.exec(res.headers['content-range'])?.[1]);
    };
    const registered = await total('registered');
    const formSent = await total('form_sent');
    expect(await total('registered')).toBe(registered);

    const { body: sub } = await agent
      .post('/api/subscriptions')
      .send({ customer_id: 7, product_id: 1, signed_on: '2025-06-01', binding_months: 0, with_stickers: false })
      .expect(201);
    const { body: cancellation } = await agent
      .post('/api/cancellations')
      .send({ subscription_id: sub.id, requested_on: TEST_TODAY, channel: 'phone', reason: 'price' })
      .expect(201);
    expect(await total('registered')).toBe(registered + 1);

    await agent.put(`/api/cancellations/${cancellation.id}`).send({ status: 'form_sent', version: cancellation.version }).expect(200);
    expect(await total('registered')).toBe(registered);
    expect(await total('form_sent')).toBe(formSent + 1);
  });
});
