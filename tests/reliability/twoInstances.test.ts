import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { openDb } from '../../server/src/db/knex';
import { DAILY_JOBS } from '../../server/src/jobs/schedule';
import { customersToInvoice, invoicesLeftToIssue, runInvoicing } from '../../server/src/services/invoicing';
import {
  apiClient,
  type ApiRecord,
  listQuery,
  loginCookie,
  ROOT,
  SERVER_TODAY,
  type ServerProcess,
  startServerProcess,
} from '../support/serverProcess';

/**
 * Two API processes on one PostgreSQL database: sessions, the version rule and the daily jobs must hold
 * across instances. Runs under `bash scripts/with-postgres.sh npm run test:reliability`.
 */

// Two instances share a database only on PostgreSQL (SQLite is one file for one process), so without
// DATABASE_URL there is nothing to test here and the suite is skipped.
const describeOnPostgres = process.env.DATABASE_URL ? describe : describe.skip;

type Api = ReturnType<typeof apiClient>;

/** Runs `npm run jobs`'s script for the given day; answers its exit code and output. */
function runJobsProcess(databaseUrl: string, today: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/jobs.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, TODAY: today },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** What the jobs must do on `day`: the open cancellations and notices past their end, the interval changes due. */
async function dueOn(db: Knex, day: string) {
  const cancellations = (
    await db('cancellations').whereIn('status', ['registered', 'form_sent', 'confirmed']).andWhere('ends_on', '<', day).pluck('id')
  ).map(Number);
  const subscriptions = (await db('subscriptions').where({ status: 'notice_given' }).andWhere('ends_on', '<', day).pluck('id')).map(Number);
  const intervalChanges = await db('billing_changes')
    .where({ kind: 'invoice_interval' })
    .whereNull('applied_on')
    .andWhere('effective_on', '<=', day)
    .select('id', 'customer_id', 'to_interval');
  return { cancellations, subscriptions, intervalChanges };
}

/** The jobs did each piece of work once: done, and audited exactly once by that day's run. */
async function expectDoneOnce(db: Knex, day: string, due: Awaited<ReturnType<typeof dueOn>>) {
  const audits = async (entity: string, requestId: string) => {
    const rows = await db('audit_events').where({ entity, request_id: requestId }).select('entity_id');
    return rows.map((r) => Number(r.entity_id)).sort((a, b) => a - b);
  };
  const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
  const cancelled = await db('cancellations').whereIn('id', due.cancellations).select('status');
  expect(cancelled.every((c) => c.status === 'completed')).toBe(true);
  expect(await audits('cancellations', `job-cancellations-${day}`)).toEqual(sorted(due.cancellations));
  const ended = await db('subscriptions').whereIn('id', due.subscriptions).select('status');
  expect(ended.every((s) => s.status === 'ended')).toBe(true);
  expect(await audits('subscriptions', `job-cancellations-${day}`)).toEqual(sorted(due.subscriptions));
  const applied = await db('billing_changes')
    .whereIn(
      'id',
      due.intervalChanges.map((c) => c.id),
    )
    .whereNotNull('applied_on')
    .count({ n: '*' })
    .first();
  expect(Number(applied!.n)).toBe(due.intervalChanges.length);
  // One pending change per customer at most, so one customer audit per applied change.
  expect(await audits('customers', `job:invoice-interval:${day}`)).toEqual(sorted(due.intervalChanges.map((c) => Number(c.customer_id))));
  for (const c of due.intervalChanges) {
    expect((await db('customers').where({ id: c.customer_id }).first())!.invoice_interval).toBe(c.to_interval);
  }
}

