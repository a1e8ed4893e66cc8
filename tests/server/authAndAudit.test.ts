import request from 'supertest';
import { apiRoutes } from '../../server/src/app';
import { INGEST_TOKEN, mayAccess } from '../../server/src/http/routes';
import { LOGIN_BACKOFF } from '../../server/src/domain/loginBackoff';
import { updateCustomer } from '../../server/src/services/customers';
import { PASSWORD, SECRET, useTestEnv } from '../support/testApp';

const env = useTestEnv({ customers: 10 });

const concretePath = (path: string) => path.replace(':id', '1');

describe('sessions', () => {
  test('every /api route except login answers 401 without a session', async () => {
    for (const route of apiRoutes(SECRET)) {
      if (route.access === 'public') continue;
      const res = await request(env.app)
        [route.method](`/api${concretePath(route.path)}`)
        .send({});
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
    }
  });

  test('login sets an httpOnly SameSite=Strict cookie; me answers the user; logout ends the session', async () => {
    const res = await request(env.app).post('/api/auth/login').send({ username: 'agent', password: PASSWORD }).expect(200);
    expect(res.body).toMatchObject({ username: 'agent', role: 'agent' });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const sid = cookie.split(';')[0];
    await request(env.app).get('/api/auth/me').set('Cookie', sid).expect(200);
    await request(env.app).post('/api/auth/logout').set('Cookie', sid).expect(200);
    await request(env.app).get('/api/auth/me').set('Cookie', sid).expect(401);
  });

  test('the session token is not what the database stores', async () => {
    const res = await request(env.app).post('/api/auth/login').send({ username: 'agent', password: PASSWORD }).expect(200);
    const token = decodeURIComponent(String(res.headers['set-cookie']).split(';')[0].split('=')[1]);
    expect(await env.db('sessions').where({ id: token }).first()).toBeUndefined();
  });

  test('passwords are stored as scrypt hashes', async () => {
    const users = await env.db('users').select('password_hash');
    for (const u of users) {
      expect(u.password_hash).toMatch(/^scrypt\$/);
      expect(u.password_hash).not.toContain(PASSWORD);
    }
  });

  test('a wrong password is a 401; repeated failures are throttled with a 429 even for the right password', async () => {
    const wrong = await request(env.app).post('/api/auth/login').send({ username: 'supervisor', password: 'nope' }).expect(401);
    expect(wrong.body.message).toMatch(/fel användarnamn eller lösenord/i);
    for (let i = 1; i < LOGIN_BACKOFF.client.free; i++) {
      await request(env.app).post('/api/auth/login').send({ username: 'supervisor', password: 'nope' }).expect(401);
    }
    const throttled = await request(env.app).post('/api/auth/login').send({ username: 'supervisor', password: PASSWORD }).expect(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    await env.db('login_throttles').delete();
  });

  test('a login body with unknown fields or wrong types is a 400', async () => {
    const res = await request(env.app).post('/api/auth/login').send({ username: 'agent', password: 1 }).expect(400);
    expect(res.body.errors).toHaveProperty('password');
  });

  test('a state-changing request from a foreign Origin is refused', async () => {
    const agent = await env.as('agent');
    await agent.post('/api/notes').set('Origin', 'https://evil.example').send({ customer_id: 1, body: 'x' }).expect(403);
  });

  test('a disabled user is logged out everywhere', async () => {
    const admin = await env.as('admin');
    const created = await admin
      .post('/api/users')
      .send({ username: 'temp', full_name: 'Tillfällig', role: 'agent', password: 'long-enough-1' })
      .expect(201);
    const temp = request.agent(env.app);
    await temp.post('/api/auth/login').send({ username: 'temp', password: 'long-enough-1' }).expect(200);
    await temp.get('/api/auth/me').expect(200);
    await admin.put(`/api/users/${created.body.id}`).send({ active: false, version: created.body.version }).expect(200);
    await temp.get('/api/auth/me').expect(401);
    await request(env.app).post('/api/auth/login').send({ username: 'temp', password: 'long-enough-1' }).expect(401);
  });
});

describe('roles', () => {
  test.each([
    ['agent', 'get', '/api/users', 403],
    ['supervisor', 'get', '/api/users', 403],
    ['admin', 'get', '/api/users', 200],
    ['agent', 'get', '/api/audit_events', 403],
    ['agent', 'get', '/api/audit_events?filter={"customer_id":1}', 200],
    ['supervisor', 'get', '/api/audit_events', 200],
    ['agent', 'get', '/api/customers', 200],
    ['agent', 'post', '/api/users', 403],
  ] as const)('%s: %s %s → %i', async (role, method, path, status) => {
    const agent = await env.as(role);
    const res = await agent[method](path).send({});
    expect(res.status).toBe(status);
  });

  test('the route table gives every role-restricted route to admins', () => {
    for (const route of apiRoutes(SECRET)) {
      // Public routes need no role; the monitoring service's token route belongs to none (roleMatrix.test.ts).
      if (route.access === 'public' || route.access === INGEST_TOKEN) continue;
      expect(mayAccess(route.access, 'admin')).toBe(true);
    }
  });
});

describe('audit', () => {
  test('is listable by supervisors and filterable by entity and entity id', async () => {
    const agent = await env.as('agent');
    await agent.get('/api/customers/3').expect(200);
    const supervisor = await env.as('supervisor');
    const res = await supervisor
      .get('/api/audit_events')
      .query({ filter: JSON.stringify({ entity: 'customers', entity_id: '3', action: 'view' }) })
      .expect(200);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body[0]).toMatchObject({ entity: 'customers', entity_id: '3', action: 'view', actor: 'agent' });
  });

  test('rows cannot be updated or deleted, even with direct SQL', async () => {
    const [row] = await env.db('audit_events').select('id').limit(1);
    await expect(env.db('audit_events').where({ id: row.id }).update({ actor: 'mallory' })).rejects.toThrow(/append-only/);
    await expect(env.db('audit_events').where({ id: row.id }).delete()).rejects.toThrow(/append-only/);
    expect((await env.db('audit_events').where({ id: row.id }).first())!.actor).not.toBe('mallory');
  });

  test('a write and its audit event commit together: a failing audit insert rolls the write back', async () => {
    const before = await env.db('customers').where({ id: 4 }).first();
    // actor is NOT NULL in audit_events: the update runs first, then the audit insert fails.
    const ctx = { ...env.ctx(), actor: null as unknown as string };
    await expect(updateCustomer(ctx, 4, before!.version, { city: 'Kiruna' })).rejects.toThrow();
    expect(await env.db('customers').where({ id: 4 }).first()).toEqual(before);
  });
});
