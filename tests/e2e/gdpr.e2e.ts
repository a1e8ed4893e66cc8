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

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'sv-SE' });
  return context.newPage();
}

test('an agent logs a phone rectification of an address; a supervisor completes it; the record and its history show it', async () => {
  // The agent, on the phone with Anna Andersson (Storgatan 1, 252 24 Helsingborg).
  const agent = await newPage();
  await login(agent, server.url, 'agent');
  await agent.getByText(/Hej /).first().waitFor();
  await agent.goto(`${server.url}/#/customers/1/show/arenden`);
  await agent.getByTestId('customer-name').getByText('Anna Andersson').waitFor();
  await agent.getByRole('button', { name: 'Registrera GDPR-begäran' }).click();
  const dialog = agent.getByRole('dialog');
  await dialog.getByTestId('gdpr-due-preview').getByText('2026-12-28').waitFor();
  // Whether the identity is verified is the agent's call: nothing is pre-selected.
  expect(await dialog.getByLabel('Identiteten är styrkt', { exact: true }).isChecked()).toBe(false);
  expect(await dialog.getByLabel('Identiteten är inte styrkt').isChecked()).toBe(false);
  await dialog.getByLabel('Identiteten är styrkt', { exact: true }).check();

  // Type and channel default to a rectification by phone; the agent ticks the address fields.
  await dialog.getByLabel('Gatuadress').check();
  await dialog.getByLabel('Postnummer').check();
  await dialog.getByTestId('gdpr-current-street').getByText('Storgatan 1').waitFor();
  const newValues = dialog.getByLabel('Rättat värde');
  await newValues.nth(0).fill('Kungsgatan 7');
  await newValues.nth(1).fill('2222');
  await dialog.getByRole('button', { name: 'Registrera GDPR-begäran' }).click();
  // The server's field error lands beside the value it is about, and nothing was saved.
  await dialog.getByText('Postnummer ska vara fem siffror (NNN NN)').waitFor();
  await newValues.nth(1).fill('222 21');
  await dialog.getByRole('button', { name: 'Registrera GDPR-begäran' }).click();
  await agent.getByText(/GDPR-begäran registrerad/).waitFor();
  await dialog.waitFor({ state: 'detached' });
  await agent.getByRole('cell', { name: 'Rättelse' }).first().waitFor();
  await screenshot(agent, 'gdpr-logged-by-agent');

  // The supervisor's queue: open requests, soonest deadline first.
  const supervisor = await newPage();
  await login(supervisor, server.url, 'supervisor');
  await supervisor.getByText(/Hej /).first().waitFor();
  await supervisor.goto(`${server.url}/#/gdpr_requests`);
  const row = supervisor.locator('tr', { hasText: 'Anna Andersson' }).filter({ hasText: 'Rättelse' }).first();
  await row.waitFor();
  await screenshot(supervisor, 'gdpr-queue');
  await row.click();
  const changes = supervisor.getByTestId('gdpr-changes').first();
  await changes.getByText('Gatuadress: Storgatan 1 → Kungsgatan 7').waitFor();
  await changes.getByText('Postnummer: 252 24 → 222 21').waitFor();
  await supervisor.getByRole('button', { name: 'Slutför' }).click();
  const confirm = supervisor.getByRole('dialog');
  await confirm.getByText('Rättelsen förs in i kundens uppgifter:').waitFor();
  await confirm.getByRole('button', { name: 'Slutför' }).click();
  await supervisor.getByText('Begäran är slutförd').waitFor();

  // The customer page shows the corrected address, and the history old → new.
  await supervisor.goto(`${server.url}/#/customers/1/show`);
  await supervisor.getByTestId('customer-name').getByText('Anna Andersson').waitFor();
  await supervisor.getByText('Kungsgatan 7').waitFor();
  await supervisor.getByRole('tab', { name: 'Historik' }).click();
  const history = supervisor.getByTestId('history');
  // The field may be shown by its name or its label.
  await history.getByText(/: Storgatan 1 → Kungsgatan 7$/).waitFor();
  await history
    .getByText(/: 252 24 → 222 21$/)
    .first()
    .waitFor();
  await history
    .getByText(/rättade \(GDPR\)/)
    .first()
    .waitFor();
  await screenshot(supervisor, 'gdpr-history');
});

test('a supervisor opens the printable registerutdrag addressed to the folkbokföringsadress', async () => {
  const supervisor = await newPage();
  await login(supervisor, server.url, 'supervisor');
  await supervisor.getByText(/Hej /).first().waitFor();
  await supervisor.goto(`${server.url}/#/customers/3/registerutdrag`);
  const address = supervisor.getByTestId('registerutdrag-address');
  await address.getByText('Ahmed Hassan').waitFor();
  await address.getByText('Vasagatan 3').waitFor();
  await supervisor.getByRole('heading', { name: 'Registerutdrag' }).waitFor();
  await supervisor.getByRole('heading', { name: 'Vem som har tittat på dina uppgifter' }).waitFor();
  await screenshot(supervisor, 'gdpr-registerutdrag');
});
