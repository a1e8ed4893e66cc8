import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../server/src/app';
import { createLogger, defaultLevel } from '../../server/src/core/logger';
import { PASSWORD, SECRET, TEST_TODAY, useTestEnv } from '../support/testApp';

/**
 * The access log (pino, written in app.ts): one line per API request with method, route pattern, status,
 * duration, user and request id; refused requests (401/403/429) as warnings; nothing personal — no URL
 * with its query string, no body, no cookie — and no lines for /healthz, /readyz or the SPA's files.
 */
const env = useTestEnv({ customers: 10 });

function capturedApp(options: { searchRatePerMinute?: number } = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line));
      }
      done();
    },
  });
  const app = createApp({
    db: env.db,
    sessionSecret: SECRET,
    today: TEST_TODAY,
    logger: createLogger('info', sink),
    logError: (line) => env.errors.push(line),
    ...options,
  });
  return { app, lines, raw: () => raw.join('\n') };
}

test('each API request is one line: method, route pattern, status, duration, user and request id', async () => {
  const { app, lines } = capturedApp();
  const agent = request.agent(app);
  await agent.post('/api/auth/login').send({ username: 'agent', password: PASSWORD }).expect(200);
  const res = await agent.get('/api/customers/1').expect(200);
  const line = lines.find((l) => l.route === '/api/customers/:id');
  expect(line).toMatchObject({
    level: 'info',
    method: 'GET',
    route: '/api/customers/:id',
    status: 200,
    username: 'agent',
    request_id: res.headers['x-request-id'],
    msg: 'GET /api/customers/:id 200',
  });
  expect(line!.user_id).toEqual(expect.any(Number));
  expect(line!.duration_ms).toEqual(expect.any(Number));
  expect(Object.keys(line!).sort()).toEqual([
    'duration_ms',
    'level',
    'method',
    'msg',
    'request_id',
    'route',
    'status',
    'time',
    'user_id',
    'username',
  ]);
});

test('401, 403 and 429 are warnings with route, status, user and request id', async () => {
  const { app, lines } = capturedApp({ searchRatePerMinute: 1 });
  await request(app).get('/api/customers/1').expect(401);
  const agent = request.agent(app);
  await agent.post('/api/auth/login').send({ username: 'agent', password: PASSWORD }).expect(200);
  await agent.get('/api/users').expect(403);
  await agent.get('/api/customers').expect(200);
  await agent.get('/api/customers').expect(429);
  const warnings = lines.filter((l) => l.level === 'warn');
  expect(warnings.map((l) => [l.route, l.status, l.username ?? null])).toEqual([
    ['/api/customers/:id', 401, null],
    ['/api/users', 403, 'agent'],
    ['/api/customers', 429, 'agent'],
  ]);
  for (const w of warnings) expect(w.request_id).toEqual(expect.any(String));
});

test('nothing personal reaches the log: no query string, no body, no cookie, no path values', async () => {
  const { app, raw } = capturedApp();
  const agent = request.agent(app);
  await agent.post('/api/auth/login').send({ username: 'agent', password: PASSWORD }).expect(200);
  await agent
    .get('/api/customers')
    .query({ filter: JSON.stringify({ q: '19800101-1231' }) })
    .expect(200);
  await agent
    .get('/api/customers')
    .query({ filter: JSON.stringify({ q: 'anna.andersson@example.se' }) })
    .expect(200);
  await agent.post('/api/notes').send({ customer_id: 1, body: 'Ringde från 070-123 45 67' }).expect(201);
  await agent.get('/api/customers/198001011231').expect(400);
  await agent.get('/api/nothing/0701234567').expect(404);
  await request(app).post('/api/auth/login').send({ username: 'anna.andersson@example.se', password: '198001011231' }).expect(401);
  const log = raw();
  expect(log).toMatch(/"route":"\/api\/customers"/);
  expect(log).toMatch(/"route":"unmatched"/);
  for (const secret of ['19800101', '198001011231', 'anna.andersson', '070-123', '0701234567', 'sid=', PASSWORD, 'Ringde']) {
    expect({ secret, found: log.includes(secret) }).toEqual({ secret, found: false });
  }
});

test('/healthz, /readyz and the SPA are not in the access log', async () => {
  const { app, lines } = capturedApp();
  await request(app).get('/healthz').expect(200);
  await request(app).get('/readyz').expect(200);
  expect(lines).toEqual([]);
});

test('a 500 is one error line with the request id and the driver message only', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const broken = createApp({
    db: env.db,
    sessionSecret: SECRET,
    today: TEST_TODAY,
    logger: createLogger('info', sink),
  });
  const agent = request.agent(broken);
  await agent.post('/api/auth/login').send({ username: 'agent', password: PASSWORD }).expect(200);
  // A table that is not there makes any list a driver error.
  await env.db.schema.renameTable('notes', 'notes_away');
  try {
    const res = await agent
      .get('/api/notes')
      .query({ filter: JSON.stringify({ customer_id: 1 }) })
      .expect(500);
    expect(res.body).toEqual({ message: 'Internt fel', request_id: res.headers['x-request-id'] });
  } finally {
    await env.db.schema.renameTable('notes_away', 'notes');
  }
  const failed = lines.filter((l) => l.level === 'error');
  expect(failed.map((l) => l.msg)).toEqual(['request failed', 'GET /api/notes 500']);
  expect(failed[0]).toMatchObject({ route: '/api/notes', request_id: expect.any(String), method: 'GET' });
  expect(String(failed[0].message)).not.toMatch(/select/i);
});

test('LOG_LEVEL is checked: a typo stops the start with a message; unset it is info, silent under jest', () => {
  expect(defaultLevel({ LOG_LEVEL: 'warn' })).toBe('warn');
  expect(defaultLevel({ LOG_LEVEL: ' DEBUG ' })).toBe('debug');
  expect(defaultLevel({})).toBe('info');
  expect(defaultLevel({ NODE_ENV: 'test' })).toBe('silent');
  expect(() => defaultLevel({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL must be one of/);
});
