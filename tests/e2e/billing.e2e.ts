import type { Browser, Page } from 'playwright-core';
import { type E2EServer, launchBrowser, login, screenshot, startServer } from './browser';

let server: E2EServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'sv-SE' });
  await login(page, server.url, 'agent');
  // Logged in once the session cookie answers (whatever the start page shows).
  for (let tries = 0; (await page.request.get(`${server.url}/api/auth/me`)).status() !== 200; tries++) {
    if (tries > 100) throw new Error('Login did not succeed');
    await page.waitForTimeout(100);
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Line {
  kind: string;
  subscription_id: number;
  amount_ore: number;
  description: string;
}
interface Scheduled {
  date: string;
  total_ore: number;
  lines: Line[];
}

/** The API through the logged-in page's own session, to pick demo customers that fit the story. */
async function api<T>(path: string, params: Record<string, unknown> = {}): Promise<T> {
  const query = new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, JSON.stringify(v)])));
  const res = await page.request.get(`${server.url}/api${path}${params && Object.keys(params).length ? `?${query}` : ''}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
}

const kronor = (ore: number) => `${(ore / 100).toLocaleString('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} kr`;
// Playwright's text matching normalises the narrow no-break space sv-SE puts between thousands.
const amountPattern = (ore: number) => new RegExp(kronor(ore).replace(/\s/g, '\\s'));

test('an agent switches a monthly customer to annual invoicing: the next invoice goes from one month’s fee to twelve', async () => {
  // A monthly customer whose next invoice is exactly one full month of one subscription.
  const customers = await api<Array<{ id: number; first_name: string; last_name: string }>>('/customers', {
    filter: { invoice_interval: 'monthly' },
    range: [0, 99],
    sort: ['id', 'ASC'],
  });
  let chosen: { id: number; name: string; monthly: number } | undefined;
  for (const c of customers) {
    const { invoices } = await api<{ invoices: Scheduled[] }>(`/customers/${c.id}/invoice-schedule`);
    const next = invoices[0];
    if (
      invoices.length === 12 &&
      next.date === '2026-12-01' &&
      next.lines.length === 1 &&
      next.lines[0].kind === 'service' &&
      invoices.every((i) => i.total_ore === next.total_ore)
    ) {
      chosen = { id: c.id, name: `${c.first_name} ${c.last_name}`, monthly: next.total_ore };
      break;
    }
  }
  expect(chosen).toBeDefined();
  const { id, name, monthly } = chosen!;

  await page.goto(`${server.url}/#/customers/${id}/show/fakturor`);
  await page.getByTestId('customer-name').getByText(name).waitFor();
  // The coming invoices are folded under the invoices sent.
  await page.getByTestId('invoice-schedule-toggle').click();
  await page.getByTestId('scheduled-invoice').first().getByText(amountPattern(monthly)).first().waitFor();

  await page.getByRole('button', { name: 'Byt till årsfaktura' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('effective-on').getByText('Gäller från 2026-12-01').waitFor();
  await dialog.getByTestId('invoice-before-total').getByText(amountPattern(monthly)).waitFor();
  await dialog
    .getByTestId('invoice-after-total')
    .getByText(amountPattern(12 * monthly))
    .waitFor();
  await screenshot(page, 'billing-annual-preview');
  await dialog.getByRole('button', { name: 'Bekräfta' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // The schedule now holds one annual invoice of twelve months, and the switch waits for 1 December.
  await page
    .getByTestId('pending-interval-change')
    .getByText(/gäller från 2026-12-01/)
    .waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=scheduled-invoice]').length === 1);
  await page
    .getByTestId('scheduled-invoice')
    .getByText(amountPattern(12 * monthly))
    .first()
    .waitFor();
  await screenshot(page, 'billing-annual-saved');

  await page.getByRole('tab', { name: /ärenden/i }).click();
  await page.getByText('Fakturaintervall').first().waitFor();
});

test('an agent removes a sticker fee: the unpaid fee is credited with a credit note', async () => {
  // An unpaid invoice carrying a sticker fee of a subscription whose fee is still on.
  const unpaid = await api<Array<{ id: number; customer_id: number; invoice_number: string }>>('/invoices', {
    filter: { status: 'unpaid', kind: 'invoice' },
    range: [0, 199],
    sort: ['id', 'ASC'],
  });
  let chosen: { customerId: number; invoiceNumber: string; fee: number } | undefined;
  for (const inv of unpaid) {
    const full = await api<{ lines: Line[] }>(`/invoices/${inv.id}`);
    const sticker = full.lines.find((l) => l.kind === 'sticker');
    if (!sticker) continue;
    const sub = await api<{ sticker_fee_removed_on: string | null; status: string }>(`/subscriptions/${sticker.subscription_id}`);
    if (sub.sticker_fee_removed_on === null && (sub.status === 'active' || sub.status === 'notice_given')) {
      chosen = { customerId: inv.customer_id, invoiceNumber: inv.invoice_number, fee: sticker.amount_ore };
      break;
    }
  }
  expect(chosen).toBeDefined();
  const { customerId, invoiceNumber, fee } = chosen!;

  await page.goto(`${server.url}/#/customers/${customerId}/show`);
  await page.getByRole('button', { name: 'Ta bort dekalavgift' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(/ta bort eller förstöra dekalerna/).waitFor();
  await dialog
    .getByTestId('sticker-credits')
    .getByText(new RegExp(`Kreditnota ${kronor(fee).replace(/\s/g, '\\s')} mot obetald faktura ${invoiceNumber}`))
    .waitFor();
  // Agents see no refund choice: that is for supervisors.
  expect(await dialog.getByText(/Återbetala/).count()).toBe(0);
  await screenshot(page, 'billing-sticker-preview');
  await dialog.getByRole('button', { name: 'Bekräfta' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByText('Dekalavgift borttagen 2026-11-25').first().waitFor();

  await page.getByRole('tab', { name: /fakturor/i }).click();
  const creditRow = page.getByRole('row').filter({ hasText: 'Kreditnota' });
  await creditRow.first().getByText(amountPattern(-fee)).first().waitFor();
  // A credit note is settled the moment it is issued: it reads "Avräknad", never "Betald".
  await creditRow.first().getByText('Avräknad').waitFor();
  expect(await creditRow.first().getByText('Betald').count()).toBe(0);
  await screenshot(page, 'billing-sticker-credited');
});
