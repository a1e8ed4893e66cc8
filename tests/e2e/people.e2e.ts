import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type ServerProcess, startServerProcess } from '../support/serverProcess';
import { E2E_TODAY, launchBrowser, login, screenshot } from './browser';

/**
 * The FAQ's "I got an alarm but see nothing on My Pages": the caller reads out a child's personnummer, the
 * search finds the family's holder "via" the child, the Larm tab shows the child's alarm and that it went
 * to the holder's phone; the agent adds the partner with a phone of their own (and the next alarm goes
 * there), and registers and lifts a block from the 24/7 line.
 */
const TOKEN = 'e2e-alarm-ingest-token-0123456789';
let dir: string;
let server: ServerProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backoffice-e2e-people-'));
  server = await startServerProcess({ dbFile: path.join(dir, 'e2e.sqlite'), env: { TODAY: E2E_TODAY, ALARM_INGEST_TOKEN: TOKEN } });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'sv-SE' });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a child's personnummer finds the holder via the child; the alarm routed to the holder's phone; a partner added; a block registered and lifted", async () => {
  await login(page, server.url, 'agent');
  await page.getByTestId('notes-today').waitFor();

  // Noah Lindberg's personnummer, as a parent reads it out.
  await page.keyboard.press('/');
  await page.keyboard.type('150922-8035');
  const hits = page.getByTestId('search-hits');
  await hits.getByText('Sara Lindberg').waitFor();
  await hits.getByTestId('matched-via').getByText('via Noah Lindberg (barn)').waitFor();
  await screenshot(page, 'people-search-via');
  await page.keyboard.press('Enter');
  await page.getByTestId('customer-name').getByText('Sara Lindberg').waitFor();
  await page.getByTestId('covered-count').getByText('Tjänsten omfattar 3 personer').waitFor();

  // Abonnemang: who is covered and where each one's alarms go.
  const people = page.getByTestId('covered-persons');
  await people.getByText('Elsa Lindberg').waitFor();
  const routes = await people.getByTestId('person-route').allInnerTexts();
  expect(routes).toEqual([
    'Larm till egen telefon 070-234 56 11 och egen e-post sara.lindberg@example.se',
    'Larm till Sara Lindbergs telefon 070-234 56 11 och Sara Lindbergs e-post sara.lindberg@example.se',
    'Larm till Sara Lindbergs telefon 070-234 56 11 och Sara Lindbergs e-post sara.lindberg@example.se',
  ]);
  await screenshot(page, 'people-subscription');

  // Larm: Elsa's alarm, newest first, and where it was sent.
  await page.getByRole('tab', { name: /^larm/i }).click();
  const newest = page.getByTestId('alarms').locator('li').first();
  await newest.getByText('Mobilabonnemang', { exact: true }).waitFor();
  await newest.getByText(/Elsa Lindberg \(Barn\)/).waitFor();
  await newest.getByText(/Rapporterat av UC · Motpart: Tele2 Sverige AB/).waitFor();
  expect(await newest.getByTestId('alarm-sent-to').innerText()).toMatch(
    /^Skickat \d{4}-\d{2}-\d{2} \d{2}:\d{2}: SMS till Sara Lindbergs telefon 070-234 56 11 och e-post till Sara Lindbergs adress sara\.lindberg@example\.se$/,
  );
  await screenshot(page, 'people-alarms');
  // "Who took a credit report on me?" one click away.
  await page.getByTestId('filter-credit').click();
  await page.getByTestId('alarms').getByText('Tagen av Klarna Bank AB').waitFor();
  // The filtered page replaces the whole list: only Sara's credit report is left.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=alarms] li').length === 1);
  await screenshot(page, 'people-alarms-credit');

  // Add the partner with a phone of their own.
  await page.getByRole('tab', { name: /abonnemang/i }).click();
  await page.getByTestId('add-person').click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('input[name=first_name]').fill('Johan');
  await dialog.locator('input[name=last_name]').fill('Lindberg');
  await dialog.locator('input[name=personnummer]').fill('820304-5549');
  await dialog.getByRole('combobox').click();
  await page.getByRole('option', { name: 'Partner' }).click();
  await dialog.getByLabel('Personens egen telefon och e-post').check();
  await dialog.locator('input[name=alarm_phone]').fill('070-765 43 21');
  await dialog.getByRole('button', { name: 'Lägg till person' }).click();
  // The server refuses the personnummer's check digit; the message stands beside the input.
  await dialog.getByText(/kontrollsiffra/).waitFor();
  await dialog.locator('input[name=personnummer]').fill('820304-5540');
  await dialog.getByRole('button', { name: 'Lägg till person' }).click();
  await dialog.waitFor({ state: 'detached' });
  await people.getByText('Johan Lindberg').waitFor();
  await people.getByText('Larm till egen telefon 070-765 43 21 och Sara Lindbergs e-post sara.lindberg@example.se').waitFor();
  await page.getByTestId('covered-count').getByText('Tjänsten omfattar 4 personer').waitFor();
  await people.getByText('Alla platser är tagna').waitFor();
  await screenshot(page, 'people-partner-added');

  // The monitoring service reports about Johan: the alarm goes to his own phone.
  const ingest = await fetch(`${server.url}/api/alarms`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      personnummer: '198203045540',
      kind: 'credit_inquiry',
      source: 'Creditsafe',
      counterparty: 'Svea Bank AB',
      occurred_at: new Date().toISOString(),
    }),
  });
  expect(ingest.status).toBe(201);
  await page.getByRole('tab', { name: /^larm/i }).click();
  await page
    .getByTestId('alarms')
    .getByText(/SMS till egen telefon 070-765 43 21/)
    .waitFor();

  // A block from the 24/7 line, in the header at once; then lifted.
  await page.getByTestId('register-block').click();
  const blockDialog = page.getByRole('dialog');
  await blockDialog.locator('input[name=reference]').fill('UC-SP-E2E-1');
  await blockDialog.getByRole('button', { name: 'Registrera spärr' }).click();
  await blockDialog.waitFor({ state: 'detached' });
  const chip = page.getByText('Kreditspärr hos UC: Sara Lindberg').first();
  await chip.waitFor();
  await page
    .getByTestId('blocks')
    .getByText(/Referens UC-SP-E2E-1/)
    .waitFor();
  await screenshot(page, 'people-block-open');
  await chip.click();
  await page.getByRole('dialog').getByRole('button', { name: 'Häv spärren' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page
    .getByTestId('blocks')
    .getByText(/Hävd \d{4}-\d{2}-\d{2}/)
    .first()
    .waitFor();
  // The header no longer shows it.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^=open-block-]').length === 0);
  await page.waitForTimeout(400); // the chip's colour transition, for a clean screenshot
  await screenshot(page, 'people-block-lifted');

  // Historik: these changes in words.
  await page.getByRole('tab', { name: /historik/i }).click();
  const history = page.getByTestId('history');
  await history.getByText('hävde en spärr').first().waitFor();
  await history
    .getByText(/^Hävd: \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    .first()
    .waitFor();
  await history.getByText('lade till en person i tjänsten').first().waitFor();
  // A created value reads "label: value"; personal values are masked in the history an agent reads.
  await history.getByText('Relation: Partner').waitFor();
  await history.getByText('Larmtelefon: 070-*** ** 21').waitFor();
  await history.getByText('Personnummer: 19820304-****').waitFor();
  await history.getByText('Larmtjänsten').first().waitFor();
  await screenshot(page, 'people-history');
});
