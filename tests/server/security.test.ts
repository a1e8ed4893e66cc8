import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../server/src/app';
import { createHttpServer } from '../../server/src/httpServer';
import { DEFAULT_SESSION_SECRET, readConfig, refuseUnsafeProduction } from '../../server/src/config';
import { LOGIN_BACKOFF, backoffMs } from '../../server/src/domain/loginBackoff';
import { MAX_CONCURRENT_HASHES, MAX_WAITING_HASHES } from '../../server/src/services/passwords';
import { clock, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../server/src/services/sessions';
import { demoAccountsWithPassword } from '../../server/src/services/users';
import { reserveAttempt, throttleKeys } from '../../server/src/services/loginThrottle';
import { listening } from '../support/listening';
import { PASSWORD, SECRET, startTestEnv, tableDigest, TEST_TODAY, type TestEnv } from '../support/testApp';

let env: TestEnv;
/** The same app behind a TLS proxy (TRUST_PROXY=1): X-Forwarded-For and -Proto are believed. */
let proxied: ReturnType<typeof createApp>;
const realNow = clock.now;
beforeAll(async () => {
  env = await startTestEnv({ customers: 10 });
  proxied = createApp({ db: env.db, sessionSecret: SECRET, today: TEST_TODAY, trustProxy: 1, logError: (line) => env.errors.push(line) });
}, 60_000);
afterEach(async () => {
  clock.now = realNow;
  await env.db('login_throttles').delete();
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
/** A login through the proxy from `ip`, optionally with the browser's cookies. */
const loginFrom = (ip: string, username: string, password: string, cookie?: string) => {
  const req = request(proxied).post('/api/auth/login').set('X-Forwarded-For', ip);
  if (cookie) req.set('Cookie', cookie);
  return req.send({ username, password });
};
const sidOf = (res: request.Response) => String(res.headers['set-cookie']).split(';')[0];
const cookieNamed = (res: request.Response, name: string) =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`));
const FREE = LOGIN_BACKOFF.client.free;

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('login throttling', () => {
  test(`after ${FREE} failures from one address even the right password is a 429 with Retry-After; other users are unaffected`, async () => {
    for (let i = 0; i < FREE; i++) await login('agent', 'wrong').expect(401);
    const res = await login('agent', PASSWORD).expect(429);
    expect(res.body.message).toMatch(/för många misslyckade inloggningar\. försök igen om \d+ sekunder/i);
    expect(Number(res.headers['retry-after'])).toBe(Math.ceil(backoffMs(LOGIN_BACKOFF.client, FREE) / 1000));
    await login('supervisor', PASSWORD).expect(200);
  });

  test('the back-off grows with every failure (doubling, capped) and ends: no hard 15-minute lock', async () => {
    let t = realNow();
    clock.now = () => t;
    for (let i = 0; i < FREE; i++) await login('agent', 'wrong').expect(401);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const refused = await login('agent', PASSWORD).expect(429);
      const wait = Number(refused.headers['retry-after']);
      waits.push(wait);
      // Just before the wait is over: still refused; once it is over, one more attempt is let through.
      t += wait * 1000 - 500;
      await login('agent', 'wrong').expect(429);
      t += 600;
      await login('agent', 'wrong').expect(401);
    }
    expect(waits).toEqual([2, 4, 8, 16]);
    const cap = backoffMs(LOGIN_BACKOFF.client, 1000) / 1000;
    expect(cap).toBe(15 * 60);
    // After the wait the right password is let through, and it starts the count again.
    const wait = Number((await login('agent', PASSWORD).expect(429)).headers['retry-after']);
    t += wait * 1000 + 100;
    await login('agent', PASSWORD).expect(200);
    for (let i = 0; i < FREE; i++) await login('agent', 'wrong').expect(401);
  }, 60_000);

  test('a throttled attempt is answered without checking the password (no oracle) and writes nothing', async () => {
    for (let i = 0; i < FREE; i++) await login('agent', 'wrong').expect(401);
    const before = await tableDigest(env.db);
    const wrong = await login('agent', 'wrong').expect(429);
    const right = await login('agent', PASSWORD).expect(429);
    expect(right.body).toEqual(wrong.body);
    expect(await tableDigest(env.db)).toBe(before);
  });

  test('failed attempts are kept as evidence: a successful login deletes none of them', async () => {
    const ip = '198.51.100.77';
    for (let i = 0; i < 3; i++) await loginFrom(ip, 'supervisor', 'wrong').expect(401);
    await loginFrom(ip, 'supervisor', PASSWORD).expect(200);
    const kept = await env.db('login_failures').where({ username: 'supervisor', ip });
    expect(kept).toHaveLength(3);
  });

  test('100 parallel attempts with the right password among them: only the first few reach the password check, none is a 200', async () => {
    // The clock stands still, so that no back-off runs out while a slow machine works through the burst.
    const t = realNow();
    clock.now = () => t;
    const server = await listening(createHttpServer(env.app));
    const evidence = () => env.db('login_failures').where({ username: 'agent' }).count({ n: '*' }).first();
    const failuresBefore = Number((await evidence())!.n);
    try {
      const attempts = Array.from({ length: 100 }, (_, i) => ({ username: 'agent', password: i === 99 ? PASSWORD : `wrong-${i}` }));
      const answers = await Promise.all(attempts.map((body) => postJson(`${server.url}/api/auth/login`, body)));
      const statuses = answers.map((a) => a.status);
      const letThrough = statuses.filter((s) => s === 401 || s === 200).length;
      const count = (status: number) => statuses.filter((s) => s === status).length;
      console.log(
        `burst of 100 parallel logins (right password last): ${letThrough} reached the password check ` +
          `(401: ${count(401)}, 200: ${count(200)}), 429: ${count(429)} (hash queue full: ${answers.filter((a) => a.status === 429 && a.headers.get('retry-after') === '1').length})`,
      );
      expect(count(200)).toBe(0);
      expect(letThrough).toBeLessThanOrEqual(FREE);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      // Exactly the attempts let through were checked, failed and kept as evidence.
      expect(Number((await evidence())!.n) - failuresBefore).toBe(letThrough);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('the attempt is counted before the password is checked', () => {
  test(`100 reservations at once on one key: exactly ${FREE} pass, the rest are 429 — the count is atomic`, async () => {
    const keys = throttleKeys({ username: 'agent', ip: '192.0.2.200', knownAddress: false });
    const now = realNow();
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => reserveAttempt(env.db, keys, now)));
    const passed = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter((r) => r.status === 'rejected' && (r.reason as { status?: number }).status === 429).length;
    console.log(`100 parallel reservations on one throttle key: ${passed} passed, ${refused} refused with 429`);
    expect(passed).toBe(FREE);
    expect(refused).toBe(100 - FREE);
    const row = await env.db('login_throttles').where({ key: keys[0].key }).first();
    expect(row!.failures).toBe(FREE);
  }, 60_000);
});

describe('lockout is no weapon', () => {
  test('20 failures with random usernames from one address do not lock out a user behind another address, nor a known user behind that one', async () => {
    const office = '203.0.113.10';
    // A colleague at the office has logged in from there before.
    await loginFrom(office, 'supervisor', PASSWORD).expect(200);
    for (let i = 0; i < 20; i++) await loginFrom(office, `guess-${randomBytes(4).toString('hex')}`, 'wrong').expect(401);
    await loginFrom('198.51.100.20', 'agent', PASSWORD).expect(200);
    await loginFrom(office, 'supervisor', PASSWORD).expect(200);
    // Not even a newcomer at the office is locked out by 20: the address's allowance is for a whole office.
    await loginFrom(office, 'admin', PASSWORD).expect(200);
  }, 60_000);

  test(`a password sprayer behind one address is slowed down after ${LOGIN_BACKOFF.address.free} failures, but users known at that address still log in`, async () => {
    const nat = '203.0.113.11';
    await loginFrom(nat, 'supervisor', PASSWORD).expect(200);
    for (let i = 0; i < LOGIN_BACKOFF.address.free; i++) await loginFrom(nat, `spray-${i}`, 'wrong').expect(401);
    await loginFrom(nat, 'spray-next', 'wrong').expect(429);
    await loginFrom(nat, 'supervisor', PASSWORD).expect(200);
  }, 60_000);

  test('failures against a username from elsewhere do not lock its owner out: from a known address, or with the device cookie anywhere', async () => {
    // The clock stands still: no back-off runs out while the test runs.
    const t = realNow();
    clock.now = () => t;
    const desk = '192.0.2.5';
    const first = await loginFrom(desk, 'agent', PASSWORD).expect(200);
    const device = cookieNamed(first, 'did')!.split(';')[0];
    expect(device).toMatch(/^did=\d+\./);
    // An attacker guesses the agent's password from several addresses, beyond the username's allowance.
    const attackers = ['198.51.100.66', '198.51.100.67', '198.51.100.68', '198.51.100.69'];
    let counted = 0;
    for (const attacker of attackers) {
      for (let i = 0; i < FREE; i++) {
        const res = await loginFrom(attacker, 'agent', `guess-${i}`);
        expect([401, 429]).toContain(res.status);
        if (res.status === 401) counted++;
      }
    }
    expect(counted).toBe(LOGIN_BACKOFF.user.free);
    await loginFrom(attackers[0], 'agent', PASSWORD).expect(429);
    // The agent at the desk: a known address.
    await loginFrom(desk, 'agent', PASSWORD).expect(200);
    // The agent's own browser at home (a new address): the device cookie.
    await loginFrom('192.0.2.99', 'agent', PASSWORD, device).expect(200);
    // A new address without the cookie is slowed down with the username: the price of stopping guessers.
    await loginFrom('192.0.2.100', 'agent', PASSWORD).expect(429);
    // A forged or foreign device cookie is no device.
    await loginFrom('192.0.2.101', 'agent', PASSWORD, `did=${device.slice(4, -3)}abc`).expect(429);
    const other = cookieNamed(await loginFrom(desk, 'supervisor', PASSWORD).expect(200), 'did')!.split(';')[0];
    await loginFrom('192.0.2.102', 'agent', PASSWORD, other).expect(429);
  }, 60_000);

  test('the throttle counts the forwarded client address behind a trusted proxy, and the socket address without one', async () => {
    for (let i = 0; i < FREE; i++) await loginFrom('198.51.100.1', 'admin', 'wrong').expect(401);
    await loginFrom('198.51.100.1', 'admin', PASSWORD).expect(429);
    await loginFrom('198.51.100.2', 'admin', PASSWORD).expect(200);
    expect(await env.db('login_failures').where({ username: 'admin', ip: '198.51.100.1' })).toHaveLength(FREE);
    // Without TRUST_PROXY a forged X-Forwarded-For is ignored: the failures count on the socket's address.
    for (let i = 0; i < FREE; i++) {
      await request(env.app)
        .post('/api/auth/login')
        .set('X-Forwarded-For', `10.9.9.${i}`)
        .send({ username: 'admin', password: 'wrong' })
        .expect(401);
    }
    await request(env.app)
      .post('/api/auth/login')
      .set('X-Forwarded-For', '10.9.9.200')
      .send({ username: 'admin', password: PASSWORD })
      .expect(429);
  });
});

describe('password hashes are capped', () => {
  test(`a flood of 600 logins does not stall another user's request: at most ${MAX_CONCURRENT_HASHES} hashes run and ${MAX_WAITING_HASHES} wait, the rest get a quick 429`, async () => {
    const server = await listening(createHttpServer(proxied));
    try {
      const cookie = sidOf(await request(proxied).post('/api/auth/login').send({ username: 'supervisor', password: PASSWORD }).expect(200));
      const read = async () => {
        const started = performance.now();
        const res = await fetch(`${server.url}/api/customers/1`, { headers: { cookie } });
        return { status: res.status, ms: performance.now() - started };
      };
      const quiet = await read();
      const started = performance.now();
      const flood = Array.from({ length: 600 }, (_, i) =>
        postJson(
          `${server.url}/api/auth/login`,
          { username: `flood-${i}`, password: 'wrong' },
          { 'x-forwarded-for': `10.${(i >> 8) & 255}.${i & 255}.7` },
        ).then((r) => ({ status: r.status, ms: performance.now() - started })),
      );
      // Another user reads a record again and again while the flood lasts: the slowest of those reads is the stall.
      let flooding = true;
      const reads: Array<{ status: number; ms: number }> = [];
      const reader = (async () => {
        while (flooding) {
          reads.push(await read());
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      const answers = await Promise.all(flood);
      flooding = false;
      await reader;
      const count = (status: number) => answers.filter((a) => a.status === status).length;
      const refusedMs = answers.filter((a) => a.status === 429).map((a) => a.ms);
      const slowest = Math.max(...reads.map((r) => r.ms));
      const median = [...reads].sort((a, b) => a.ms - b.ms)[Math.floor(reads.length / 2)]?.ms ?? 0;
      console.log(
        `flood of 600 logins: another user's ${reads.length} reads of GET /api/customers/1 during it took at most ${slowest.toFixed(0)} ms ` +
          `(median ${median.toFixed(0)} ms; quiet: ${quiet.ms.toFixed(0)} ms); 401: ${count(401)}, 429: ${count(429)}` +
          (refusedMs.length ? ` (slowest 429 after ${Math.max(...refusedMs).toFixed(0)} ms)` : '') +
          `, flood done in ${(performance.now() - started).toFixed(0)} ms`,
      );
      expect(reads.length).toBeGreaterThan(0);
      for (const r of reads) expect(r.status).toBe(200);
      expect(count(401) + count(429)).toBe(600);
      expect(count(401)).toBeLessThanOrEqual(600 - 400);
    } finally {
      await server.close();
    }
  }, 180_000);
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

describe('behind a TLS proxy (TRUST_PROXY)', () => {
  test('over https the session cookie is Secure and __Host-sid (path /, no Domain), with HSTS; the session works on it alone', async () => {
    const res = await request(proxied)
      .post('/api/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ username: 'agent', password: PASSWORD })
      .expect(200);
    const cookie = cookieNamed(res, '__Host-sid')!;
    expect(cookie).toMatch(/; Path=\/(;|$)/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookieNamed(res, 'sid')).toBeUndefined();
    expect(cookieNamed(res, '__Host-did')).toMatch(/; Secure/);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    const token = cookie.split(';')[0].slice('__Host-sid='.length);
    await request(proxied).get('/api/auth/me').set('X-Forwarded-Proto', 'https').set('Cookie', `__Host-sid=${token}`).expect(200);
    // Over https a plain `sid` (which a neighbouring subdomain could plant) is no session.
    await request(proxied).get('/api/auth/me').set('X-Forwarded-Proto', 'https').set('Cookie', `sid=${token}`).expect(401);
    const out = await request(proxied)
      .post('/api/auth/logout')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', `__Host-sid=${token}`)
      .expect(200);
    expect(cookieNamed(out, '__Host-sid')).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  test('without TRUST_PROXY a forwarded https is not believed: plain `sid`, not Secure, no HSTS', async () => {
    const res = await request(env.app)
      .post('/api/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ username: 'agent', password: PASSWORD })
      .expect(200);
    expect(cookieNamed(res, 'sid')).not.toMatch(/Secure/);
    expect(cookieNamed(res, '__Host-sid')).toBeUndefined();
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  test('with NODE_ENV=production the server refuses the default or an empty SESSION_SECRET, with a message that says so', () => {
    for (const secret of [undefined, '', '   ', DEFAULT_SESSION_SECRET]) {
      const config = readConfig({ NODE_ENV: 'production', ...(secret === undefined ? {} : { SESSION_SECRET: secret }) });
      expect(() => refuseUnsafeProduction(config)).toThrow(/SESSION_SECRET is not set/);
    }
    expect(() =>
      refuseUnsafeProduction(readConfig({ NODE_ENV: 'production', SESSION_SECRET: 'a-long-random-secret-1234567890' })),
    ).not.toThrow();
    // Outside production the development default is fine.
    expect(() => refuseUnsafeProduction(readConfig({}))).not.toThrow();
    expect(readConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(readConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(readConfig({}).trustProxy).toBe(false);
  });

  test('the real server process: in production it refuses the default secret with a message, and warns about each demo account still on the demo password', async () => {
    const root = path.resolve(__dirname, '..', '..');
    const run = (env2: Record<string, string>, until: (out: string) => boolean) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
          cwd: root,
          env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: '0', DATABASE_URL: '', ...env2 },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        const take = (d: Buffer) => {
          output += d;
          if (until(output)) child.kill('SIGTERM');
        };
        child.stdout.on('data', take);
        child.stderr.on('data', take);
        child.on('exit', (code) => resolve({ code, output }));
      });
    const refused = await run({ SESSION_SECRET: '' }, () => false);
    expect(refused.code).toBe(1);
    expect(refused.output.trim()).toMatch(/^Refusing to start: SESSION_SECRET is not set\./);
    if (process.env.DATABASE_URL) return; // the warning needs the seeded database; on PostgreSQL the test schema is not the default one
    // A copy of the seeded database (the server runs its daily jobs on it).
    const copy = path.join(os.tmpdir(), `backoffice-production-${randomBytes(4).toString('hex')}.sqlite`);
    await env.db.raw('VACUUM INTO ?', [copy]);
    const warned = await run(
      { SESSION_SECRET: 'a-long-random-production-secret-0123456789', DB_FILE: copy, DEMO_PASSWORD: PASSWORD },
      (out) => (out.match(/still has the demo password/g) ?? []).length >= 3,
    );
    const warnings = warned.output
      .split('\n')
      .filter((l) => l.includes('still has the demo password'))
      .map((l) => JSON.parse(l) as { level: string; username: string });
    expect(warnings.map((w) => [w.level, w.username]).sort()).toEqual([
      ['warn', 'admin'],
      ['warn', 'agent'],
      ['warn', 'supervisor'],
    ]);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${copy}${suffix}`, { force: true });
  }, 120_000);

  test('the demo accounts that still have the demo password are found (the production start warns about each)', async () => {
    expect((await demoAccountsWithPassword(env.db, PASSWORD)).sort()).toEqual(['admin', 'agent', 'supervisor']);
    expect(await demoAccountsWithPassword(env.db, 'something-else')).toEqual([]);
  });
});

describe('the history an agent reads is masked', () => {
  test('phone, e-mail, street, postal code and personnummer in audit events are masked for agents and whole for supervisors', async () => {
    const supervisor = await env.as('supervisor');
    const { body: before } = await supervisor.get('/api/customers/2').expect(200);
    await supervisor
      .put('/api/customers/2')
      .send({
        version: before.version,
        phone: '070-765 43 21',
        email: 'ny.adress@example.se',
        street: 'Storgatan 1',
        postal_code: '252 24',
        personnummer: '19850312-4565',
      })
      .expect(200);
    const filter = JSON.stringify({ customer_id: 2, action: 'update' });
    const agent = await env.as('agent');
    const masked = (await agent.get('/api/audit_events').query({ filter }).expect(200)).body[0].changes;
    expect(masked.phone.after).toBe('070-*** ** 21');
    expect(masked.email.after).toBe('n***s@example.se');
    expect(masked.street.after).toBe('Sto***');
    expect(masked.postal_code.after).toBe('25* **');
    expect(masked.personnummer.after).toBe('19850312-****');
    expect(masked.personnummer.before).toMatch(/^\d{8}-\*{4}$/);
    const full = (await supervisor.get('/api/audit_events').query({ filter }).expect(200)).body[0].changes;
    expect(full.phone.after).toBe('+46707654321');
    expect(full.personnummer.after).toBe('198503124565');
  });

  test("no full personnummer, e-mail or phone anywhere in an agent's reading of a customer's whole history", async () => {
    const agent = await env.as('agent');
    for (const id of [1, 2, 3]) {
      const res = await agent
        .get('/api/audit_events')
        .query({ filter: JSON.stringify({ customer_id: id }), range: '[0,99]' })
        .expect(200);
      // (Request ids are UUIDs, whose hex groups may hold a run of decimal digits by chance: taken out first.)
      const text = JSON.stringify(res.body).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>');
      expect(text.match(/\d{10,12}/g) ?? []).toEqual([]);
      // A masked address keeps one letter on each side of `***`: a whole one has two or more before the @.
      expect(text.match(/(?<![*\w.+-])[\w.+-]{2,}@[\w-]+\.[\w.]+/g) ?? []).toEqual([]);
    }
  });
});

describe('bulk personal data', () => {
  test('customer lists and searches answer only what a list needs: no address, phone or e-mail, the personnummer masked', async () => {
    for (const role of ['agent', 'supervisor'] as const) {
      const user = await env.as(role);
      for (const filter of [{}, { q: 'anna' }, { q: '19800101-1231' }, { id: [1, 2] }]) {
        const res = await user
          .get('/api/customers')
          .query({ filter: JSON.stringify(filter) })
          .expect(200);
        expect(res.body.length).toBeGreaterThan(0);
        for (const c of res.body) {
          expect(Object.keys(c).sort()).toEqual(['city', 'customer_number', 'first_name', 'id', 'last_name', 'personnummer']);
          expect(c.personnummer).toMatch(/^\d{8}-\*{4}$/);
        }
      }
    }
  });

  test('a page of more than 100 customers is an export: 403 for agents; supervisors get it, and it is audited', async () => {
    const agent = await env.as('agent');
    const refused = await agent.get('/api/customers').query({ range: '[0,199]' }).expect(403);
    expect(refused.body.message).toMatch(/export/i);
    await agent.get('/api/customers').query({ range: '[0,99]' }).expect(200);
    const supervisor = await env.as('supervisor');
    const res = await supervisor
      .get('/api/customers')
      .query({ range: '[0,199]', filter: JSON.stringify({ q: 'a' }) })
      .expect(200);
    const event = await env
      .db('audit_events')
      .where({ action: 'list_export', entity: 'customers', actor: 'supervisor' })
      .orderBy('id', 'desc')
      .first();
    expect(JSON.parse(event!.changes)).toEqual({
      rows: { before: null, after: res.body.length },
      range: { before: null, after: [0, 199] },
      filter: { before: null, after: { q: 'a' } },
    });
  });

  test("the cancellation queue's CSV export (a page of up to 500) is the supervisors', and audited", async () => {
    const agent = await env.as('agent');
    await agent.get('/api/cancellations').query({ range: '[0,499]' }).expect(403);
    await agent
      .get('/api/cancellations')
      .query({ range: '[0,24]', filter: JSON.stringify({ customer_id: 1 }) })
      .expect(200);
    const supervisor = await env.as('supervisor');
    const res = await supervisor.get('/api/cancellations').query({ range: '[0,499]' }).expect(200);
    const event = await env.db('audit_events').where({ action: 'list_export', entity: 'cancellations' }).orderBy('id', 'desc').first();
    expect(JSON.parse(event!.changes).rows.after).toBe(res.body.length);
  });

  test('lists and searches are rate-limited per user: 429 with Retry-After past the limit, other users unaffected', async () => {
    const limited = createApp({ db: env.db, sessionSecret: SECRET, today: TEST_TODAY, searchRatePerMinute: 5 });
    const sign = async (username: string) => {
      const a = request.agent(limited);
      await a.post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
      return a;
    };
    const agent = await sign('agent');
    for (let i = 0; i < 5; i++)
      await agent
        .get('/api/customers')
        .query({ filter: JSON.stringify({ q: `an${i}` }) })
        .expect(200);
    const refused = await agent.get('/api/customers').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.body.message).toMatch(/för många sökningar/i);
    // The record and other lists are not counted; another user has a bucket of their own.
    await agent.get('/api/customers/1').expect(200);
    await agent
      .get('/api/notes')
      .query({ filter: JSON.stringify({ customer_id: 1 }) })
      .expect(200);
    await (await sign('supervisor')).get('/api/customers').expect(200);
  });
});

describe('identity changes need verification', () => {
  test('an agent cannot change a personnummer with a plain edit (403, pointing to a GDPR rectification); the record still saves with it unchanged', async () => {
    const agent = await env.as('agent');
    const { body: record } = await agent.get('/api/customers/4').expect(200);
    const before = await tableDigest(env.db);
    const res = await agent
      .put('/api/customers/4')
      .send({ ...record, personnummer: '19850312-4573' })
      .expect(403);
    expect(res.body.message).toMatch(/GDPR-begäran om rättelse/);
    expect(res.body.errors).toHaveProperty('personnummer');
    expect(await tableDigest(env.db)).toBe(before);
    // The record sent back as the form has it (the personnummer formatted, unchanged) saves.
    await agent
      .put('/api/customers/4')
      .send({ ...record, city: 'Kiruna' })
      .expect(200);
    const supervisor = await env.as('supervisor');
    const { body: again } = await supervisor.get('/api/customers/4').expect(200);
    await supervisor
      .put('/api/customers/4')
      .send({ ...again, personnummer: '19850312-4573' })
      .expect(200);
  });

  test('a rectification logged without verified identity cannot be completed (409 with a message); rejecting it still can', async () => {
    const agent = await env.as('agent');
    const logged = await agent
      .post('/api/gdpr_requests')
      .send({
        customer_id: 5,
        type: 'rectification',
        channel: 'phone',
        identity_method: 'phone_questions',
        identity_verified: false,
        changes: [{ field: 'street', new_value: 'Bedragargatan 1' }],
      })
      .expect(201);
    const supervisor = await env.as('supervisor');
    const before = await tableDigest(env.db);
    const res = await supervisor
      .put(`/api/gdpr_requests/${logged.body.id}`)
      .send({ status: 'completed', version: logged.body.version })
      .expect(409);
    expect(res.body.message).toMatch(/Identiteten styrktes inte/);
    expect(res.body.errors).toHaveProperty('identity_verified');
    expect(await tableDigest(env.db)).toBe(before);
    await supervisor
      .put(`/api/gdpr_requests/${logged.body.id}`)
      .send({ status: 'rejected', outcome: 'Identiteten kunde inte styrkas', version: logged.body.version })
      .expect(200);
  });
});

describe('accounts', () => {
  test('the last active admin can neither demote nor deactivate itself (409); with a second admin it can', async () => {
    const admin = await env.as('admin');
    const { body: me } = await admin.get('/api/auth/me').expect(200);
    const { body: record } = await admin.get(`/api/users/${me.id}`).expect(200);
    const demote = await admin.put(`/api/users/${me.id}`).send({ role: 'supervisor', version: record.version }).expect(409);
    expect(demote.body.message).toMatch(/minst en aktiv administratör/);
    const deactivate = await admin.put(`/api/users/${me.id}`).send({ active: false, version: record.version }).expect(409);
    expect(deactivate.body.errors).toHaveProperty('active');
    await admin.get('/api/auth/me').expect(200);
    const second = await admin
      .post('/api/users')
      .send({ username: 'admin2', full_name: 'Andra Admin', role: 'admin', password: 'korrekt-häst-batteri' })
      .expect(201);
    // Now the first may step down (which ends its sessions); the second is the last and stays.
    await admin.put(`/api/users/${me.id}`).send({ role: 'supervisor', version: record.version }).expect(200);
    const other = request.agent(env.app);
    await other.post('/api/auth/login').send({ username: 'admin2', password: 'korrekt-häst-batteri' }).expect(200);
    await other.put(`/api/users/${second.body.id}`).send({ active: false, version: second.body.version }).expect(409);
    await other
      .put(`/api/users/${me.id}`)
      .send({ role: 'admin', version: record.version + 1 })
      .expect(200);
  });

  test.each([
    ['too short', 'kort-ord-1', /minst 12 tecken/],
    ['a common password', 'qwerty123456', /vanligaste/],
    ['a common password with case', 'Password1234', /vanligaste/],
    ['a common word with digits added', 'Sommar2026!!', /vanligt ord/],
    ['the international list with digits added', 'football12345', /vanligt ord/],
    ['only digits', '202611252026', /bara siffror/],
    ['one character repeated', 'aaaaaaaaaaaaaa', /ett och samma tecken/],
    ['the username in it', 'nykollega-2026-xyz', /användarnamnet/],
  ])('a new password that is %s is a 400 on the password', async (_what, password, message) => {
    const admin = await env.as('admin');
    const res = await admin
      .post('/api/users')
      .send({ username: 'nykollega', full_name: 'Ny Kollega', role: 'agent', password })
      .expect(400);
    expect(res.body.errors.password).toMatch(message);
  });

  test('a long, uncommon password is accepted, on creation and on change', async () => {
    const admin = await env.as('admin');
    const created = await admin
      .post('/api/users')
      .send({ username: 'langtlosen', full_name: 'Lång Lösen', role: 'agent', password: 'tre blå cyklar i Umeå' })
      .expect(201);
    await admin.put(`/api/users/${created.body.id}`).send({ password: 'kort', version: created.body.version }).expect(400);
    await admin
      .put(`/api/users/${created.body.id}`)
      .send({ password: 'fyra gröna bussar i Luleå', version: created.body.version })
      .expect(200);
  });
});

describe('small things from the review', () => {
  test('Origin: null and the other scheme are refused on state-changing requests', async () => {
    const agent = await env.as('agent');
    const host = '127.0.0.1:4321';
    const before = await tableDigest(env.db);
    for (const origin of ['null', `https://${host}`, `ftp://${host}`]) {
      const res = await agent.post('/api/notes').set('Host', host).set('Origin', origin).send({ customer_id: 1, body: 'x' });
      expect({ origin, status: res.status }).toEqual({ origin, status: 403 });
    }
    expect(await tableDigest(env.db)).toBe(before);
    await agent.post('/api/notes').set('Host', host).set('Origin', `http://${host}`).send({ customer_id: 1, body: 'samma' }).expect(201);
  });

  test('behind the proxy the scheme compared is the forwarded one', async () => {
    const host = 'kundtjanst.example.se';
    const login = await request(proxied)
      .post('/api/auth/login')
      .set('Host', host)
      .set('X-Forwarded-Proto', 'https')
      .set('Origin', `https://${host}`)
      .send({ username: 'agent', password: PASSWORD })
      .expect(200);
    const sid = cookieNamed(login, '__Host-sid')!.split(';')[0];
    const note = (origin: string) =>
      request(proxied)
        .post('/api/notes')
        .set('Host', host)
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', sid)
        .set('Origin', origin)
        .send({ customer_id: 1, body: 'via proxyn' });
    await note(`http://${host}`).expect(403);
    await note(`https://${host}`).expect(201);
  });

  test.each(['0x10', '1e3', '%201', '1%20', '01', '1.0', '+1', '-1', '0', '1,2', '２'])('the id %s in a path is a 400', async (id) => {
    const agent = await env.as('agent');
    const res = await agent.get(`/api/customers/${id}`).expect(400);
    expect(res.body.errors).toHaveProperty('id');
  });

  test('ids in filters are judged the same way: a JSON number or a plain decimal string', async () => {
    const agent = await env.as('agent');
    for (const id of [1, '1']) {
      await agent
        .get('/api/notes')
        .query({ filter: JSON.stringify({ customer_id: id }) })
        .expect(200);
    }
    for (const id of ['0x1', '1e0', ' 1', '01', 1.5, -1]) {
      const res = await agent.get('/api/notes').query({ filter: JSON.stringify({ customer_id: id }) });
      expect({ id, status: res.status }).toEqual({ id, status: 400 });
    }
  });

  test('anonymous callers get 401 (not 404 or 405) on known paths with methods they do not have', async () => {
    for (const [method, path] of [
      ['patch', '/api/customers/1'],
      ['delete', '/api/customers/1'],
      ['put', '/api/customers'],
      ['post', '/api/audit_events'],
      ['delete', '/api/users/1'],
    ] as const) {
      const res = await request(env.app)[method](path).send({});
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
    }
    // A public path answers its 405 with Allow; an unknown path is a 404.
    const login = await request(env.app).get('/api/auth/login').expect(405);
    expect(login.headers.allow).toBe('POST');
    await request(env.app).get('/api/nothing-here').expect(404);
  });
});
