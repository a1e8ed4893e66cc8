import type { Browser, Page } from 'playwright-core';
import { type E2EServer, launchBrowser, login, screenshot, startServer } from './browser';

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

/** Logs in and waits until the app has answered, so that a direct navigation is not sent back to the login. */
async function loggedIn(page: Page, username: string) {
  await login(page, server.url, username);
  await page.getByRole('button', { name: /logga in/i }).waitFor({ state: 'detached' });
  await page
    .getByPlaceholder(/personnummer, telefon/i)
    .first()
    .waitFor();
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'sv-SE' });
  return context.newPage();
}

// Anna Andersson (customer 1): an active subscription signed 2024-12-22 with 24 months' binding (until
// 2026-12-22), long past its withdrawal period. Notice on 2026-11-25 (E2E_TODAY): the later of the binding
// end and 25 Feb 2027.
const EXPECTED_END = '2027-02-25';

test('an agent registers a notice and sees the end date; a supervisor finds it in the queue and confirms it', async () => {
  const agent = await newPage();
  await loggedIn(agent, 'agent');
  await agent.goto(`${server.url}/#/customers/1/show`);
  await agent.getByTestId('customer-name').getByText('Anna Andersson').waitFor();

  await agent.getByRole('button', { name: 'Säg upp' }).first().click();
  const dialog = agent.getByRole('dialog');
  await dialog.getByTestId('preview-kind').getByText('Uppsägning').waitFor();
  await dialog.getByTestId('preview-ends-on').getByText(EXPECTED_END).waitFor();
  await dialog.getByTestId('preview-binding').getByText('2026-12-22').waitFor();

  await dialog.getByRole('combobox', { name: /orsak/i }).click();
  await agent.getByRole('option', { name: 'Priset' }).click();
  await dialog.getByLabel(/kommentar/i).fill('Tycker att det blivit för dyrt');
  await screenshot(agent, 'cancellations-dialog');
  await dialog.getByRole('button', { name: /registrera uppsägning/i }).click();

  await agent.getByText(`Avtalet upphör ${EXPECTED_END}`).waitFor();
  await agent.getByText(`upphör ${EXPECTED_END}`, { exact: true }).waitFor();
  await screenshot(agent, 'cancellations-customer-after');

  const supervisor = await newPage();
  await loggedIn(supervisor, 'supervisor');
  const queue = (filter: Record<string, unknown>) =>
    `${server.url}/#/cancellations?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=ends_on&order=ASC`;
  // The queue, tab by tab: the row carries its status, so each step waits for the server's answer.
  const rowIn = (status: string) => supervisor.locator('tbody tr', { hasText: EXPECTED_END }).filter({ hasText: status });
  await supervisor.goto(queue({ status: 'registered', customer_id: 1 }));
  await rowIn('Registrerad').getByRole('checkbox').check();
  await supervisor.getByRole('button', { name: /markera blankett skickad/i }).click();
  await supervisor.getByText(/1 uppsägning uppdaterad/).waitFor();
  await supervisor.getByText(/1 uppsägning uppdaterad/).waitFor({ state: 'detached' });

  await supervisor.getByTestId('tab-form_sent').click();
  await rowIn('Blankett skickad').getByRole('checkbox').check();
  await supervisor.getByRole('button', { name: /markera bekräftad/i }).click();
  await supervisor.getByText(/1 uppsägning uppdaterad/).waitFor();

  await supervisor.getByTestId('tab-confirmed').click();
  await rowIn('Bekräftad').waitFor();
  await screenshot(supervisor, 'cancellations-queue-confirmed');

  // The overview with its lazily loaded charts.
  await supervisor.goto(`${server.url}/#/cancellations-overview`);
  await supervisor.getByTestId('chart-per-week').locator('svg').first().waitFor();
  await screenshot(supervisor, 'cancellations-overview');
});
