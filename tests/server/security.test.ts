import request from 'supertest';
import {
  clock,
  MAX_FAILURES_PER_IP,
  MAX_FAILURES_PER_USER,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  THROTTLE_WINDOW_MS,
} from '../../server/src/services/sessions';
import { PASSWORD, startTestEnv, tableDigest, type TestEnv } from '../support/testApp';

let env: TestEnv;
const realNow = clock.now;
beforeAll(async () => {
  env = await startTestEnv({ customers: 10 });
});
afterEach(async () => {
  clock.now = realNow;
  await env.db('login_failures').delete();
});
afterAll(async () => {
  const errors = env.errors;
  await env.close();
  expect(errors).toEqual([]);
});

const login = (username: string, password: string, cookie?: string) => {
  const req = request(env.app).post('/api/auth/login');
  if (cookie) req.set('Cookie', cookie);
  return req.send({ username, password });
};
const sidOf = (res: request.Response) => String(res.headers['set-cookie']).split(';')[0];

describe('login throttling', () => {
  test('per user: after MAX_FAILURES_PER_USER failures even the right password is a 429; other users are unaffected', async () => {
    for (let i = 0; i < MAX_FAILURES_PER_USER; i++) await login('agent', 'wrong').expect(401);
    const res = await login('agent', PASSWORD).expect(429);
    expect(res.body.message).toMatch(/för många/i);
    await login('supervisor', PASSWORD).expect(200);
  });

  test('per address: many different usernames from one address are throttled, whatever the username', async () => {
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) await login(`guess${i}`, 'wrong').expect(401);
    // A username never tried before, with the right password: still refused from this address.
    await login('admin', PASSWORD).expect(429);
    await login('nobody-yet', 'wrong').expect(429);
  });

  test('the throttle lifts after its window', async () => {
    const start = realNow();
    clock.now = () => start;
    for (let i = 0; i < MAX_FAILURES_PER_USER; i++) await login('agent', 'wrong').expect(401);
    await login('agent', PASSWORD).expect(429);
    clock.now = () => start + THROTTLE_WINDOW_MS + 1000;
    await login('agent', PASSWORD).expect(200);
  });

  test('a throttled attempt is answered without checking the password (no oracle) and writes nothing', async () => {
    for (let i = 0; i < MAX_FAILURES_PER_USER; i++) await login('agent', 'wrong').expect(401);
    const before = await tableDigest(env.db);
    await login('agent', 'wrong').expect(429);
    await login('agent', PASSWORD).expect(429);
    expect(await tableDigest(env.db)).toBe(before);
  });
});

describe('session ids', () => {
  test('every login issues a new session id; a cookie sent to login is never adopted (no fixation)', async () => {
    const first = await login('agent', PASSWORD).expect(200);
    const planted = 'sid=attacker-chosen-value';
    const second = await login('agent', PASSWORD, planted).expect(200);
    expect(sidOf(first)).toMatch(/^sid=.{40,}/);
    expect(sidOf(second)).not.toBe(sidOf(first));
    expect(sidOf(second)).not.toBe(planted);
    await request(env.app).get('/api/auth/me').set('Cookie', planted).expect(401);
    // Both sessions are real (two tabs or two machines); each ends on its own logout.
    await request(env.app).get('/api/auth/me').set('Cookie', sidOf(first)).expect(200);
    await request(env.app).post('/api/auth/logout').set('Cookie', sidOf(second)).expect(200);
    await request(env.app).get('/api/auth/me').set('Cookie', sidOf(second)).expect(401);
    await request(env.app).get('/api/auth/me').set('Cookie', sidOf(first)).expect(200);
  });

  test('malformed and oversized session cookies are simply not a session', async () => {
    for (const cookie of ['sid=', 'sid=%', 'sid=%E0%A4%A', `sid=${'a'.repeat(5000)}`, 'sid=a;sid=b', 'sid']) {
      await request(env.app).get('/api/auth/me').set('Cookie', cookie).expect(401);
    }
  });
});

