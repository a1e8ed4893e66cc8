import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { E2E_TODAY, type E2EServer, launchBrowser, login, OUTPUT_DIR, screenshot, startServer } from './browser';

/**
 * Trust on the supervisor's screens (issue 13): deep links agents may not open, the cancellation queue with
 * next/previous and a revoke that asks first, charts that open the filtered queue, the audit log in words
 * with its filters, the CSV export in words and kronor with formulas neutralised, the GDPR queue's tabs and
 * bulk actions, and the registerutdrag fit to post.
 */
let server: E2EServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function loggedIn(username: string, viewport = { width: 1440, height: 1000 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'sv-SE', acceptDownloads: true });
  const page = await context.newPage();
  await login(page, server.url, username);
  await page.getByTestId('notes-today').waitFor();
  return page;
}

async function api<T>(page: Page, urlPath: string, params: Record<string, unknown> = {}): Promise<T> {
  const query = new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, JSON.stringify(v)])));
  const res = await page.request.get(`${server.url}/api${urlPath}${Object.keys(params).length ? `?${query}` : ''}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
}

async function post<T>(page: Page, urlPath: string, data: unknown): Promise<T> {
  const res = await page.request.post(`${server.url}/api${urlPath}`, { data });
  expect(res.status()).toBe(201);
  return (await res.json()) as T;
}

const queueUrl = (filter: Record<string, unknown>, more = '') =>
  `${server.url}/#/cancellations?filter=${encodeURIComponent(JSON.stringify(filter))}${more}`;

test('an agent’s deep links to the supervisors’ pages say "Åtkomst nekad" and fire no 403', async () => {
  const page = await loggedIn('agent');
  const forbidden: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 403) forbidden.push(new URL(response.url()).pathname);
  });
  for (const hash of ['/cancellations', '/gdpr_requests', '/audit_events', '/cancellations-overview', '/users']) {
    await page.goto(`${server.url}/#${hash}`);
    await page.getByText('Åtkomst nekad').first().waitFor();
    if (hash === '/cancellations-overview') await screenshot(page, 'trust-agent-access-denied');
  }
  await page.waitForTimeout(500);
  expect(forbidden).toEqual([]);
  await page.context().close();
});

