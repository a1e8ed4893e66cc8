import type { Browser, Page } from 'playwright-core';
import { type E2EServer, launchBrowser, login, screenshot, startServer } from './browser';

let server: E2EServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'sv-SE' });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('an agent logs in, finds a customer by a phone number typed differently, and edits a field', async () => {
  await login(page, server.url, 'agent');
  // The customer list of the seeded demo data.
  await page.getByRole('menuitem', { name: /kunder/i }).click();
  await page.getByText('Anna Andersson').first().waitFor();

  // Seeded as +46701234567; the caller reads it out as "0046 70-123 45 67".
  const search = page.getByPlaceholder('Personnummer, telefon, e-post, kundnr eller namn', { exact: true });
  await search.fill('0046 70-123 45 67');
  await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 1);
  await page.getByRole('cell', { name: 'Anna Andersson' }).click();
  await page.getByTestId('customer-name').getByText('Anna Andersson').waitFor();
  await page.getByText('19800101-1231').waitFor();

  await page.getByRole('link', { name: /redigera/i }).click();
  const phone = page.locator('input[name=phone]');
  await phone.fill('12');
  await page.getByRole('button', { name: /spara/i }).click();
  await page.getByText('Ogiltigt telefonnummer').waitFor();

  await phone.fill('+46 73 555 12 34');
  await page.getByRole('button', { name: /spara/i }).click();
  await page.getByTestId('customer-phone').getByText('073-555 12 34').waitFor();
  await screenshot(page, 'foundation-customer-edited');
});
