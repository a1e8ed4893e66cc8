import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type E2EServer, launchBrowser, login, screenshot, startServer } from './browser';

/**
 * Security in the real app: the SPA works under its Content-Security-Policy (no violation while an agent
 * and a supervisor click through the main pages in Chromium), and after a realistic session — searches by
 * personnummer and phone, a record opened, a phone edited, notes, rejected input, failing API calls — the
 * server's whole output holds no personnummer, e-mail address or phone number.
 */
let server: E2EServer;
let browser: Browser;
const cspViolations: string[] = [];
const pageErrors: string[] = [];

// Anna Andersson of the demo seed, and the values this test types.
const PERSONNUMMER = ['198001011231', '8001011231', '800101-1231', '19800101-1231'];
const BAD_PERSONNUMMER = ['198001011232', '800101-1232'];
const EMAILS = ['anna.andersson@example.se', 'anna.ny.adress@example.se', 'ny.kund@example.se'];
const PHONES = ['+46701234567', '0701234567', '070-123 45 67', '+46735559876', '0735559876', '073-555 98 76'];

/** Lets the page render what it fetched (the app polls nothing, but react-admin refetches on focus). */
const settle = (page: Page) => page.waitForTimeout(400);

async function watchedPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (/content security policy/i.test(msg.text())) cspViolations.push(`${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return page;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("an agent's call: search, open, edit, notes and rejected input — all under the CSP", async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'sv-SE' });
  const page = await watchedPage(context);
  const first = await page.goto(server.url);
  const csp = first?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("default-src 'self'");

  await login(page, server.url, 'agent');
  await page.getByTestId('notes-today').waitFor();

  const search = page.getByRole('banner').getByTestId('customer-search');
  // By personnummer (10 digits with a dash), then by phone as the caller reads it.
  await search.fill('800101-1231');
  await page.getByTestId('search-hits').getByText('Anna Andersson').waitFor();
  await search.fill('');
  await search.fill('070-123 45 67');
  await page.getByTestId('search-hits').getByText('Anna Andersson').click();
  await page.getByTestId('customer-name').getByText('Anna Andersson').waitFor();
  await page.getByText('19800101-1231').waitFor();

  // Every tab of the record.
  for (const tab of [/fakturor/i, /ärenden/i, /anteckningar/i, /historik/i, /abonnemang/i]) {
    await page.getByRole('tab', { name: tab }).click();
    await settle(page);
  }

  // Edit the phone: first a rejected value (400), then a good one.
  await page.getByRole('link', { name: /redigera/i }).click();
  const phone = page.locator('input[name=phone]');
  await phone.fill('12');
  await page.getByRole('button', { name: /spara/i }).click();
  await page.getByText('Ogiltigt telefonnummer').waitFor();
  const email = page.locator('input[name=email]');
  await email.fill('anna.ny.adress@example');
  await phone.fill('+46 73 555 98 76');
  await page.getByRole('button', { name: /spara/i }).click();
  await page
    .getByText(/ogiltig e-postadress/i)
    .first()
    .waitFor();
  await email.fill('anna.ny.adress@example.se');
  await page.getByRole('button', { name: /spara/i }).click();
  await page.getByTestId('customer-phone').getByText('073-555 98 76').waitFor();

  // A note full of personal data (it belongs in the database, never in a log).
  await page.getByRole('tab', { name: /anteckningar/i }).click();
  const note = page.getByTestId('quick-note');
  await note.fill('Kunden 19800101-1231 ringde från 0735559876, ny e-post anna.ny.adress@example.se.');
  await note.press('Control+Enter');
  await page
    .getByTestId('notes')
    .getByText(/Kunden 19800101-1231 ringde/)
    .waitFor();

  // Search by the new phone and by e-mail: the same customer.
  await search.fill('');
  await search.fill('+46735559876');
  await page.getByTestId('search-hits').getByText('Anna Andersson').waitFor();
  await search.fill('');
  await search.fill('anna.ny.adress@example.se');
  await page.getByTestId('search-hits').getByText('Anna Andersson').waitFor();
  await screenshot(page, 'logs-agent');

  // API calls that fail, sent with the agent's session (4xx of every kind, and inputs that once were 500s).
  const api = page.request;
  const calls: Array<[string, Promise<{ status: () => number }>]> = [
    [
      'stale version',
      api.put(`${server.url}/api/customers/1`, { data: { version: 1, phone: '0701234567', email: 'anna.andersson@example.se' } }),
    ],
    [
      'invalid personnummer',
      api.post(`${server.url}/api/customers`, {
        data: {
          personnummer: '19800101-1232',
          first_name: 'Ny',
          last_name: 'Kund',
          street: 'Gatan 1',
          postal_code: '123 45',
          city: 'Umeå',
          phone: '0735559876',
          email: 'ny.kund@example.se',
        },
      }),
    ],
    [
      'duplicate personnummer',
      api.post(`${server.url}/api/customers`, {
        data: {
          personnummer: '198001011231',
          first_name: 'Anna',
          last_name: 'Andersson',
          street: 'Gatan 1',
          postal_code: '123 45',
          city: 'Umeå',
          phone: '0735559876',
          email: 'ny.kund@example.se',
        },
      }),
    ],
    ['unknown field', api.post(`${server.url}/api/notes`, { data: { customer_id: 1, body: '800101-1231', personnummer: '8001011231' } })],
    ['NUL', api.post(`${server.url}/api/notes`, { data: { customer_id: 1, body: 'anna.andersson@example.se\u0000' } })],
    ['bad filter', api.get(`${server.url}/api/customers?filter=${encodeURIComponent('{"personnummer":"198001011231"}')}`)],
    ['bad path escape', api.get(`${server.url}/api/customers/%ZZ198001011231`)],
    ['bad date', api.get(`${server.url}/api/subscriptions/1/cancellation-terms?requested_on=2026-02-30`)],
    ['forbidden', api.get(`${server.url}/api/users?filter=${encodeURIComponent('{"q":"0701234567"}')}`)],
    ['not found', api.get(`${server.url}/api/customers/999999`)],
    ['too large', api.post(`${server.url}/api/notes`, { data: { customer_id: 1, body: `198001011231 ${'x'.repeat(200_000)}` } })],
    [
      'wrong password',
      api.post(`${server.url}/api/auth/login`, { data: { username: 'anna.andersson@example.se', password: '198001011231' } }),
    ],
  ];
  for (const [name, call] of calls) {
    const status = (await call).status();
    expect({ name, status: status >= 400 && status < 500 }).toEqual({ name, status: true });
  }
  await context.close();
});

test('a supervisor clicks through the customers list, a customer with every tab, the queues, dashboard and audit log — no CSP violation', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'sv-SE' });
  const page = await watchedPage(context);
  await login(page, server.url, 'supervisor');
  await page.getByText(/Hej /).first().waitFor();
  await settle(page);

  const visit = async (hash: string, ready: () => Promise<void>) => {
    await page.goto(`${server.url}/#${hash}`);
    await ready();
    await settle(page);
  };
  const rows = () => page.locator('table tbody tr').first().waitFor();

  await visit('/customers', rows);
  await visit('/customers/1/show', () => page.getByTestId('customer-name').getByText('Anna Andersson').waitFor());
  for (const tab of [/fakturor/i, /ärenden/i, /anteckningar/i, /historik/i, /abonnemang/i]) {
    await page.getByRole('tab', { name: tab }).click();
    await settle(page);
  }
  await visit('/cancellations', rows);
  await visit('/cancellations-overview', () => page.locator('.recharts-surface').first().waitFor());
  await visit('/gdpr_requests', rows);
  await visit('/audit_events', rows);
  await visit('/', () => page.getByText(/Hej /).first().waitFor());
  await screenshot(page, 'logs-supervisor');
  await context.close();

  expect(cspViolations).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test("the server's output holds no personnummer, e-mail address or phone number", () => {
  const log = server.log();
  // The capture works: the start line is there, and the access log's lines for what the browser did.
  expect(log).toMatch(/Back office on http/);
  const lines = log
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const access = lines.filter((l) => typeof l.route === 'string' && typeof l.status === 'number');
  expect(access.some((l) => l.route === '/api/customers/:id' && l.status === 200 && l.username === 'agent')).toBe(true);
  // Refused requests are warnings with route, status, user and request id.
  const refused = access.filter((l) => l.status === 401 || l.status === 403);
  expect(refused.length).toBeGreaterThan(0);
  for (const l of refused) expect(l).toMatchObject({ level: 'warn', request_id: expect.any(String) });
  expect(refused.some((l) => l.route === '/api/users' && l.status === 403 && l.username === 'agent')).toBe(true);
  // No URL, query string, body or cookie in any line.
  expect(log).not.toMatch(/filter=|"url"|"cookie"|sid=/i);
  const found = [...PERSONNUMMER, ...BAD_PERSONNUMMER, ...EMAILS, ...PHONES].filter((value) => log.includes(value));
  expect(found).toEqual([]);
  // Nor any 10- or 12-digit run, or anything shaped like an e-mail address. (Request ids are UUIDs, whose
  // hex groups can hold a run of decimal digits by chance: they are taken out first.)
  const withoutIds = log.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>');
  expect(withoutIds.match(/\d{10,12}/g) ?? []).toEqual([]);
  expect(log.match(/[\w.+-]+@[\w-]+\.[\w.]+/g) ?? []).toEqual([]);
});
