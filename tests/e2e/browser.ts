import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { chromium, Browser, Page } from 'playwright-core';

export const E2E_TODAY = '2026-11-25';
export const OUTPUT_DIR = path.resolve(__dirname, 'output');
const ROOT = path.resolve(__dirname, '..', '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface E2EServer {
  url: string;
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts the real server (`npm start`'s entry point) on a fresh SQLite file and waits until it answers. */
export async function startServer(): Promise<E2EServer> {
  if (!fs.existsSync(path.join(ROOT, 'client', 'dist', 'index.html'))) {
    throw new Error('Build the client first: npm run build');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backoffice-e2e-'));
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DB_FILE: path.join(dir, 'e2e.sqlite'), TODAY: E2E_TODAY, DEMO_PASSWORD: 'demo', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/api/auth/me`);
      if (res.status === 401) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    log: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
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
