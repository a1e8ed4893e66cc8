import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type E2EServer, launchBrowser, login, screenshot, startServer } from './browser';

/**
 * Money that moves, in Chromium: an agent asks for autogiro and a supervisor approves it; a supervisor
 * uploads the sample BgMax file and the invoice shows paid; an unmatched payment is assigned to an invoice.
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

async function loggedIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'sv-SE' });
  const page = await context.newPage();
  await login(page, server.url, username);
  await page.getByRole('button', { name: /logga in/i }).waitFor({ state: 'detached' });
  await page
    .getByPlaceholder(/personnummer, telefon/i)
    .first()
    .waitFor();
  return page;
}

/** The API through the page's own session. */
async function api<T>(page: Page, urlPath: string, params: Record<string, unknown> = {}): Promise<T> {
  const query = new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, JSON.stringify(v)])));
  const res = await page.request.get(`${server.url}/api${urlPath}${Object.keys(params).length ? `?${query}` : ''}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
}

test('an agent asks for autogiro; a supervisor approves the mandate; header and Fakturor show it', async () => {
  const agent = await loggedIn('agent');
  // A customer on paper invoices with no request waiting.
  const customers = await api<Array<{ id: number; first_name: string; last_name: string }>>(agent, '/customers', {
    filter: { payment_method: 'paper_invoice' },
    sort: ['id', 'ASC'],
    range: [0, 49],
  });
  let chosen: { id: number; name: string } | undefined;
  for (const c of customers.filter((x) => x.id > 10)) {
    const pending = await api<unknown[]>(agent, '/billing_changes', { filter: { customer_id: c.id, pending: true } });
    const mandates = await api<unknown[]>(agent, '/autogiro_mandates', { filter: { customer_id: c.id } });
    if (pending.length === 0 && mandates.length === 0) {
      chosen = { id: c.id, name: `${c.first_name} ${c.last_name}` };
      break;
    }
  }
  expect(chosen).toBeDefined();
  const { id, name } = chosen!;

  await agent.goto(`${server.url}/#/customers/${id}/show/fakturor`);
  await agent.getByTestId('customer-name').getByText(name).waitFor();
  await agent.getByTestId('payment-method-now').getByText('Pappersfaktura').waitFor();
  await agent.getByRole('button', { name: 'Byt betalsätt' }).click();
  const dialog = agent.getByRole('dialog');
  await dialog.getByLabel('Autogiro').check();
  await dialog.getByLabel('Clearingnummer').fill('8327-9');
  await dialog.getByLabel('Kontonummer').fill('914 123 456-7');
  await dialog
    .getByTestId('payment-method-preview')
    .getByText(/Autogiro börjar gälla när en teamledare har godkänt medgivandet/)
    .waitFor();
  await dialog.getByText('Medgivande från konto 83279, ****4567').waitFor();
  await screenshot(agent, 'money-autogiro-preview');
  await dialog.getByRole('button', { name: 'Bekräfta' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await agent
    .getByTestId('pending-payment-method')
    .getByText(/Autogiro begärt 2026-11-25 – väntar på godkännande/)
    .waitFor();
  await agent
    .getByTestId('mandate-state')
    .getByText(/Autogiromedgivande begärt \(konto 83279, \*\*\*\*4567/)
    .waitFor();
  await screenshot(agent, 'money-autogiro-requested');

  const supervisor = await loggedIn('supervisor');
  await supervisor.getByRole('menuitem', { name: /Autogiromedgivanden/ }).click();
  const row = supervisor.locator('tbody tr', { hasText: name });
  // Supervisors see the whole account number.
  await row.getByText('9141234567').waitFor();
  await screenshot(supervisor, 'money-mandate-queue');
  await row.getByRole('button', { name: 'Godkänn' }).click();
  const approve = supervisor.getByRole('dialog');
  await approve.getByText(/Fakturor som redan är utställda behåller sitt betalsätt/).waitFor();
  await approve.getByRole('button', { name: 'Godkänn' }).click();
  await supervisor.getByText('Medgivandet är godkänt. Kunden betalar nu med autogiro.').waitFor();
  await row.waitFor({ state: 'detached' });

  await agent.reload();
  await agent.getByTestId('payment-method-now').getByText('Autogiro').waitFor();
  await agent
    .getByTestId('mandate-state')
    .getByText(/Autogiromedgivande godkänt/)
    .waitFor();
  expect(await agent.getByTestId('pending-payment-method').count()).toBe(0);
  await screenshot(agent, 'money-autogiro-approved');
});

test('a supervisor uploads the sample BgMax file: the summary in words and kronor, and the invoice shows paid', async () => {
  const supervisor = await loggedIn('supervisor');
  await supervisor.getByRole('menuitem', { name: 'Betalningar' }).click();
  await supervisor.getByTestId('upload-payment-file').waitFor();
  await supervisor.getByTestId('payment-file-input').setInputFiles(path.join(__dirname, '..', '..', 'seeds', 'bgmax-demo.txt'));
  const summary = supervisor.getByTestId('upload-summary');
  await summary.waitFor();
  expect(await summary.textContent()).toMatch(
    /bgmax-demo\.txt: 4 betalningar på 548,00\skr\. Bokförda på fakturor: 3 \(398,00\skr\)\. Ej matchade: 2 \(150,00\skr\)\./,
  );
  await supervisor.getByTestId('payment-files').getByText('bgmax-demo.txt').waitFor();
  await screenshot(supervisor, 'money-upload-summary');

  // The same file again books nothing, and says why.
  await supervisor.getByTestId('payment-file-input').setInputFiles(path.join(__dirname, '..', '..', 'seeds', 'bgmax-demo.txt'));
  await supervisor
    .getByTestId('upload-refused')
    .getByText(/Samma fil är redan inläst/)
    .waitFor();

  // Karin Bergström (100004), the customer the sample file pays.
  await supervisor.goto(`${server.url}/#/customers/4/show/fakturor`);
  await supervisor.getByTestId('customer-name').getByText('Karin Bergström').waitFor();
  const paid = supervisor.getByRole('row').filter({ hasText: '500003' });
  await paid.getByTestId('invoice-state').getByText('Betald 2026-11-25').waitFor();
  const partly = supervisor.getByRole('row').filter({ hasText: '500004' });
  await partly
    .getByTestId('invoice-state')
    .getByText(/Förfallen sedan 2026-10-31 – 49,00\skr kvar/)
    .waitFor();
  await paid.click();
  await supervisor
    .getByTestId('invoice-payments')
    .getByText(/149,00\skr betalt 2026-11-25 via Bankgirot/)
    .waitFor();
  await screenshot(supervisor, 'money-invoice-paid');
});

test('a supervisor assigns an unmatched payment to the invoice it belongs to', async () => {
  const supervisor = await loggedIn('supervisor');
  await supervisor.getByRole('menuitem', { name: 'Betalningar' }).click();
  const row = supervisor.getByTestId('unmatched-payments').locator('tbody tr', { hasText: 'Örjan Åkesson' });
  await row.getByText('99,00', { exact: false }).waitFor();
  await row.getByRole('button', { name: 'Koppla till faktura' }).click();
  const dialog = supervisor.getByRole('dialog');
  await dialog.getByText(/Koppla 99,00\skr till en faktura/).waitFor();
  await dialog.getByLabel('Faktura').fill('500004');
  await supervisor.getByRole('option', { name: /500004/ }).click();
  await screenshot(supervisor, 'money-assign-dialog');
  await dialog.getByRole('button', { name: 'Koppla till faktura' }).click();
  await supervisor.getByText(/Betalningen är bokförd på faktura 500004; 50,00\skr finns kvar som ej matchad\./).waitFor();
  // The rest waits in the queue, now known to belong to Karin Bergström.
  await supervisor
    .getByTestId('unmatched-payments')
    .locator('tbody tr', { hasText: 'Karin Bergström' })
    .filter({ hasText: '50,00' })
    .first()
    .waitFor();
  await screenshot(supervisor, 'money-assigned');

  await supervisor.goto(`${server.url}/#/customers/4/show/fakturor`);
  await supervisor
    .getByRole('row')
    .filter({ hasText: '500004' })
    .getByTestId('invoice-state')
    .getByText(/Betald/)
    .waitFor();
  await supervisor.getByRole('tab', { name: /historik/i }).click();
  await supervisor
    .getByText(/bokförde en betalning/)
    .first()
    .waitFor();
  await supervisor
    .getByText(/kopplade en betalning/)
    .first()
    .waitFor();
  await screenshot(supervisor, 'money-history');
});
