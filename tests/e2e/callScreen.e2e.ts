import type { Browser, Page } from 'playwright-core';
import { type E2EServer, launchBrowser, login, screenshot, startServer } from './browser';

let server: E2EServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'sv-SE' });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('/ focuses the search; a phone number in another format and Enter open the customer; contact details edit in place; a note shows in Anteckningar and Historik', async () => {
  await login(page, server.url, 'agent');
  await page.getByTestId('notes-today').waitFor();

  await page.keyboard.press('/');
  // Seeded as +46701234567; typed the way the caller reads it.
  await page.keyboard.type('+46 70 123 45 67');
  await page.getByTestId('search-hits').getByText('Anna Andersson').waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('customer-name').getByText('Anna Andersson').waitFor();
  // The header, without scrolling on a laptop screen.
  for (const id of ['customer-personnummer', 'customer-phone', 'customer-email']) {
    const box = await page.getByTestId(id).boundingBox();
    expect(box && box.y + box.height).toBeLessThan(768);
  }

  // Contact details are edited in place, saved pessimistically, with the server's field errors.
  await page.getByTestId('edit-contact').click();
  const email = page.locator('input[name=email]');
  await email.fill('inte-en-adress');
  await page.getByRole('button', { name: /spara/i }).click();
  await page.getByText('Ogiltig e-postadress').waitFor();
  await email.fill('Anna.Ny@Example.se');
  await page.getByRole('button', { name: /spara/i }).click();
  await page.getByTestId('customer-email').getByText('anna.ny@example.se').waitFor();

  await page.getByRole('tab', { name: /anteckningar/i }).click();
  const note = page.getByTestId('quick-note');
  await note.fill('Kunden ringde om fakturan, förklarade beloppet.');
  await note.press('Control+Enter');
  await page.getByTestId('notes').getByText('Kunden ringde om fakturan, förklarade beloppet.').waitFor();
  // Focus stays in the box so the agent can go on typing.
  expect(await note.evaluate((el) => el === document.activeElement)).toBe(true);
  await screenshot(page, 'call-screen-notes');

  await page.getByRole('tab', { name: /historik/i }).click();
  await page
    .getByTestId('history')
    .getByText(/Anteckning: Kunden ringde om fakturan/)
    .waitFor();
  await screenshot(page, 'call-screen-history');
});
