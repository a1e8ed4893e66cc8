import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { databaseBusy } from '../../server/src/core/dbErrors';
import { HttpError } from '../../server/src/core/errors';
import { errorMiddleware } from '../../server/src/http/errors';
import { SQLITE_BUSY_TIMEOUT_MS } from '../../server/src/db/knex';
import { clock } from '../../server/src/services/sessions';
import { PASSWORD, useTestEnv } from '../support/testApp';

/**
 * Writes never answer 500 SQLITE_BUSY. Another process holding SQLite's write lock (a backup, `npm run
 * jobs`, the sqlite3 shell) — here a child process that runs `BEGIN IMMEDIATE` on the same file and
 * sleeps — makes our write transactions wait (BEGIN IMMEDIATE, so busy_timeout applies) and succeed, or
 * after the timeout answer 503 with Retry-After. The figures go to RELIABILITY.md.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const onSqlite = process.env.DATABASE_URL ? describe.skip : describe;
const env = useTestEnv({ customers: 30 });

/** A second process that takes the write lock on `file`, holds it `ms`, then commits; resolves once it holds it. */
async function holdWriteLock(file: string, ms: number): Promise<{ released: Promise<void>; child: ChildProcess }> {
  const script = `
    const sqlite3 = require('sqlite3');
    const db = new sqlite3.Database(${JSON.stringify(file)});
    db.exec('PRAGMA busy_timeout = 10000; BEGIN IMMEDIATE; INSERT INTO login_failures (username, ip, at) VALUES (\\'lock-holder\\', \\'-\\', \\'-\\');', (err) => {
      if (err) { console.error(err.message); process.exit(1); }
      console.log('locked');
      setTimeout(() => db.exec('COMMIT', () => db.close(() => process.exit(0))), ${ms});
    });`;
  const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const released = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('locked') && resolve());
    child.stderr!.on('data', (d) => reject(new Error(String(d))));
    child.once('exit', (code) => code !== 0 && reject(new Error(`lock holder exited with ${code}`)));
  });
  return { released, child };
}

type Client = Awaited<ReturnType<typeof env.as>>;

/** The records the mix edits, read before the lock is taken. */
async function recordsToEdit(supervisor: Client) {
  return Promise.all([11, 12, 13].map(async (id) => (await supervisor.get(`/api/customers/${id}`).expect(200)).body));
}

/** A mix of writes during the lock: notes, audited record views, edits, a login, a session touch; plain reads too. */
async function mixedRequests(agent: Client, supervisor: Client, records: Array<{ id: number; version: number }>) {
  const started = Date.now();
  const timed = async (name: string, send: () => Promise<request.Response>) => {
    const res = await send();
    return { name, status: res.status, retryAfter: res.headers['retry-after'], ms: Date.now() - started };
  };
  const calls = [
    ...Array.from({ length: 8 }, (_, i) =>
      timed('note', () => agent.post('/api/notes').send({ customer_id: 1 + i, body: `under låset ${i}` })),
    ),
    ...Array.from({ length: 8 }, (_, i) => timed('view', () => agent.get(`/api/customers/${2 + i}`))),
    ...records.map((r) => timed('edit', () => supervisor.put(`/api/customers/${r.id}`).send({ version: r.version, city: 'Låsby' }))),
    timed('login', () => request(env.app).post('/api/auth/login').send({ username: 'admin', password: PASSWORD })),
    timed('read', () => agent.get('/api/notes').query({ filter: JSON.stringify({ customer_id: 1 }) })),
  ];
  return Promise.all(calls);
}

