import { billingChangesListing } from '../../server/src/services/billing';
import { blocksListing } from '../../server/src/services/blocks';
import { cancellationsListing } from '../../server/src/services/cancellations';
import { invoicesListing } from '../../server/src/services/invoices';
import { type AnyResourceDescription, asStored, jsonPageOf, type ListQuery, pageOf } from '../../server/src/services/listing';
import { notesListing } from '../../server/src/services/notes';
import { productsListing } from '../../server/src/services/products';
import { useTestEnv } from '../support/testApp';

/**
 * A list whose rows are answered as stored is written as JSON by SQLite itself (`jsonPageOf`). Its answer
 * must be the very text `JSON.stringify` writes of the rows read one by one: same keys in the same order,
 * same values and types, same page and total, for every sort, direction, range and filter. On PostgreSQL
 * (`npm run test:pg`) both are the rows read and stringified, and the same expectations hold.
 */
const env = useTestEnv();

const LISTS = [notesListing, billingChangesListing, cancellationsListing, productsListing, invoicesListing, blocksListing].map(
  (d) => d as unknown as AnyResourceDescription,
);

/** Sorts, ranges and filters worth comparing for a list. */
function queries(desc: AnyResourceDescription): ListQuery[] {
  const out: ListQuery[] = [];
  for (const field of desc.sortable)
    for (const order of ['ASC', 'DESC'] as const) {
      out.push({ sort: [field, order], range: [0, 24], filter: {} });
      out.push({ sort: [field, order], range: [3, 9], filter: {} });
    }
  out.push({ sort: [...desc.defaultSort], range: [100_000, 100_009], filter: {} });
  // getMany: a list of ids, its number changing from query to query (each number is a written shape of its own).
  for (const ids of [[3, 1, 2], [2], [1, 999_999], [4, 3, 2, 1]])
    out.push({ sort: [...desc.defaultSort], range: [0, 24], filter: { id: ids } });
  if ('customer_id' in desc.filters) {
    out.push({ sort: [...desc.defaultSort], range: [0, 24], filter: { customer_id: 3 } });
    out.push({ sort: [...desc.defaultSort], range: [0, 24], filter: { customer_id: 999_999 } });
  }
  return out;
}

describe('a page answered as stored', () => {
  test('every such list is one that answers its rows as stored', () => {
    for (const desc of LISTS) expect(desc.toApi).toBe(asStored);
  });

  test.each(LISTS.map((d) => [d.name, d] as const))('%s: the JSON SQLite writes is the rows stringified', async (_name, desc) => {
    const ctx = env.ctx();
    const cases = queries(desc);
    expect(cases.length).toBeGreaterThan(4);
    for (const q of cases) {
      const rows = await pageOf(desc, ctx, q);
      const page = await jsonPageOf(desc, ctx, q);
      expect({ q, json: page.json }).toEqual({ q, json: JSON.stringify(rows.rows) });
      expect({ count: page.count, total: page.total, start: page.start }).toEqual({
        count: rows.rows.length,
        total: rows.total,
        start: rows.start,
      });
    }
  });

  test('text that needs escaping comes out as JSON.stringify writes it', async () => {
    const body = 'Citat "så här", snedstreck \\ och /, rad\nny rad\ttab, \u0001 kontroll, emoji 🛡️, \u2028 radavgränsare';
    await env.db('notes').insert({ customer_id: 5, body, created_by: 'test', created_at: '2026-11-25T10:00:00.000Z' });
    const q: ListQuery = { sort: ['id', 'DESC'], range: [0, 0], filter: { customer_id: 5 } };
    const page = await jsonPageOf(notesListing as unknown as AnyResourceDescription, env.ctx(), q);
    expect(page.json).toBe(JSON.stringify((await pageOf(notesListing, env.ctx(), q)).rows));
    expect(JSON.parse(page.json)[0].body).toBe(body);
  });

  test('through the API: the page, its Content-Range and its content type', async () => {
    const supervisor = await env.as('supervisor');
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => statements.push(q.sql);
    env.db.on('query', onQuery);
    const res = await supervisor
      .get('/api/cancellations')
      .query({ sort: '["ends_on","ASC"]', range: '[0,4]', filter: '{}' })
      .expect(200)
      .expect('Content-Type', 'application/json; charset=utf-8');
    env.db.off('query', onQuery);
    // On SQLite the page was written by SQLite; PostgreSQL reads the rows.
    expect(statements.some((sql) => sql.includes('json_group_array'))).toBe(!process.env.DATABASE_URL);
    const all = await env.db('cancellations').orderBy('ends_on').orderBy('id').limit(5);
    expect(res.body).toEqual(all);
    const total = Number((await env.db('cancellations').count({ c: '*' }).first())?.c);
    expect(res.headers['content-range']).toBe(`cancellations 0-4/${total}`);
  });
});