describe('session expiry', () => {
  test('a session idle longer than SESSION_IDLE_MS is refused with 401', async () => {
    const start = realNow();
    clock.now = () => start;
    const sid = sidOf(await login('agent', PASSWORD).expect(200));
    clock.now = () => start + SESSION_IDLE_MS - 60_000;
    await request(env.app).get('/api/auth/me').set('Cookie', sid).expect(200);
    // That request counted as activity: the idle time starts again from it.
    clock.now = () => start + 2 * SESSION_IDLE_MS - 120_000;
    await request(env.app).get('/api/auth/me').set('Cookie', sid).expect(200);
    clock.now = () => start + 3 * SESSION_IDLE_MS;
    await request(env.app).get('/api/auth/me').set('Cookie', sid).expect(401);
    // And it stays dead when the clock is back.
    clock.now = () => start;
    await request(env.app).get('/api/auth/me').set('Cookie', sid).expect(401);
  });

  test('a session older than SESSION_ABSOLUTE_MS is refused with 401 even when in constant use', async () => {
    const start = realNow();
    clock.now = () => start;
    const sid = sidOf(await login('supervisor', PASSWORD).expect(200));
    const step = SESSION_IDLE_MS / 2;
    let t = start;
    for (let i = 0; t + step < start + SESSION_ABSOLUTE_MS && i < 100; i++) {
      t += step;
      clock.now = () => t;
      await request(env.app).get('/api/customers').set('Cookie', sid).expect(200);
    }
    clock.now = () => start + SESSION_ABSOLUTE_MS + 1000;
    await request(env.app).get('/api/customers').set('Cookie', sid).expect(401);
  });
});

describe('disabled users', () => {
  test('an admin-disabled user is logged out of every session at once and cannot log in again', async () => {
    const admin = await env.as('admin');
    const created = await admin
      .post('/api/users')
      .send({ username: 'tillfallig', full_name: 'Tillfällig Handläggare', role: 'agent', password: 'long-enough-2' })
      .expect(201);
    const sids = [];
    for (let i = 0; i < 3; i++) sids.push(sidOf(await login('tillfallig', 'long-enough-2').expect(200)));
    for (const sid of sids) await request(env.app).get('/api/customers').set('Cookie', sid).expect(200);
    await admin.put(`/api/users/${created.body.id}`).send({ active: false, version: created.body.version }).expect(200);
    for (const sid of sids) {
      await request(env.app).get('/api/customers').set('Cookie', sid).expect(401);
      await request(env.app).post('/api/notes').set('Cookie', sid).send({ customer_id: 1, body: 'x' }).expect(401);
    }
    expect(await env.db('sessions').where({ user_id: created.body.id })).toEqual([]);
    await login('tillfallig', 'long-enough-2').expect(401);
  });

  test('a role change also ends the sessions: the old role cannot linger', async () => {
    const admin = await env.as('admin');
    const created = await admin
      .post('/api/users')
      .send({ username: 'befordrad', full_name: 'Befordrad', role: 'supervisor', password: 'long-enough-3' })
      .expect(201);
    const sid = sidOf(await login('befordrad', 'long-enough-3').expect(200));
    await request(env.app).get('/api/cancellations/stats').set('Cookie', sid).expect(200);
    await admin.put(`/api/users/${created.body.id}`).send({ role: 'agent', version: created.body.version }).expect(200);
    await request(env.app).get('/api/cancellations/stats').set('Cookie', sid).expect(401);
  });
});

