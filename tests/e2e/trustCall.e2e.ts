import type { Browser, BrowserContext, Page } from 'playwright-core';
import { E2E_TODAY, type E2EServer, launchBrowser, login, screenshot, startServer } from './browser';

/**
 * Trust on a live call (issue 13), as an agent on the phone meets it in Chromium: the search's Enter, words
 * instead of raw values, double submits, previews that refuse nonsense, revoking a cancellation, the
 * history, pending changes in the header, keyboard shortcuts, and the record at 768 and 390 px.
 */
let server: E2EServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The customer records the page asked for (each is an audited view). */
const opened: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'sv-SE' });
  page = await context.newPage();
  page.on('request', (request) => {
    const record = /\/api\/customers\/(\d+)$/.exec(new URL(request.url()).pathname);
    if (record && request.method() === 'GET') opened.push(record[1]);
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The API through the logged-in page's own session. */
async function api<T>(path: string, params: Record<string, unknown> = {}): Promise<T> {
  const query = new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, JSON.stringify(v)])));
  const res = await page.request.get(`${server.url}/api${path}${Object.keys(params).length ? `?${query}` : ''}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
}

/** Text a person reads must hold no field keys, raw codes, unformatted numbers or polyglot plurals. */
const RAW = [
  /\|\|\|\|/,
  /\b(invoice_interval|payment_method|paper_invoice|email_invoice|notice_given|form_sent|sticker_fee\w*|subscription_id|customer_id|requested_on|revoke_reason|to_interval|to_method|credit_note|gdpr_\w+)\b/,
  // The raw value (the English words say "Direct debit (autogiro)").
  /(?<![(\w])autogiro\b/,
  /\+46\d/,
  /\b\d{12}\b/,
  /\b(undefined|null|NaN|\[object Object\])\b/,
];
async function expectOnlyWords(where: string) {
  const text = await page.locator('#main-content').innerText();
  const found = RAW.map((re) => re.exec(text)?.[0]).filter(Boolean);
  expect({ where, found }).toEqual({ where, found: [] });
}

/** Dates that break over two lines, anywhere on the page (each date's own text range must be one line). */
async function wrappedDates(): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const m of text.matchAll(/\d{4}-\d{2}-\d{2}/g)) {
        const range = document.createRange();
        range.setStart(node, m.index!);
        range.setEnd(node, m.index! + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) bad.push(m[0]);
      }
    }
    return bad;
  });
}

async function noHorizontalScroll(): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

test('after login the start page’s search has the focus; Enter 0 ms after the last key opens exactly that customer', async () => {
  await login(page, server.url, 'agent');
  await page.getByTestId('notes-today').waitFor();
  await page.waitForFunction(() => {
    const el = document.activeElement;
    return el?.getAttribute('data-testid') === 'customer-search' && el.closest('header') === null;
  });
  opened.length = 0;
  // Typed and Enter at once: no waiting for the hits to show.
  await page.keyboard.type('800101-1231');
  await page.keyboard.press('Enter');
  await page.getByTestId('customer-name').getByText('Anna Andersson').waitFor();
  expect(opened).toEqual(['1']);
  await screenshot(page, 'trust-search-enter-at-once');
});

test('a slow answer for the new term: Enter waits for it and never opens the previous term’s hit (no view of the wrong customer)', async () => {
  const [greta] = await api<Array<{ id: number }>>('/customers', { filter: { q: 'Lindqvist' } });
  await page.route(/\/api\/customers\?/, async (route) => {
    const q = String(JSON.parse(new URL(route.request().url()).searchParams.get('filter') ?? '{}').q ?? '');
    if (/^anna/i.test(q)) await new Promise((resolve) => setTimeout(resolve, 1500));
    // A search the page no longer waits for may have been dropped meanwhile.
    await route.continue().catch(() => undefined);
  });
  opened.length = 0;
  await page.keyboard.press('/');
  await page.keyboard.type('Lindqvist');
  await page.getByTestId('search-hits').getByText('Greta Lindqvist').waitFor();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Anna Andersson');
  await page.keyboard.press('Enter');
  // Greta's hit is on screen while Anna's answer is on its way: the box says it is waiting.
  await page.getByTestId('search-waiting').waitFor();
  await screenshot(page, 'trust-search-waiting');
  await page.waitForFunction(() => location.hash === '#/customers/1/show');
  await page.getByTestId('customer-name').getByText('Anna Andersson').waitFor();
  expect(opened).not.toContain(String(greta.id));
  await page.unroute(/\/api\/customers\?/);
});

test('Escape clears the search; "Visa alla N träffar" opens the customer list filtered by the term', async () => {
  const search = page.getByRole('banner').getByTestId('customer-search');
  await page.keyboard.press('/');
  await page.keyboard.type('xyz');
  await page.keyboard.press('Escape');
  expect(await search.inputValue()).toBe('');
  await page.keyboard.press('/');
  await page.keyboard.type('an');
  const all = page.getByTestId('search-all-hits');
  await all.getByText(/Visa alla \d+ träffar/).waitFor();
  await screenshot(page, 'trust-search-show-all');
  await all.click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('/customers?filter={"q":"an"}'));
  await page.locator('table tbody tr').nth(8).waitFor();
  await expectOnlyWords('customer list');
  await screenshot(page, 'trust-search-all-hits');
});

test('previews refuse nonsense in the dialog itself; a notice registered; the header says what is pending, in words with dates', async () => {
  const subscriptions = await api<Array<{ id: number; status: string; signed_on: string; product_id: number }>>('/subscriptions', {
    filter: { customer_id: 1 },
  });
  const active = subscriptions.filter((s) => s.status === 'active');
  expect(active.length).toBeGreaterThan(0);
  await page.goto(`${server.url}/#/customers/1/show`);
  await page.getByTestId('customer-name').getByText('Anna Andersson').waitFor();
  // `u` on the record: the one active subscription's dialog, or the first "Säg upp" to Tab from.
  await page.keyboard.press('u');
  if (active.length > 1) await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('preview-kind').waitFor();
  // The dialog's first field has the focus.
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('requested_on');

  const date = dialog.locator('input[name=requested_on]');
  await date.fill('2026-12-24');
  await dialog.getByText('Får inte vara i framtiden').waitFor();
  expect(await dialog.getByRole('button', { name: /registrera uppsägning/i }).isDisabled()).toBe(true);
  await screenshot(page, 'trust-preview-refused-future');
  const beforeSigning = active[0].signed_on > '2026-10-26' ? '2026-10-26' : '2024-01-01';
  await date.fill(beforeSigning);
  await dialog.getByText(/Tidigast|Högst 30 dagar bakåt/).waitFor();
  expect(await dialog.getByRole('button', { name: /registrera uppsägning/i }).isDisabled()).toBe(true);

  await date.fill(E2E_TODAY);
  await dialog.getByTestId('preview-ends-on').waitFor();
  await dialog.getByRole('combobox', { name: /orsak/i }).click();
  await page.getByRole('option', { name: 'Priset' }).click();
  await dialog.getByRole('button', { name: /registrera uppsägning/i }).click();
  await dialog.waitFor({ state: 'detached' });

  // An interval switch too, so that the header holds two pending changes.
  await page.getByRole('tab', { name: /fakturor/i }).click();
  await page.getByRole('button', { name: 'Byt till årsfaktura' }).click();
  await page.getByRole('dialog').getByTestId('effective-on').waitFor();
  await page.getByRole('dialog').getByRole('button', { name: 'Bekräfta' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });

  const pending = page.getByTestId('pending-changes');
  await pending.getByText('Byte till årsfaktura från 2026-12-01').waitFor();
  await pending.getByText(/: (uppsagt|ångrat), upphör \d{4}-\d{2}-\d{2} \(registrerad\)/).waitFor();
  expect(await pending.innerText()).toMatch(/ID-Larm Prio|Konsumentkollen IDskydd|Bolagskollen/);
  await expectOnlyWords('the record after a notice and an interval switch');
  await screenshot(page, 'trust-header-pending');
});