test('the cancellation queue: next and previous on the detail page; revoking asks first, with a reason', async () => {
  const page = await loggedIn('supervisor');
  await page.goto(queueUrl({ status: 'registered' }, '&sort=ends_on&order=ASC'));
  const rows = page.locator('table tbody tr');
  await rows.nth(1).waitFor();
  await page.getByTestId('tab-all').waitFor();
  await screenshot(page, 'trust-cancellation-queue');
  await rows.first().click();
  await page.waitForFunction(() => /#\/cancellations\/\d+\/show$/.test(location.hash));
  const first = await page.evaluate(() => location.hash);
  await page.getByLabel('Gå till nästa sida').click();
  await page.waitForFunction((was) => location.hash !== was && /\/show$/.test(location.hash), first);
  const second = await page.evaluate(() => location.hash);
  await screenshot(page, 'trust-cancellation-detail');
  await page.getByLabel('Gå till föregående sida').click();
  await page.waitForFunction((was) => location.hash === was, first);

  // Revoke: a dialog, not a click that acts.
  const id = Number(/cancellations\/(\d+)/.exec(second)![1]);
  await page.goto(`${server.url}/${second}`);
  await page.getByRole('button', { name: 'Återkalla uppsägning' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Varför återkallas uppsägningen?').first().waitFor();
  expect((await api<{ status: string }>(page, `/cancellations/${id}`)).status).toBe('registered');
  await page.keyboard.type('Kunden ringde och ångrade sig');
  await dialog.getByRole('button', { name: 'Återkalla uppsägningen' }).click();
  await page.getByText('Uppsägningen är återkallad. Abonnemanget fortsätter.').waitFor();
  const revoked = await api<{ status: string; revoke_reason: string }>(page, `/cancellations/${id}`);
  expect(revoked).toMatchObject({ status: 'revoked', revoke_reason: 'Kunden ringde och ångrade sig' });
  await page.getByText('Kunden ringde och ångrade sig').waitFor();
  await page.context().close();
});

test('the overview’s bars (and the reasons as links) open the queue filtered as the bar counts', async () => {
  const page = await loggedIn('supervisor');
  await page.goto(`${server.url}/#/cancellations-overview`);
  await page.getByTestId('chart-reasons').locator('.recharts-bar-rectangle').first().waitFor();
  await screenshot(page, 'trust-overview');
  // A reason's bar.
  await page.getByTestId('chart-reasons').locator('.recharts-bar-rectangle').first().click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"reason":'));
  const reason = JSON.parse(decodeURIComponent(/filter=([^&]+)/.exec(await page.evaluate(() => location.hash))![1])).reason as string;
  await page.locator('table tbody tr').first().waitFor();
  await page.getByTestId('tab-all').waitFor();
  const reasonWords = await page.evaluate(
    (r) =>
      ({
        price: 'Priset',
        not_needed: 'Behöver inte tjänsten',
        moving_abroad: 'Flyttar utomlands',
        deceased: 'Dödsfall',
        dissatisfied: 'Missnöjd',
        other: 'Annat',
      })[r],
    reason,
  );
  const cells = await page.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent ?? ''));
  expect(cells.every((text) => text.includes(reasonWords!))).toBe(true);
  await screenshot(page, 'trust-overview-reason-queue');

  // A week's bar.
  await page.goto(`${server.url}/#/cancellations-overview`);
  const weekBars = page.getByTestId('chart-per-week').locator('.recharts-bar-rectangle');
  await weekBars.first().waitFor();
  await weekBars.last().click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"requested_from":'));
  const filter = JSON.parse(decodeURIComponent(/filter=([^&]+)/.exec(await page.evaluate(() => location.hash))![1]));
  expect(filter.requested_to).toBeDefined();
  expect(['notice', 'withdrawal']).toContain(filter.kind);

  // The reasons as links, for the keyboard.
  await page.goto(`${server.url}/#/cancellations-overview`);
  const link = page.locator('[data-testid^="reason-link-"]').first();
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"reason":'));
  await page.context().close();
});

test('the audit log: entity and action in words, links to the record, filters by customer, actor, action and dates', async () => {
  const agent = await loggedIn('agent');
  await agent.goto(`${server.url}/#/customers/1/show`);
  await agent.getByTestId('customer-name').getByText('Anna Andersson').waitFor();
  await agent.context().close();

  const page = await loggedIn('supervisor');
  await page.goto(`${server.url}/#/audit_events`);
  const rows = page.locator('table tbody tr');
  await rows.nth(2).waitFor();
  await screenshot(page, 'trust-audit-log');

  // By actor.
  await page.getByLabel('Användare', { exact: true }).fill('agent');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('table tbody tr')].every((tr) => tr.querySelectorAll('td')[1]?.textContent === 'agent'),
  );
  // By customer, from the search.
  await page.getByLabel('Kund', { exact: true }).fill('Anna');
  await page.getByRole('option', { name: /Anna Andersson \(100001\)/ }).click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"customer_id":1'));
  // By action, in words.
  await page.getByRole('button', { name: 'Lägg till filter' }).click();
  await page.getByRole('menuitemcheckbox', { name: 'Händelse' }).click();
  await page.getByRole('combobox', { name: 'Händelse' }).click();
  await page.getByRole('option', { name: 'Öppnade' }).click();
  // The list of actions is long: it closes before anything under it can be clicked.
  await page.getByRole('listbox').waitFor({ state: 'hidden' });
  // The filter form applies its values after a pause: wait until the action is in the address, so that a
  // click below is not followed by the list's own late navigation.
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"action":"view"'));
  await rows.first().getByText('öppnade kunden').waitFor();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('table tbody tr')].every((tr) => (tr.textContent ?? '').includes('öppnade kunden')),
  );
  await screenshot(page, 'trust-audit-log-filtered');
  // The record link opens the customer.
  await rows.first().getByTestId('audit-record-link').click();
  await page.waitForFunction(() => location.hash === '#/customers/1/show');
  await page.goBack();
  await rows.first().waitFor();

  // By dates (Stockholm days): from tomorrow on there is nothing yet.
  const tomorrow = new Date(Date.now() + 36 * 3600_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
  await page.getByLabel('Från och med').fill(tomorrow);
  await page
    .getByText(/Inga .* hittades/)
    .first()
    .waitFor();
  const text = await page.locator('#main-content').innerText();
  expect(text).not.toMatch(/\b(customers|cancellations|view|update|create)\b/);
  await page.context().close();
});

