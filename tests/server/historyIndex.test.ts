import type { Knex } from 'knex';
import { HISTORY_CHANGES_CONDITION } from '../../migrations/20261128000000_history_index';
import { refreshPlannerStatistics } from '../../server/src/db/knex';
import { CHANGES_ONLY } from '../../server/src/services/auditEvents';
import { useTestEnv } from '../support/testApp';

/**
 * A customer's history without the views reads the partial index of changes (migration
 * 20261128000000), not every view of the customer: the list's filter says exactly what the index's condition
 * says, the plan uses it, and the tab counts come from indexes. The statistics the planner relies on are
 * refreshed by a job (`refreshPlannerStatistics`). Plans are checked on SQLite; the answers on both databases.
 */
const env = useTestEnv({ customers: 10 });
const onSqlite = process.env.DATABASE_URL ? test.skip : test;
const CUSTOMER = 4;

async function addEvents(customerId: number, views: number, changes: number) {
  const row = (action: string, i: number) => ({
    at: new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString(),
    actor: 'agent',
    action,
    entity: 'customers',
    entity_id: String(customerId),
    customer_id: customerId,
    changes: '{}',
    request_id: `hist-${action}-${i}`,
  });
  const rows = [
    ...Array.from({ length: views }, (_, i) => row('view', i)),
    ...Array.from({ length: changes }, (_, i) => row('update', views + i)),
  ];
  for (let i = 0; i < rows.length; i += 100) await env.db('audit_events').insert(rows.slice(i, i + 100));
}

test("the list's filter is the index's condition, word for word", () => {
  expect(CHANGES_ONLY).toBe(HISTORY_CHANGES_CONDITION);
});

test('the history tab lists the changes apart from many views, and the tab counts both', async () => {
  const agent = await env.as('agent');
  const before = (await agent.get(`/api/customers/${CUSTOMER}/counts`).expect(200)).body as { changes: number; views: number };
  await addEvents(CUSTOMER, 400, 3);
  const changes = await agent
    .get(
      `/api/audit_events?filter=${encodeURIComponent(JSON.stringify({ customer_id: CUSTOMER, views: false }))}&sort=["id","DESC"]&range=[0,49]`,
    )
    .expect(200);
  expect(changes.body.every((e: { action: string }) => e.action !== 'view' && e.action !== 'export')).toBe(true);
  expect(changes.body.slice(0, 3).map((e: { request_id: string }) => e.request_id)).toEqual([
    'hist-update-402',
    'hist-update-401',
    'hist-update-400',
  ]);
  const views = await agent
    .get(
      `/api/audit_events?filter=${encodeURIComponent(JSON.stringify({ customer_id: CUSTOMER, views: true }))}&sort=["id","DESC"]&range=[0,9]`,
    )
    .expect(200);
  expect(views.body.map((e: { action: string }) => e.action)).toEqual(Array(10).fill('view'));
  const after = (await agent.get(`/api/customers/${CUSTOMER}/counts`).expect(200)).body as { changes: number; views: number };
  expect(after.changes).toBe(before.changes + 3);
  expect(after.views).toBe(before.views + 400);
});

onSqlite('SQLite plans the changes through the partial index once the statistics are fresh, with no sort', async () => {
  await addEvents(CUSTOMER + 1, 2000, 5);
  await refreshPlannerStatistics(env.db);
  const sql = env
    .db('audit_events')
    .where({ customer_id: CUSTOMER + 1 })
    .whereRaw(CHANGES_ONLY)
    .orderBy('id', 'desc')
    .limit(50)
    .toSQL()
    .toNative();
  const plan = (await env.db.raw(`EXPLAIN QUERY PLAN ${sql.sql}`, sql.bindings as readonly Knex.RawBinding[])) as Array<{ detail: string }>;
  const details = plan.map((p) => p.detail).join('\n');
  expect(details).toContain('audit_events_changes_index');
  expect(details).not.toContain('TEMP B-TREE');
});

onSqlite('the statistics job re-analyses a table that has grown since it was analysed', async () => {
  await env.db.transaction((trx) => trx.raw('ANALYZE notes'));
  const rowsIn = async () =>
    Number(((await env.db('sqlite_stat1').where({ tbl: 'notes' }).first('stat')) as { stat: string }).stat.split(' ')[0]);
  const analysedAt = await rowsIn();
  const notes = Array.from({ length: Math.max(2000, analysedAt * 30) }, (_, i) => ({
    customer_id: 1,
    body: `anteckning ${i}`,
    created_by: 'agent',
    created_at: new Date().toISOString(),
  }));
  for (let i = 0; i < notes.length; i += 200) await env.db('notes').insert(notes.slice(i, i + 200));
  await refreshPlannerStatistics(env.db);
  expect(await rowsIn()).toBeGreaterThan(analysedAt + 1000);
});