test('invoices come before the coming ones, which are folded; every tab says how many rows it holds', async () => {
  await page.getByRole('tab', { name: /fakturor/i }).click();
  const schedule = page.getByTestId('invoice-schedule');
  await schedule.waitFor();
  // Folded by default, under the invoices sent.
  expect(await page.getByTestId('scheduled-invoice').count()).toBe(0);
  const invoicesTop = (await page.locator('table').first().boundingBox())!.y;
  expect((await schedule.boundingBox())!.y).toBeGreaterThan(invoicesTop);
  await page.getByTestId('invoice-schedule-toggle').click();
  await page.getByTestId('scheduled-invoice').first().waitFor();
  for (const name of ['Abonnemang', 'Fakturor', 'Ärenden', 'Anteckningar', 'Historik']) {
    await page.getByRole('tab', { name: new RegExp(`^${name} \\(\\d+\\)$`) }).waitFor();
  }
  await expectOnlyWords('Fakturor');
  await screenshot(page, 'trust-invoices-tab');
});

test('revoking a cancellation from the record: a confirmation with a reason, never one click; the reason is kept', async () => {
  await page.getByRole('tab', { name: /abonnemang/i }).click();
  const chips = page.getByTestId('pending-changes').getByText(/upphör/);
  await chips.first().waitFor();
  const pendingBefore = await chips.count();
  const revoke = page.getByRole('button', { name: 'Återkalla uppsägning' }).first();
  await revoke.click();
  const dialog = page.getByRole('dialog');
  await dialog
    .getByTestId('revoke-explain')
    .getByText(/fortsätter som vanligt/)
    .waitFor();
  // The reason field has the focus; without a reason nothing is sent.
  await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
  await dialog.getByRole('button', { name: 'Återkalla uppsägningen' }).click();
  await dialog.getByText(/obligatorisk/i).waitFor();
  await screenshot(page, 'trust-revoke-dialog');
  await page.keyboard.type('Kunden ångrade sig i telefon');
  await page.keyboard.press('Control+Enter');
  await page.getByText('Uppsägningen är återkallad. Abonnemanget fortsätter.').waitFor();
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(
    (before) => document.querySelectorAll('[data-testid^="pending-cancellation-"]').length === before - 1,
    pendingBefore,
  );
  const [revoked] = await api<Array<{ status: string; revoke_reason: string }>>('/cancellations', {
    filter: { customer_id: 1, status: 'revoked' },
    sort: ['id', 'DESC'],
  });
  expect(revoked.revoke_reason).toBe('Kunden ångrade sig i telefon');
});

