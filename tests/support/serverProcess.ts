import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The project root, where `npm start`'s entry point and tsx live. */
export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_TODAY = '2026-11-25';
export const SERVER_SECRET = 'reliability-secret';
export const SERVER_PASSWORD = 'demo';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface ServerProcess {
  url: string;
  pid: number;
  log: () => string;
  /** SIGKILL: no shutdown handler runs, nothing is flushed; resolves when the process is gone. */
  kill: () => Promise<void>;
  /** SIGTERM, the graceful stop of the server. */
  stop: () => Promise<void>;
}

export interface ServerOptions {
  /** SQLite file (used when databaseUrl is not given). */
  dbFile?: string;
  databaseUrl?: string;
  port?: number;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

/**
 * Starts the real server (`npm start`'s entry point, scripts/start.ts) as a child process and waits
 * until it answers. It migrates and seeds an empty database itself, as `npm start` does. The client must
 * have been built (`npm run build`), or start.ts would build it first.
 */
export async function startServerProcess(options: ServerOptions): Promise<ServerProcess> {
  if (!fs.existsSync(path.join(ROOT, 'client', 'dist', 'index.html'))) {
    throw new Error('Build the client first: npm run build');
  }
  const port = options.port ?? (await freePort());
  let output = '';
  // `node --import tsx`, not the tsx CLI: the CLI runs the server in a second process, which a SIGKILL
  // of the CLI would leave running.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DB_FILE: options.dbFile ?? '',
      DATABASE_URL: options.databaseUrl ?? '',
      TODAY: SERVER_TODAY,
      DEMO_PASSWORD: SERVER_PASSWORD,
      SESSION_SECRET: SERVER_SECRET,
      // The child inherits jest's NODE_ENV=test, under which the log is silent: these tests read it.
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    try {
      const res = await fetch(`${url}/api/auth/me`);
      if (res.status === 401) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`Server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return { url, pid: child.pid!, log: () => output, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}

/** Logs in and answers the session cookie (`sid=…`) to send with fetch. */
export async function loginCookie(url: string, username: string, password = SERVER_PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sid='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0];
}

/** A record as the API answers it: every record has an id and most a version; the tests check the rest. */
export interface ApiRecord {
  id: number;
  version: number;
  [field: string]: unknown;
}

/** A JSON answer as the tests read it: a record, or for lists an array of records. */
export type ApiBody = ApiRecord & ApiRecord[];

/** A small JSON client bound to one session. */
export function apiClient(url: string, cookie: string) {
  return async (method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; body: ApiBody }> => {
    const res = await fetch(`${url}/api${pathAndQuery}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as ApiBody };
  };
}

/** `?filter=…&range=…` for the ra-data-simple-rest list endpoints. */
export function listQuery(filter: Record<string, unknown>, range: [number, number] = [0, 999]): string {
  return `?filter=${encodeURIComponent(JSON.stringify(filter))}&range=${encodeURIComponent(JSON.stringify(range))}`;
}
