import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../tests/e2e/browser';
import { machine, ROOT, startProcess, stop, writeSection } from './benchSupport';

/**
 * `npm run bench:frontend`, in Chromium against the built app:
 * - the JavaScript each page loads (bytes on the wire, gzip): the login page, the agent's start page, the
 *   customer page, and the supervisor's queue and overview (charts load lazily);
 * - Enter in the search box → the customer's name on screen, 30 times each: pressed once the hits are on
 *   screen, and pressed 0 ms after the last key (the term asked for at once, its answer waited for).
 */
const ROUNDS = 30;
const WARM_UP = 2;

function trackScripts(page: Page) {
  const scripts = new Map<string, number>();
  page.on('requestfinished', async (request) => {
    if (request.resourceType() !== 'script') return;
    const sizes = await request.sizes().catch(() => undefined);
    scripts.set(new URL(request.url()).pathname, sizes?.responseBodySize ?? 0);
  });
  return {
    total: () => [...scripts.values()].reduce((a, b) => a + b, 0),
    names: () => [...scripts.keys()].map((p) => path.basename(p)),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;

function summary(timings: number[]) {
  const sorted = [...timings].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], worst: sorted[sorted.length - 1], n: sorted.length };
}

/** Enter → name, `rounds` times, alternating two callers so that each round opens another customer. */
async function enterToName(page: Page, rounds: number, waitForHits: boolean): Promise<number[]> {
  const callers = [
    { phone: '046-12 34 56', name: 'Greta Lindqvist' },
    { phone: '+46 70 123 45 67', name: 'Anna Andersson' },
  ];
  const timings: number[] = [];
  for (let i = 0; i < rounds + WARM_UP; i++) {
    const caller = callers[i % 2];
    await page.keyboard.press('/');
    await page.keyboard.type(caller.phone);
    if (waitForHits) await page.getByTestId('search-hits').getByText(caller.name).waitFor();
    const t0 = Date.now();
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').getByText(caller.name).waitFor();
    if (i >= WARM_UP) timings.push(Date.now() - t0);
  }
  return timings;
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'client', 'dist', 'index.html'))) throw new Error('Build the client first: npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-frontend-'));
  const port = 3730;
  const base = `http://127.0.0.1:${port}`;
  const server = await startProcess(
    ['--import', 'tsx', 'scripts/start.ts'],
    { PORT: String(port), DB_FILE: path.join(dir, 'db.sqlite'), TODAY: '2026-11-25', DATABASE_URL: '' },
    `${base}/`,
  );
  const browser = await launchBrowser();
  const password = process.env.DEMO_PASSWORD ?? 'demo';
  try {
    // The agent: login page, start page, customer page.
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const scripts = trackScripts(page);
    await page.goto(base);
    await page.locator('input[name=username]').waitFor();
    await page.waitForTimeout(500);
    const loginJs = scripts.total();
    const loginFiles = scripts.names().length;
    await page.locator('input[name=username]').fill('agent');
    await page.locator('input[name=password]').fill(password);
    await page.getByRole('button', { name: /logga in/i }).click();
    await page.getByTestId('notes-today').waitFor();
    await page.waitForTimeout(1000);
    const startJs = scripts.total();
    await page.keyboard.type('070-123 45 67');
    await page.getByTestId('search-hits').getByText('Anna Andersson').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').waitFor();
    await page.waitForTimeout(1500);
    const customerJs = scripts.total();
    const agentChunks = scripts.names();
    const supervisorChunks = agentChunks.filter((n) => /Chart|recharts/i.test(n));

    const afterHits = summary(await enterToName(page, ROUNDS, true));
    const atOnce = summary(await enterToName(page, ROUNDS, false));

    // The supervisor: the queue, then the overview with its charts.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const supervisor = await context.newPage();
    const supervisorScripts = trackScripts(supervisor);
    await supervisor.goto(base);
    await supervisor.locator('input[name=username]').fill('supervisor');
    await supervisor.locator('input[name=password]').fill(password);
    await supervisor.getByRole('button', { name: /logga in/i }).click();
    await supervisor.getByTestId('notes-today').waitFor();
    await supervisor.goto(`${base}/#/cancellations`);
    await supervisor.locator('table tbody tr').first().waitFor();
    await supervisor.waitForTimeout(1000);
    const queueJs = supervisorScripts.total();
    await supervisor.goto(`${base}/#/cancellations-overview`);
    await supervisor.getByTestId('chart-per-week').locator('svg').first().waitFor();
    await supervisor.waitForTimeout(1000);
    const overviewJs = supervisorScripts.total();

    console.log(
      `JS login ${kb(loginJs)}, start ${kb(startJs)}, customer ${kb(customerJs)}, queue ${kb(queueJs)}, overview ${kb(overviewJs)}; ` +
        `Enter → name after hits median ${afterHits.median} ms (slowest ${afterHits.worst}), 0 ms after the last key median ${atOnce.median} ms (slowest ${atOnce.worst})`,
    );
    writeSection(
      'frontend',
      `## Front end

Written by \`npm run bench:frontend\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Machine: ${machine()}. Chromium (Debian) headless, against the built app served by \`npm start\`'s server (demo data, SQLite).

JavaScript per page (on the wire, gzip; cumulative in one tab, as a user moves on):

| page | JavaScript loaded | of which new on this page |
|---|---|---|
| login page | ${kb(loginJs)} (${loginFiles} files) | ${kb(loginJs)} |
| agent: start page after logging in | ${kb(startJs)} | ${kb(startJs - loginJs)} |
| agent: customer page (all tabs' code) | ${kb(customerJs)} (${agentChunks.length} files) | ${kb(customerJs - startJs)} |
| supervisor: cancellation queue | ${kb(queueJs)} | – |
| supervisor: overview with charts (lazy chunk) | ${kb(overviewJs)} | ${kb(overviewJs - queueJs)} |
| supervisor chart chunks loaded by an agent | ${supervisorChunks.length === 0 ? 'none ✔' : supervisorChunks.join(', ')} | |

Enter in the search box → the customer's name on screen (two customers alternating, ${WARM_UP} warm-up rounds not counted):

| how Enter is pressed | median of ${afterHits.n} | slowest of ${afterHits.n} |
|---|---|---|
| once the hits are on screen | ${afterHits.median} ms | ${afterHits.worst} ms |
| 0 ms after the last key (the term is asked for at once and its answer waited for) | ${atOnce.median} ms | ${atOnce.worst} ms |
`,
    );
  } finally {
    await browser.close();
    await stop(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(
    String(err?.message ?? err)
      .split('\n')[0]
      .slice(0, 500),
  );
  process.exit(1);
});
