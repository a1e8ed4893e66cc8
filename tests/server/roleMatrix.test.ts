import request from 'supertest';
import { apiRoutes } from '../../server/src/app';
import { ALARM_TOKEN, SECRET, startTestEnv, type TestEnv } from '../support/testApp';

/**
 * The role matrix, generated from the route table: every route × (anonymous, agent, supervisor, admin)
 * — and the monitoring service, which has no session but the bearer token of `POST /api/alarms` —
 * is called and must answer its expected status class. 'allowed' means neither 401 nor 403 (the request
 * carries an empty body and id 1, so a 200, 201, 400, 404 or 409 are all fine).
 *
 * `product` names the row of PRODUCT.md's role table the route belongs to; a test below checks that
 * the expectations agree with that row, so the table cannot drift from the product either.
 */
type Outcome = 401 | 403 | 'allowed';
type Caller = 'anonymous' | 'agent' | 'supervisor' | 'admin' | 'monitoring';
type ProductRow =
  | 'public' // login
  | 'session' // any signed-in user: me, logout
  | 'agent' // search/open customers, notes, register cancellation, billing changes, log GDPR request (+ the record's data)
  | 'supervisor' // queue moves, complete/reject/extend GDPR, dashboard, audit log
  | 'admin' // manage users
  | 'token'; // POST /api/alarms: no role, only the monitoring service's bearer token

interface Expectation {
  product: ProductRow;
  anonymous: Outcome;
  agent: Outcome;
  supervisor: Outcome;
  admin: Outcome;
  /** The bearer token without a session: it opens its own route and nothing else. */
  monitoring: Outcome;
  /** Why the expectations differ from the product row's default, if they do. */
  exception?: string;
}

const A = 'allowed' as const;
const everyone = (product: ProductRow = 'agent'): Expectation => ({
  product,
  anonymous: 401,
  agent: A,
  supervisor: A,
  admin: A,
  monitoring: 401,
});
const supervisors = (): Expectation => ({ product: 'supervisor', anonymous: 401, agent: 403, supervisor: A, admin: A, monitoring: 401 });
const admins = (): Expectation => ({ product: 'admin', anonymous: 401, agent: 403, supervisor: 403, admin: A, monitoring: 401 });
/** Sessions do not open it, whatever the role: only the token does. */
const tokenOnly = (): Expectation => ({ product: 'token', anonymous: 401, agent: 401, supervisor: 401, admin: 401, monitoring: A });

export const ROLE_MATRIX: Record<string, Expectation> = {
  'POST /auth/login': { product: 'public', anonymous: A, agent: A, supervisor: A, admin: A, monitoring: A },
  'POST /auth/logout': everyone('session'),
  'GET /auth/me': everyone('session'),
  'GET /me/summary': everyone('session'),

  'GET /customers': everyone(),
  'GET /customers/:id': everyone(),
  'POST /customers': everyone(),
  'PUT /customers/:id': everyone(),
  'GET /customers/:id/invoice-schedule': everyone(),
  'GET /customers/:id/counts': everyone(),
  'GET /customers/:id/data-export': supervisors(),

  'GET /notes': everyone(),
  'GET /notes/:id': everyone(),
  'POST /notes': everyone(),

  'GET /audit_events': {
    ...everyone(),
    agent: 403,
    exception: "agents read one customer's history (filter customer_id, 200 — tested in authAndAudit); the whole log is the supervisors'",
  },
  'GET /audit_events/:id': supervisors(),

  'GET /products': everyone(),
  'GET /products/:id': everyone(),
  'GET /subscriptions': everyone(),
  'GET /subscriptions/:id': everyone(),
  'POST /subscriptions': everyone(),
  'GET /subscriptions/:id/cancellation-terms': everyone(),
  'GET /invoices': everyone(),
  'GET /invoices/:id': everyone(),

  'GET /cancellations/stats': supervisors(),
  'GET /cancellations': everyone(),
  'GET /cancellations/:id': everyone(),
  'POST /cancellations': everyone(),
  // Agents mark the form sent or revoke during a call; confirmed/completed are refused to them by the
  // service (403, tested in cancellations.test.ts), so the route itself is open to every role.
  'PUT /cancellations/:id': everyone(),

  'GET /billing_changes': everyone(),
  'GET /billing_changes/:id': everyone(),
  'POST /billing_changes': everyone(),
  'DELETE /billing_changes/:id': everyone(),

  // Agents read mandates and payments on the record and request a payment-method change; deciding a
  // mandate, assigning a payment and the payment files are the supervisors' (PRODUCT.md's role table).
  'GET /autogiro_mandates': everyone(),
  'GET /autogiro_mandates/:id': everyone(),
  'PUT /autogiro_mandates/:id': supervisors(),
  'GET /payments': everyone(),
  'GET /payments/:id': everyone(),
  'PUT /payments/:id': supervisors(),
  'GET /payment_files': supervisors(),
  'GET /payment_files/:id': supervisors(),
  'POST /payment_files': supervisors(),

  'GET /gdpr_requests': everyone(),
  'GET /gdpr_requests/due-date': everyone(),
  'GET /gdpr_requests/:id': everyone(),
  'POST /gdpr_requests': everyone(),
  'PUT /gdpr_requests/:id': supervisors(),

  'GET /covered_persons': everyone(),
  'GET /covered_persons/:id': everyone(),
  'POST /covered_persons': everyone(),
  'PUT /covered_persons/:id': everyone(),
  'DELETE /covered_persons/:id': everyone(),
  'GET /alarms': everyone(),
  'GET /alarms/:id': everyone(),
  'POST /alarms': tokenOnly(),
  'GET /blocks': everyone(),
  'GET /blocks/:id': everyone(),
  'POST /blocks': everyone(),
  'PUT /blocks/:id': everyone(),

  'GET /users': admins(),
  'GET /users/:id': admins(),
  'POST /users': admins(),
  'PUT /users/:id': admins(),
};

