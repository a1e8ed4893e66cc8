import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServerProcess } from '../support/serverProcess';

export const E2E_TODAY = '2026-11-25';
export const OUTPUT_DIR = path.resolve(__dirname, 'output');

export interface E2EServer {
  url: string;
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts the real server (`npm start`'s entry point) on a fresh SQLite file and waits until it answers. */
export async function startServer(): Promise<E2EServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backoffice-e2e-'));
  const server = await startServerProcess({ dbFile: path.join(dir, 'e2e.sqlite'), env: { TODAY: E2E_TODAY } });
  return {
    url: server.url,
    log: server.log,
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function login(page: Page, url: string, username: string, password = 'demo') {
  await page.goto(url);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: /logga in/i }).click();
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT_DIR, `${name}.png`), fullPage: true });
}