describe('same-origin rule for state-changing requests', () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = sidOf(await login('supervisor', PASSWORD).expect(200));
  });

  const cases = [
    ['post', '/api/notes', { customer_id: 1, body: 'från en annan webbplats' }],
    ['put', '/api/customers/1', { city: 'Malmö', version: 1 }],
    ['put', '/api/users/1', { active: false, version: 1 }],
    ['delete', '/api/notes/1', {}],
    ['post', '/api/auth/logout', {}],
  ] as const;

  test.each(cases)('%s %s from a foreign Origin is a 403 and changes nothing', async (method, path, body) => {
    const before = await tableDigest(env.db);
    for (const origin of ['https://evil.example', 'http://127.0.0.1.evil.example', 'not a url']) {
      const res = await request(env.app)[method](path).set('Cookie', cookie).set('Origin', origin).send(body);
      expect({ origin, status: res.status }).toEqual({ origin, status: 403 });
    }
    expect(await tableDigest(env.db)).toBe(before);
    await request(env.app).get('/api/auth/me').set('Cookie', cookie).expect(200);
  });

  test('the same request from our own origin goes through', async () => {
    const host = '127.0.0.1:4321';
    await request(env.app)
      .post('/api/notes')
      .set('Host', host)
      .set('Origin', `http://${host}`)
      .set('Cookie', cookie)
      .send({ customer_id: 1, body: 'samma ursprung' })
      .expect(201);
  });

  test('a login from a foreign Origin is refused too (login CSRF)', async () => {
    await request(env.app)
      .post('/api/auth/login')
      .set('Origin', 'https://evil.example')
      .send({ username: 'agent', password: PASSWORD })
      .expect(403);
  });

  test('reads from a foreign Origin get no CORS grant', async () => {
    const res = await request(env.app).get('/api/customers').set('Cookie', cookie).set('Origin', 'https://evil.example').expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('headers', () => {
  test('the Content-Security-Policy allows only our own scripts, no framing and no plugins', async () => {
    const res = await request(env.app).get('/api/auth/me');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('API answers are not cached', async () => {
    const agent = await env.as('agent');
    const res = await agent.get('/api/customers/1').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('bad input found by the fuzzer (tests/fuzz) — each was a 500', () => {
  test('a path parameter with a malformed escape (%ZZ) is a 400', async () => {
    const agent = await env.as('agent');
    for (const path of ['/api/customers/%ZZ', '/api/notes/%E0%A4%A', '/api/subscriptions/%/cancellation-terms']) {
      expect({ path, status: (await agent.get(path)).status }).toEqual({ path, status: 400 });
    }
  });

  test('a body that claims to be gzip but is not is a 400', async () => {
    const agent = await env.as('agent');
    await agent
      .post('/api/notes')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('{"customer_id":1,"body":"x"}')
      .expect(400);
  });

  test('a session cookie with a malformed escape is no session (401)', async () => {
    await request(env.app).get('/api/auth/me').set('Cookie', 'sid=%').expect(401);
  });

  test('dates outside 1900–2199 are a 400 (the holiday calendar of the deadline rule throws outside 1582–8702)', async () => {
    const agent = await env.as('agent');
    const due = await agent.get('/api/gdpr_requests/due-date?received_on=0001-01-01').expect(400);
    expect(due.body.errors).toHaveProperty('received_on');
    const terms = await agent.get('/api/subscriptions/1/cancellation-terms?requested_on=9999-12-31').expect(400);
    expect(terms.body.errors).toHaveProperty('requested_on');
    // A valid date on a subscription that can be cancelled is answered (the preview refuses ended ones).
    const active = await env.db('subscriptions').where({ status: 'active' }).andWhere('signed_on', '<=', '2026-11-25').first('id');
    await agent.get(`/api/subscriptions/${active!.id}/cancellation-terms?requested_on=2026-11-25`).expect(200);
  });

  test('filter={"__proto__":…} and other inherited names are an unknown filter (400)', async () => {
    const agent = await env.as('agent');
    for (const field of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const res = await agent.get('/api/invoices').query({ filter: JSON.stringify({ [field]: 0 }) });
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
    }
  });

  test('NUL and lone surrogates in bodies, filters and queries are a 400 naming the field, and nothing is stored (PostgreSQL answered 500)', async () => {
    const agent = await env.as('agent');
    const before = await tableDigest(env.db);
    const body = await agent.post('/api/notes').send({ customer_id: 1, body: 'a\u0000b' }).expect(400);
    expect(body.body.errors).toHaveProperty('body');
    await agent.post('/api/notes').send({ customer_id: 1, body: 'half an emoji \ud83d' }).expect(400);
    await agent.put('/api/customers/1').send({ version: 1, city: 'Lu\u0000leå' }).expect(400);
    const rect = await agent
      .post('/api/gdpr_requests')
      .send({
        customer_id: 1,
        type: 'rectification',
        channel: 'phone',
        identity_method: 'bankid',
        identity_verified: true,
        changes: [{ field: 'city', new_value: 'x\u0000' }],
      })
      .expect(400);
    expect(rect.body.errors).toHaveProperty(['changes.0.new_value']);
    await request(env.app).post('/api/auth/login').send({ username: 'ag\u0000ent', password: 'x' }).expect(400);
    const filter = await agent
      .get('/api/customers')
      .query({ filter: JSON.stringify({ q: 'an\u0000na' }) })
      .expect(400);
    expect(filter.body.errors).toHaveProperty(['filter.q']);
    await agent
      .get('/api/audit_events')
      .query({ filter: JSON.stringify({ customer_id: 1, actor: '\udc00' }) })
      .expect(400);
    await agent.get('/api/subscriptions/1/cancellation-terms?requested_on=2026-11-25%00').expect(400);
    expect(await tableDigest(env.db)).toBe(before);
    // Whole emoji, RTL marks and zero-width characters are ordinary text.
    await agent.post('/api/notes').send({ customer_id: 1, body: 'Kunden 😀 \u202eRTL\u202c \u200b' }).expect(201);
  });

  test('a deeply nested body is a 400, not a stack overflow', async () => {
    const agent = await env.as('agent');
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    await agent.post('/api/notes').set('Content-Type', 'application/json').send(deep).expect(400);
  });
});