test('the CSV export is in words and kronor, and a note that looks like a formula is neutralised', async () => {
  const agent = await loggedIn('agent');
  const [sub] = await api<Array<{ id: number; customer_id: number }>>(agent, '/subscriptions', {
    filter: { status: 'active' },
    range: [0, 0],
    sort: ['id', 'DESC'],
  });
  await post(agent, '/cancellations', {
    subscription_id: sub.id,
    requested_on: E2E_TODAY,
    channel: 'email',
    reason: 'other',
    reason_note: '=HYPERLINK("http://evil.example","Klicka")',
  });
  await agent.context().close();

  const page = await loggedIn('supervisor');
  await page.goto(queueUrl({ customer_id: sub.customer_id, status: 'registered' }));
  await page.locator('table tbody tr').first().waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exportera' }).click()]);
  const file = path.join(OUTPUT_DIR, 'trust-cancellations.csv');
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  await download.saveAs(file);
  const csv = fs.readFileSync(file, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const [header, ...lines] = csv.slice(1).split('\r\n');
  expect(header.split(';')).toEqual(
    expect.arrayContaining(['Kundnummer', 'Kund', 'Abonnemang', 'Typ', 'Status', 'Återbetalning (kr)', 'Orsak']),
  );
  const row = lines.find((l) => l.includes('HYPERLINK'))!;
  expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""Klicka"")"`);
  expect(row).toMatch(/;Registrerad;/);
  expect(row).toMatch(/;E-post;Annat;/);
  expect(row).toMatch(/;\d+,\d{2};/);
  expect(csv).not.toMatch(/\b(registered|notice|withdrawal|email|other)\b/);
  await page.context().close();
});

test('the GDPR queue: status tabs with counts, the overdue first; completing several at once', async () => {
  const agent = await loggedIn('agent');
  const request = { channel: 'phone', received_on: E2E_TODAY, identity_method: 'bankid', identity_verified: true };
  await post(agent, '/gdpr_requests', { ...request, customer_id: 5, type: 'access' });
  await post(agent, '/gdpr_requests', { ...request, customer_id: 5, type: 'objection' });
  await agent.context().close();

  const page = await loggedIn('supervisor');
  await page.goto(`${server.url}/#/gdpr_requests`);
  for (const tab of ['overdue', 'open', 'completed', 'rejected'])
    await page
      .getByTestId(`gdpr-tab-${tab}`)
      .getByText(/\(\d+\)/)
      .waitFor();
  const rows = page.locator('table tbody tr');
  await rows.first().waitFor();
  // Soonest deadline first: every overdue row comes before every other.
  const overdue = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('[data-overdue]') !== null));
  expect(overdue.indexOf(false) === -1 || overdue.lastIndexOf(true) < overdue.indexOf(false)).toBe(true);
  await screenshot(page, 'trust-gdpr-queue');

  await page.goto(`${server.url}/#/gdpr_requests?filter=${encodeURIComponent(JSON.stringify({ status: 'open', customer_id: 5 }))}`);
  await rows.nth(1).waitFor();
  await page
    .getByRole('checkbox', { name: /välj alla|markera alla/i })
    .first()
    .check();
  await page.getByTestId('gdpr-bulk-complete').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(/Slutför \d+ begäranden/).waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
  await page.keyboard.type('Besvarat per brev');
  await dialog.getByRole('button', { name: 'Slutför markerade' }).click();
  await page.getByText(/begäranden klara/).waitFor();
  const left = await api<unknown[]>(page, '/gdpr_requests', { filter: { status: 'open', customer_id: 5 } });
  expect(left).toEqual([]);
  await page.context().close();
});

test('the registerutdrag is fit to post: words only, "kundtjänst" for staff, customer since the first subscription, tables within an A4 page', async () => {
  const page = await loggedIn('supervisor');
  const subscriptions = await api<Array<{ signed_on: string }>>(page, '/subscriptions', { filter: { customer_id: 1 }, range: [0, 99] });
  const since = subscriptions.map((s) => s.signed_on).sort()[0];
  await page.goto(`${server.url}/#/customers/1/registerutdrag`);
  const letter = page.getByTestId('registerutdrag');
  await letter.waitFor();
  await page.getByTestId('registerutdrag-customer-since').getByText(since).waitFor();
  await letter.getByRole('columnheader', { name: 'Fakturarader' }).first().waitFor();
  const text = await letter.innerText();
  expect(text).toContain('kundtjänst');
  expect(text).not.toMatch(/\b(agent|supervisor|admin|seed|system)\b/);
  expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
  expect(text).not.toMatch(/\|\|\|\||\+46\d|\b\d{12}\b/);
  await screenshot(page, 'trust-registerutdrag');

  // Printed on A4 (210 mm less the margins ≈ 660 CSS px): no table is wider than the page.
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 660, height: 1000 });
  const overflowing = await page.evaluate(
    () =>
      [...document.querySelectorAll('.registerutdrag table')].filter((t) => t.scrollWidth > (t.parentElement?.clientWidth ?? 0) + 1).length,
  );
  expect(overflowing).toBe(0);
  await page.pdf({ path: path.join(OUTPUT_DIR, 'trust-registerutdrag.pdf'), format: 'A4', printBackground: true });
  await screenshot(page, 'trust-registerutdrag-print');
  await page.context().close();
});