onSqlite('another process holds the SQLite write lock', () => {
  let dbFile: string;
  beforeAll(() => {
    dbFile = (env.db.client.config.connection as { filename: string }).filename;
  });

  test('held 1 s: every request waits and succeeds — no 500, no 503', async () => {
    const agent = await env.as('agent');
    const supervisor = await env.as('supervisor');
    const records = await recordsToEdit(supervisor);
    const lock = await holdWriteLock(dbFile, 1000);
    const results = await mixedRequests(agent, supervisor, records);
    await lock.released;
    const statuses = results.map((r) => r.status);
    const slowest = Math.max(...results.filter((r) => r.name !== 'read').map((r) => r.ms));
    const read = results.find((r) => r.name === 'read')!;
    console.log(
      `lock held 1 s: ${results.length} requests, statuses ${JSON.stringify(count(statuses))}, slowest write ${slowest} ms, plain read ${read.ms} ms`,
    );
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => s === 200 || s === 201)).toBe(true);
    expect(slowest).toBeGreaterThanOrEqual(800);
  }, 60_000);

  test(`held 7 s (past the ${SQLITE_BUSY_TIMEOUT_MS / 1000} s busy timeout): writes answer 503 with Retry-After or succeed after waiting, reads go on — no 500`, async () => {
    const agent = await env.as('agent');
    const supervisor = await env.as('supervisor');
    const records = await recordsToEdit(supervisor);
    const lock = await holdWriteLock(dbFile, 7000);
    const results = await mixedRequests(agent, supervisor, records);
    // A session that wants its last-seen time touched while the lock is held still answers.
    clock.now = () => Date.now() + 5 * 60_000;
    const me = await agent.get('/api/auth/me');
    clock.now = () => Date.now();
    await lock.released;
    const statuses = results.map((r) => r.status);
    console.log(
      `lock held 7 s: ${results.length} requests, statuses ${JSON.stringify(count(statuses))}, ` +
        `503s answered after ${results
          .filter((r) => r.status === 503)
          .map((r) => r.ms)
          .sort((a, b) => a - b)
          .join(', ')} ms`,
    );
    expect(statuses.filter((s) => s === 500)).toEqual([]);
    for (const r of results) {
      expect({ name: r.name, ok: [200, 201, 503].includes(r.status) }).toEqual({ name: r.name, ok: true });
      if (r.status === 503) expect(r.retryAfter).toBe('2');
    }
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(results.find((r) => r.name === 'read')!.status).toBe(200);
    expect(me.status).toBe(200);
    // Afterwards everything works again.
    await agent.post('/api/notes').send({ customer_id: 1, body: 'efter låset' }).expect(201);
  }, 60_000);

  test('the audited record view under concurrent load: 200 views and 50 notes at once, every one answered, every view audited', async () => {
    const agent = await env.as('agent');
    const before = Number((await env.db('audit_events').where({ action: 'view' }).count({ n: '*' }).first())!.n);
    const views = Array.from({ length: 200 }, (_, i) => agent.get(`/api/customers/${1 + (i % 30)}`));
    const notes = Array.from({ length: 50 }, (_, i) => agent.post('/api/notes').send({ customer_id: 1 + (i % 30), body: `last ${i}` }));
    const statuses = (await Promise.all([...views, ...notes])).map((r) => r.status);
    console.log(`200 audited views + 50 notes at once: statuses ${JSON.stringify(count(statuses))}`);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.slice(0, 200).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(200).every((s) => s === 201)).toBe(true);
    const after = Number((await env.db('audit_events').where({ action: 'view' }).count({ n: '*' }).first())!.n);
    expect(after - before).toBe(200);
  }, 120_000);
});

describe('busy databases are a 503, never a 500', () => {
  test.each([
    ['SQLite busy', Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' })],
    ['SQLite locked', Object.assign(new Error('SQLITE_LOCKED: database table is locked'), { code: 'SQLITE_LOCKED' })],
    ['a knex-wrapped SQLite busy', new Error('insert into "notes" … - SQLITE_BUSY: database is locked')],
    ['PostgreSQL serialization failure', Object.assign(new Error('could not serialize access'), { code: '40001' })],
    ['PostgreSQL deadlock', Object.assign(new Error('deadlock detected'), { code: '40P01' })],
    ['PostgreSQL lock timeout', Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' })],
    ['PostgreSQL statement timeout', Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })],
    ['no free connection in the pool', Object.assign(new Error('Knex: Timeout acquiring a connection'), { name: 'KnexTimeoutError' })],
  ])('%s → 503 with Retry-After', (_what, err) => {
    expect(databaseBusy(err)).toBe(true);
    const logged: unknown[] = [];
    const res = fakeResponse();
    errorMiddleware((line) => logged.push(line))(err, { id: 'r1', method: 'POST' } as never, res as never, () => undefined);
    expect(res.statusCode).toBe(503);
    expect(res.headers['Retry-After']).toBe('2');
    expect(res.body).toEqual({ message: expect.stringMatching(/upptagen/), errors: {} });
    expect(logged).toEqual([]);
  });

  test('other errors are not mistaken for a busy database', () => {
    for (const err of [new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed'), { code: '23505' }, null, 'x', new HttpError(409, 'x')]) {
      expect(databaseBusy(err)).toBe(false);
    }
  });
});

function count(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

function fakeResponse() {
  const res = {
    statusCode: 200,
    headers: {} as Record<string, string>,
    body: undefined as unknown,
    locals: {},
    set(h: Record<string, string>) {
      Object.assign(res.headers, h);
      return res;
    },
    status(code: number) {
      res.statusCode = code;
      return res;
    },
    json(body: unknown) {
      res.body = body;
      return res;
    },
  };
  return res;
}

onSqlite("SQLite's writer connection always finds a thread", () => {
  test('plain writes on every read connection wait for the transaction holding the lock, which gets to its commit', async () => {
    const readConnections = (env.db.client as { pool: { max: number } }).pool.max;
    let plain: Array<Promise<string>> = [];
    await env.db.transaction(async (trx) => {
      await trx('login_failures').insert({ username: 'writer', ip: '-', at: '-' });
      // Every read connection now wants the write lock and waits for it in SQLite's busy handler, asleep on
      // one of libuv's four threads. The transaction's next statement needs a thread too: with as many
      // read connections as threads it would get none until the others timed out with SQLITE_BUSY.
      plain = Array.from({ length: readConnections }, (_, i) =>
        env
          .db('login_failures')
          .insert({ username: `plain ${i}`, ip: '-', at: '-' })
          .then(
            () => 'ok',
            (err: { code?: string }) => String(err.code),
          ),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await trx('login_failures').insert({ username: 'writer 2', ip: '-', at: '-' });
    });
    expect(await Promise.all(plain)).toEqual(Array.from({ length: readConnections }, () => 'ok'));
    expect(await env.db('login_failures').whereLike('username', 'plain %').count({ n: '*' }).first()).toEqual({ n: readConnections });
  }, 30_000);
});
