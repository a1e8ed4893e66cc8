import type { Knex } from 'knex';
import { isPostgres, runWritten } from '../../server/src/db/knex';
import { auditEventsListing, CHANGES_ONLY, VIEW_ACTIONS } from '../../server/src/services/auditEvents';
import { notesListing } from '../../server/src/services/notes';
import { pageOf } from '../../server/src/services/listing';
import { useTestEnv } from '../support/testApp';

/**
 * `runWritten` builds a read once per key with stand-ins for its values and from then on binds each request's
 * values into that SQL (on SQLite; PostgreSQL builds the query every time). What must hold: every value lands
 * where knex would have bound it, also among constants knex binds itself; a later call with other values
 * answers for those values; and the answer is the query's as built.
 */
const env = useTestEnv();

let keys = 0;
/** A key of its own per test: the written SQL is kept per database handle. */
const freshKey = () => `runWritten test ${++keys}`;

/** The customers' ids in a range around a name, with constants bound by knex before, between and after the values. */
const around = (db: Knex) => (slot: (i: number) => Knex.Value) =>
  db('customers')
    .select('id', db.raw('? AS tag', ['before']))
    .where('id', '>=', slot(0))
    .whereNot('last_name', 'Ingen sådan')
    .where('id', '<=', slot(1))
    .whereIn('id', db('customers').select('id').where('id', '<>', slot(2)))
    .orderBy('id')
    .limit(50);