test('a double click or Ctrl+Enter twice saves one note; two clicks on one rectification log one request', async () => {
  const notes = async (body: string) =>
    (await api<Array<{ body: string }>>('/notes', { filter: { customer_id: 1 }, range: [0, 99] })).filter((n) => n.body === body).length;
  await page.keyboard.press('n');
  const note = page.getByTestId('quick-note');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'quick-note');
  await note.fill('Dubbelklick på spara');
  await page.getByRole('button', { name: 'Spara anteckning' }).dblclick();
  await page.getByTestId('notes').getByText('Dubbelklick på spara').waitFor();
  await note.fill('Ctrl+Enter två gånger');
  await note.press('Control+Enter');
  await note.press('Control+Enter');
  await page.getByTestId('notes').getByText('Ctrl+Enter två gånger').waitFor();
  await page.waitForTimeout(500);
  expect(await notes('Dubbelklick på spara')).toBe(1);
  expect(await notes('Ctrl+Enter två gånger')).toBe(1);

  const requests = async () =>
    (await api<unknown[]>('/gdpr_requests', { filter: { customer_id: 1, type: 'rectification' }, range: [0, 99] })).length;
  const before = await requests();
  await page.getByRole('tab', { name: /ärenden/i }).click();
  await page.getByRole('button', { name: 'Registrera GDPR-begäran' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('gdpr-due-preview').waitFor();
  await dialog.getByLabel('Identiteten är styrkt', { exact: true }).check();
  await dialog.getByLabel('Efternamn').check();
  await dialog.getByLabel('Rättat värde').fill('Andersson-Berg');
  await dialog.getByRole('button', { name: 'Registrera GDPR-begäran' }).dblclick();
  await dialog.waitFor({ state: 'detached' });
  await page.waitForTimeout(500);
  expect(await requests()).toBe(before + 1);
  await expectOnlyWords('Ärenden');
  await screenshot(page, 'trust-cases-tab');
});

test('the history: changes in words by default, the views apart', async () => {
  await page.keyboard.press('g');
  await page.keyboard.press('h');
  await page.waitForFunction(() => location.hash.endsWith('/historik'));
  const history = page.getByTestId('history');
  await history.getByText('Skäl till återkallelse: Kunden ångrade sig i telefon').waitFor();
  await history.getByText('Ändras till: Årsfaktura').first().waitFor();
  await history.getByText('Anteckning: Dubbelklick på spara').waitFor();
  expect(await history.getByText('öppnade kunden').count()).toBe(0);
  await expectOnlyWords('Historik: changes');
  await screenshot(page, 'trust-history-changes');
  await page.getByTestId('history-views').click();
  await history.getByText('öppnade kunden').first().waitFor();
  expect(await history.getByText(/^skapade/).count()).toBe(0);
  await screenshot(page, 'trust-history-views');
  await page.getByTestId('history-changes').click();

  // The same in English.
  await page.getByRole('button', { name: 'Svenska' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await page.getByRole('tab', { name: /^History \(\d+\)$/ }).waitFor();
  await history.getByText('Reason for revoking: Kunden ångrade sig i telefon').waitFor();
  await history.getByText('Changes to: Annual invoice').first().waitFor();
  await expectOnlyWords('History in English');
  await screenshot(page, 'trust-history-english');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('menuitem', { name: 'Svenska' }).click();
  await page.getByRole('tab', { name: /^Historik \(\d+\)$/ }).waitFor();
});

test('keyboard: `?` lists the shortcuts, `g f` and `g a` change tab, `n` focuses the note box, and nothing happens while typing', async () => {
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcut-help');
  await help.getByText('Fliken Fakturor').waitFor();
  await help.getByText('Säg upp ett abonnemang').waitFor();
  await screenshot(page, 'trust-shortcuts');
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'detached' });

  await page.keyboard.press('g');
  await page.keyboard.press('f');
  await page.waitForFunction(() => location.hash.endsWith('/fakturor'));
  await page.keyboard.press('g');
  await page.keyboard.press('a');
  await page.waitForFunction(() => location.hash === '#/customers/1/show');
  await page.keyboard.press('n');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'quick-note');
  // Typing "g f" in the note is text, not a shortcut.
  await page.keyboard.type('g f n u ?');
  expect(await page.getByTestId('quick-note').inputValue()).toBe('g f n u ?');
  expect(await page.evaluate(() => location.hash)).toBe('#/customers/1/show/anteckningar');
  expect(await page.getByTestId('shortcut-help').count()).toBe(0);
  await page.getByTestId('quick-note').fill('');
});

