import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { migrationSource } from '../../migrations';
import { createApp } from '../../server/src/app';
import { migrateLatest, openDb } from '../../server/src/db/knex';
import { SECRET, TEST_TODAY, useTestEnv } from '../support/testApp';

/** `GET /healthz` and `GET /readyz` for load balancers: JSON, no session, no personal data, never the SPA. */
const env = useTestEnv({ customers: 5 });

test('/healthz answers that the process is up: JSON, no session needed, not cached', async () => {
  const res = await request(env.app).get('/healthz').expect(200);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.body).toEqual({ status: 'ok' });
  expect(res.headers['set-cookie']).toBeUndefined();
});

test('/readyz answers ready when the database answers and has every migration', async () => {
  const res = await request(env.app).get('/readyz').expect(200);
  expect(res.body).toEqual({ status: 'ready' });
});

test('/readyz is 503 while the schema is behind the code, and ready again once migrated', async () => {
  const names = await migrationSource.getMigrations([]);
  await env.db.migrate.down({ migrationSource, name: names[names.length - 1] });
  try {
    const res = await request(env.app).get('/readyz').expect(503);
    expect(res.body).toEqual({ status: 'not ready', reason: 'schema' });
  } finally {
    await migrateLatest(env.db);
  }
  await request(env.app).get('/readyz').expect(200);
});

test('/readyz is 503 when the database does not answer', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backoffice-ready-'));
  const db = openDb({ dbFile: path.join(dir, 'gone.sqlite') });
  await migrateLatest(db);
  const app = createApp({ db, sessionSecret: SECRET, today: TEST_TODAY });
  await request(app).get('/readyz').expect(200);
  await db.destroy();
  const res = await request(app).get('/readyz').expect(503);
  expect(res.body).toEqual({ status: 'not ready', reason: 'database' });
  fs.rmSync(dir, { recursive: true, force: true });
});

test('an empty database is not ready', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backoffice-ready-'));
  const db = openDb({ dbFile: path.join(dir, 'empty.sqlite') });
  try {
    const res = await request(createApp({ db, sessionSecret: SECRET, today: TEST_TODAY }))
      .get('/readyz')
      .expect(503);
    expect(res.body.reason).toBe('schema');
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('with the SPA built, /healthz and /readyz are still JSON, never the SPA page', async () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'backoffice-dist-'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>SPA</title>');
  try {
    const app = createApp({ db: env.db, sessionSecret: SECRET, today: TEST_TODAY, clientDist: dist });
    for (const url of ['/healthz', '/readyz']) {
      const res = await request(app).get(url).expect(200);
      expect(res.headers['content-type']).toMatch(/application\/json/);
    }
    await request(app).get('/customers/1/show').expect(200).expect('Content-Type', /html/);
  } finally {
    fs.rmSync(dist, { recursive: true, force: true });
  }
});