describe('a read written once', () => {
  test.each([
    [[1, 10, 5]],
    [[3, 4, 99]],
    [[2, 40, 2]],
    [[50, 1, 7]], // an empty range
  ])('values %j land where knex binds them, among its constants', async (values) => {
    const key = freshKey();
    // The first call writes the SQL (with other values), the second binds these into it.
    await runWritten(env.db, key, [1, 2, 3], around(env.db));
    const written = await runWritten<{ id: number; tag: string }>(env.db, key, values, around(env.db));
    const built = await around(env.db)((i) => values[i]);
    expect(written).toEqual(built);
    expect(written.every((r) => r.tag === 'before' && r.id !== values[2])).toBe(true);
  });

  test('a value written into the SQL instead of bound is refused on SQLite, not run with the first request’s value', async () => {
    const inlined = (slot: (i: number) => Knex.Value) =>
      env
        .db('customers')
        .select('id')
        .whereRaw(`id = ${Number.isNaN(Number(slot(0))) ? 0 : 1}`);
    const unused = (_slot: (i: number) => Knex.Value) => env.db('customers').select('id').where('id', 1);
    if (isPostgres(env.db)) {
      expect(await runWritten(env.db, freshKey(), [1], unused)).toEqual([{ id: 1 }]);
      return;
    }
    await expect(runWritten(env.db, freshKey(), [1], inlined)).rejects.toThrow(/not a binding/);
    await expect(runWritten(env.db, freshKey(), [1], unused)).rejects.toThrow(/not a binding/);
  });

  test('on SQLite the query is built once per key; PostgreSQL builds it every time', async () => {
    const key = freshKey();
    let builds = 0;
    const counted = (slot: (i: number) => Knex.Value) => {
      builds++;
      return env.db('customers').select('id').where('id', slot(0));
    };
    for (const id of [1, 2, 3]) expect(await runWritten<{ id: number }>(env.db, key, [id], counted)).toEqual([{ id }]);
    expect(builds).toBe(isPostgres(env.db) ? 3 : 1);
  });

  test('in a transaction the query is built with the values and sees the transaction’s own writes', async () => {
    const key = freshKey();
    const read = (db: Knex) => (slot: (i: number) => Knex.Value) => db('notes').select('body').where('body', slot(0));
    await env.db
      .transaction(async (trx) => {
        await trx('notes').insert({
          customer_id: 1,
          body: 'Skriven i transaktionen',
          created_by: 'agent',
          created_at: new Date().toISOString(),
        });
        expect(await runWritten(trx, key, ['Skriven i transaktionen'], read(trx))).toEqual([{ body: 'Skriven i transaktionen' }]);
        throw new Error('roll back');
      })
      .catch((err: Error) => expect(err.message).toBe('roll back'));
    expect(await runWritten(env.db, key, ['Skriven i transaktionen'], read(env.db))).toEqual([]);
  });

  test('a list filtered by plain equalities answers the rows of the query built with its values', async () => {
    const ctx = { db: env.db, actor: 'agent', role: 'agent' as const, requestId: 't', today: '2026-11-25' };
    for (const customerId of [1, 2, 3, 1]) {
      const page = await pageOf(notesListing, ctx, { sort: ['id', 'DESC'], range: [0, 4], filter: { customer_id: customerId } });
      const rows = await env.db('notes').where('customer_id', customerId).orderBy('id', 'desc').limit(5);
      expect(page.rows).toEqual(rows);
      expect(page.total).toBe(Number((await env.db('notes').where('customer_id', customerId).count({ n: '*' }).first())?.n));
    }
  });

  test('getMany (a list of ids) answers those rows, whatever the number of ids one request after another', async () => {
    const ctx = { db: env.db, actor: 'agent', role: 'agent' as const, requestId: 't', today: '2026-11-25' };
    const ids = (await env.db('notes').orderBy('id').limit(6).pluck('id')) as number[];
    expect(ids.length).toBe(6);
    // Lengths and values change between calls: each length is a shape of its own, each id bound.
    for (const wanted of [ids.slice(0, 3), [ids[5]], ids.slice(1, 4), ids.slice(2, 6), [ids[0], 999_999], ids.slice(3, 6)]) {
      const page = await pageOf(notesListing, ctx, { sort: ['id', 'ASC'], range: [0, 24], filter: { id: wanted } });
      expect(page.rows.map((r) => r.id)).toEqual(wanted.filter((id) => ids.includes(id)).sort((a, b) => a - b));
      expect(page.total).toBe(page.rows.length);
    }
  });

  test('the history, changes apart from views, answers per value of `views` the rows of the query built for it', async () => {
    const ctx = { db: env.db, actor: 'supervisor', role: 'supervisor' as const, requestId: 't', today: '2026-11-25' };
    const customerId = Number((await env.db('audit_events').whereNotNull('customer_id').first('customer_id'))?.customer_id);
    await env.db('audit_events').insert({
      at: new Date().toISOString(),
      actor: 'agent',
      action: 'view',
      entity: 'customers',
      entity_id: String(customerId),
      customer_id: customerId,
      changes: '{}',
    });
    for (const views of [false, true, false, true]) {
      const page = await pageOf(auditEventsListing, ctx, {
        sort: ['id', 'DESC'],
        range: [0, 49],
        filter: { customer_id: customerId, views },
      });
      const built = env.db('audit_events').where('customer_id', customerId).orderBy('id', 'desc').limit(50);
      const rows = await (views ? built.whereIn('action', VIEW_ACTIONS) : built.whereRaw(CHANGES_ONLY));
      expect(rows.length).toBeGreaterThan(0);
      expect(page.rows.map((r) => r.id)).toEqual(rows.map((r) => r.id));
      expect(page.rows.every((r) => VIEW_ACTIONS.includes(r.action as (typeof VIEW_ACTIONS)[number]) === views)).toBe(true);
    }
  });

  test('a full page’s total is the count of the written query, and follows a write', async () => {
    const ctx = { db: env.db, actor: 'agent', role: 'agent' as const, requestId: 't', today: '2026-11-25' };
    const customerId = 2;
    const note = () =>
      env.db.transaction((trx) =>
        trx('notes').insert({ customer_id: customerId, body: 'En anteckning', created_by: 'agent', created_at: new Date().toISOString() }),
      );
    await note();
    await note();
    const counted = async () => Number((await env.db('notes').where('customer_id', customerId).count({ n: '*' }).first())?.n);
    const total = async () =>
      (await pageOf(notesListing, ctx, { sort: ['id', 'DESC'], range: [0, 0], filter: { customer_id: customerId } })).total;
    const before = await counted();
    expect(before).toBeGreaterThanOrEqual(2);
    expect(await total()).toBe(before);
    await note();
    expect(await total()).toBe(before + 1);
  });
});