const CALLERS: readonly Caller[] = ['anonymous', 'agent', 'supervisor', 'admin', 'monitoring'];
const routeKey = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;
const classOf = (status: number): Outcome => (status === 401 || status === 403 ? status : 'allowed');

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv({ customers: 10 });
}, 60_000);
afterAll(async () => {
  const errors = env.errors;
  await env.close();
  expect(errors).toEqual([]);
});

test('every route in the table has a role-matrix entry, and every entry a route', () => {
  const routes = apiRoutes(SECRET).map(routeKey);
  const missing = routes.filter((k) => !(k in ROLE_MATRIX)).map((k) => `route added without a role-matrix entry: ${k}`);
  const stale = Object.keys(ROLE_MATRIX)
    .filter((k) => !routes.includes(k))
    .map((k) => `role-matrix entry without a route: ${k}`);
  expect([...missing, ...stale]).toEqual([]);
});

test('the expectations agree with the role table of PRODUCT.md', () => {
  const defaults: Record<ProductRow, Omit<Expectation, 'product'>> = {
    public: { anonymous: A, agent: A, supervisor: A, admin: A, monitoring: A },
    session: { anonymous: 401, agent: A, supervisor: A, admin: A, monitoring: 401 },
    agent: { anonymous: 401, agent: A, supervisor: A, admin: A, monitoring: 401 },
    supervisor: { anonymous: 401, agent: 403, supervisor: A, admin: A, monitoring: 401 },
    admin: { anonymous: 401, agent: 403, supervisor: 403, admin: A, monitoring: 401 },
    token: { anonymous: 401, agent: 401, supervisor: 401, admin: 401, monitoring: A },
  };
  const disagreements: string[] = [];
  for (const [key, e] of Object.entries(ROLE_MATRIX)) {
    if (e.exception) continue;
    for (const caller of CALLERS) {
      if (e[caller] !== defaults[e.product][caller]) disagreements.push(`${key} ${caller}: ${e[caller]} ≠ ${defaults[e.product][caller]}`);
    }
  }
  expect(disagreements).toEqual([]);
});

test('every route × caller answers its expected status class', async () => {
  const sessions = {
    anonymous: () => request(env.app),
    agent: await env.as('agent'),
    supervisor: await env.as('supervisor'),
    admin: await env.as('admin'),
  };
  const wrong: string[] = [];
  let checked = 0;
  for (const route of apiRoutes(SECRET)) {
    const key = routeKey(route);
    const expected = ROLE_MATRIX[key];
    if (!expected) continue; // reported by the first test
    for (const caller of CALLERS) {
      // Logging out ends the session it is sent with: use a fresh one.
      const client =
        caller === 'anonymous' || caller === 'monitoring'
          ? request(env.app)
          : key === 'POST /auth/logout'
            ? await env.as(caller)
            : sessions[caller];
      const call = client[route.method](`/api${route.path.replace(':id', '1')}`);
      if (caller === 'monitoring') call.set('Authorization', `Bearer ${ALARM_TOKEN}`);
      const res = await call.send({});
      checked++;
      if (classOf(res.status) !== expected[caller]) {
        wrong.push(`${key} as ${caller}: ${res.status} ${JSON.stringify(res.body).slice(0, 100)}, expected ${expected[caller]}`);
      }
    }
  }
  expect(wrong).toEqual([]);
  expect(checked).toBe(apiRoutes(SECRET).length * CALLERS.length);
  // The demo sessions are still alive: nothing in the sweep logged them out.
  await sessions.agent.get('/api/auth/me').expect(200);
  // 140 requests one after the other: on PostgreSQL, on a machine busy with other suites, past jest's 5 s.
}, 60_000);