test('the record at 768 px (tablet): no sideways scrolling, the actions on screen, dates on one line', async () => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(`${server.url}/#/customers/1/show`);
  await page.getByTestId('customer-name').getByText('Anna Andersson').waitFor();
  await page.getByRole('button', { name: 'Säg upp' }).first().waitFor();
  expect(await noHorizontalScroll()).toBe(true);
  const action = (await page.getByRole('button', { name: 'Säg upp' }).first().boundingBox())!;
  expect(action.x).toBeGreaterThanOrEqual(0);
  expect(action.x + action.width).toBeLessThanOrEqual(768);
  expect(await wrappedDates()).toEqual([]);
  await screenshot(page, 'trust-768-subscriptions');
  for (const [tab, name] of [
    [/fakturor/i, 'invoices'],
    [/ärenden/i, 'cases'],
    [/anteckningar/i, 'notes'],
    [/historik/i, 'history'],
  ] as const) {
    await page.getByRole('tab', { name: tab }).click();
    await page.waitForTimeout(600);
    expect({ tab: name, scroll: await noHorizontalScroll() }).toEqual({ tab: name, scroll: true });
    expect({ tab: name, wrapped: await wrappedDates() }).toEqual({ tab: name, wrapped: [] });
    await screenshot(page, `trust-768-${name}`);
  }
  await page.getByRole('tab', { name: /ärenden/i }).click();
  const register = (await page.getByRole('button', { name: 'Registrera GDPR-begäran' }).boundingBox())!;
  expect(register.x + register.width).toBeLessThanOrEqual(768);
});

test('the record at 390 px (phone) stays readable: the header first, no sideways scrolling', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.url}/#/customers/1/show`);
  await page.getByTestId('customer-name').getByText('Anna Andersson').waitFor();
  await page.getByTestId('customer-phone').getByText('070-123 45 67').waitFor();
  await page.waitForTimeout(600);
  expect(await noHorizontalScroll()).toBe(true);
  const name = (await page.getByTestId('customer-name').boundingBox())!;
  expect(name.x + name.width).toBeLessThanOrEqual(390);
  expect(await wrappedDates()).toEqual([]);
  await screenshot(page, 'trust-390-record');
  await page.getByRole('tab', { name: /fakturor/i }).click();
  await page.waitForTimeout(600);
  expect(await noHorizontalScroll()).toBe(true);
  await screenshot(page, 'trust-390-invoices');
  await page.setViewportSize({ width: 1366, height: 900 });
});