describeOnPostgres('two API instances on one PostgreSQL database', () => {
  const database = `reliability_${randomBytes(5).toString('hex')}`;
  let admin: Knex;
  let db: Knex;
  let url: string;
  let a: ServerProcess;
  let b: ServerProcess;
  let agentA: Api;
  let supervisorB: Api;

  beforeAll(async () => {
    admin = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE DATABASE "${database}"`);
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${database}`;
    url = u.toString();
    // At the same moment on an empty database, as a rolling deploy starts them: the start-up lock makes the
    // second wait while the first migrates and seeds, then it finds the database ready and seeds nothing.
    [a, b] = await Promise.all([startServerProcess({ databaseUrl: url }), startServerProcess({ databaseUrl: url })]);
    db = openDb({ databaseUrl: url });
    agentA = apiClient(a.url, await loginCookie(a.url, 'agent'));
    supervisorB = apiClient(b.url, await loginCookie(b.url, 'supervisor'));
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.destroy();
    if (admin) {
      await admin.raw(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.destroy();
    }
    for (const s of [a, b]) if (s && /"level":"error"|Error/.test(s.log())) console.log(s.log());
  });

  test('two instances started at the same moment on an empty database: both serve, the schema and the demo data exist once', async () => {
    const count = async (table: string, where: Record<string, unknown> = {}) =>
      Number((await db(table).where(where).count({ n: '*' }).first())!.n);
    expect(await count('users')).toBe(3);
    // The demo's products (with the family products of the people seed), each once.
    const products = await db('products').select('code');
    expect(products.length).toBeGreaterThanOrEqual(3);
    expect(new Set(products.map((p) => p.code)).size).toBe(products.length);
    const customers = await count('customers');
    expect(customers).toBeGreaterThan(100);
    // Every customer was created once, by one seeding run.
    expect(await count('audit_events', { entity: 'customers', action: 'create' })).toBe(customers);
    const migrations = await db('knex_migrations').select('name');
    expect(new Set(migrations.map((m) => m.name)).size).toBe(migrations.length);
    const seededBy = [a, b].filter((s) => s.log().includes('Seeded demo data'));
    expect(seededBy).toHaveLength(1);
    for (const s of [a, b]) {
      expect(s.log()).not.toMatch(/"level":"error"|already locked|Error:/);
      expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    }
    console.log(`two instances started at once on an empty database: ${customers} customers seeded once, by one of them`);
  });

  test('a session made on one instance works on the other, and a logout on one ends it on both', async () => {
    const cookie = await loginCookie(a.url, 'agent');
    const onB = apiClient(b.url, cookie);
    const me = await onB('GET', '/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('agent');
    expect((await onB('GET', `/customers/1`)).status).toBe(200);
    expect((await onB('POST', '/auth/logout')).status).toBe(200);
    expect((await apiClient(a.url, cookie)('GET', '/auth/me')).status).toBe(401);
  });

  test('concurrent edits through both instances keep the version rule: one 200, one 409, no lost field', async () => {
    for (const id of [11, 12, 13, 14, 15]) {
      const [fromA, fromB] = await Promise.all([agentA('GET', `/customers/${id}`), supervisorB('GET', `/customers/${id}`)]);
      expect(fromA.body.version).toBe(fromB.body.version);
      const version = fromA.body.version;
      const [resA, resB] = await Promise.all([
        agentA('PUT', `/customers/${id}`, { street: `Instansgatan ${id}`, version }),
        supervisorB('PUT', `/customers/${id}`, { city: 'Instansby', version }),
      ]);
      expect([resA.status, resB.status].sort()).toEqual([200, 409]);
      const row = await db('customers').where({ id }).first();
      expect(row!.version).toBe(version + 1);
      if (resA.status === 200) expect(row).toMatchObject({ street: `Instansgatan ${id}`, city: fromA.body.city });
      else expect(row).toMatchObject({ street: fromA.body.street, city: 'Instansby' });
    }
  });

  test('20 registrations of one cancellation through both instances: exactly one 201', async () => {
    const [sub] = (await agentA('GET', `/subscriptions${listQuery({ status: 'active' }, [0, 0])}`)).body;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? agentA : supervisorB)('POST', '/cancellations', {
          subscription_id: sub.id,
          requested_on: SERVER_TODAY,
          channel: 'phone',
          reason: 'price',
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  });

  test('two API instances starting on a new invoicing day both run the invoicing run: every due invoice issued once', async () => {
    const day = '2026-12-01';
    const due = await customersToInvoice(db, day);
    const expected = await invoicesLeftToIssue(db, day);
    expect(expected).toBeGreaterThan(50);
    // Both start at the same moment with TODAY on the 1st; each runs the daily jobs, the invoicing run included, at start.
    const [c, d] = await Promise.all([
      startServerProcess({ databaseUrl: url, env: { TODAY: day } }),
      startServerProcess({ databaseUrl: url, env: { TODAY: day } }),
    ]);
    try {
      // The runs go on after the servers answer: wait until nothing is left to issue for that day.
      const deadline = Date.now() + 120_000;
      while ((await invoicesLeftToIssue(db, day)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    } finally {
      await Promise.all([c.stop(), d.stop()]);
    }
    for (const s of [c, d]) expect(s.log()).not.toMatch(/"level":"error"/);
    // Nothing left to issue: a third run on that day issues nothing.
    expect((await runInvoicing(db, day)).invoices).toBe(0);
    const issued = await db('invoices').where({ kind: 'invoice', issued_on: day }).select('id', 'customer_id');
    expect(issued.length).toBe(expected);
    // One invoice per customer and day, each audited exactly once.
    expect(new Set(issued.map((i) => i.customer_id)).size).toBe(issued.length);
    const audits = await db('audit_events')
      .where({ entity: 'invoices', action: 'create' })
      .whereIn(
        'entity_id',
        issued.map((i) => String(i.id)),
      )
      .select('entity_id');
    expect(audits.length).toBe(issued.length);
    console.log(`two instances on ${day}: ${issued.length} invoices for ${due.length} customers due, each issued and audited once`);
  });

  /** Due work for the jobs, made through both instances: notices on active subscriptions and interval changes. */
  async function makeDueWork(offset: number) {
    const active = (await agentA('GET', `/subscriptions${listQuery({ status: 'active' }, [offset, offset + 39])}`)).body as Array<{
      id: number;
    }>;
    for (const [i, s] of active.entries()) {
      const res = await (i % 2 ? agentA : supervisorB)('POST', '/cancellations', {
        subscription_id: s.id,
        requested_on: SERVER_TODAY,
        channel: 'letter',
        reason: 'not_needed',
      });
      expect([201, 409]).toContain(res.status);
    }
    // Lists answer no contract fields: the monthly customers by the list's filter, each switched to annual.
    const customers: ApiRecord[] = (await agentA('GET', `/customers${listQuery({ invoice_interval: 'monthly' }, [offset, offset + 29])}`))
      .body;
    for (const [i, c] of customers.entries()) {
      const res = await (i % 2 ? agentA : supervisorB)('POST', '/billing_changes', {
        kind: 'invoice_interval',
        customer_id: c.id,
        to_interval: 'annual',
      });
      expect([201, 409]).toContain(res.status);
    }
  }

  test('`npm run jobs` on both at once: each due cancellation and interval change is done and audited once', async () => {
    await makeDueWork(0);
    const day = '2031-01-01';
    const due = await dueOn(db, day);
    expect(due.cancellations.length).toBeGreaterThan(10);
    expect(due.intervalChanges.length).toBeGreaterThan(5);
    const [one, two] = await Promise.all([runJobsProcess(url, day), runJobsProcess(url, day)]);
    expect(one.output).not.toMatch(/error/i);
    expect(two.output).not.toMatch(/error/i);
    expect([one.code, two.code]).toEqual([0, 0]);
    // Between them the two runs report each piece of work once.
    const reported = (out: string) => JSON.parse(out.match(/^cancellations: .*?: (\{.*\})$/m)![1]).cancellations as number;
    expect(reported(one.output) + reported(two.output)).toBe(due.cancellations.length);
    await expectDoneOnce(db, day, due);
    console.log(
      `two jobs processes on ${day}: ${due.cancellations.length} cancellations, ${due.subscriptions.length} subscriptions, ${due.intervalChanges.length} interval changes, each done once (runs reported ${reported(one.output)} + ${reported(two.output)})`,
    );
  });

  test('the daily jobs run at the same moment from two connection pools do the work once', async () => {
    await makeDueWork(40);
    const day = '2031-06-01';
    const due = await dueOn(db, day);
    expect(due.cancellations.length).toBeGreaterThan(10);
    const other = openDb({ databaseUrl: url });
    try {
      // Each job started at the same moment on both pools, so their transactions overlap.
      for (const job of DAILY_JOBS) await Promise.all([job.run(db, day), job.run(other, day)]);
    } finally {
      await other.destroy();
    }
    await expectDoneOnce(db, day, due);
  });
});
