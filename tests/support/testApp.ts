import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Knex } from 'knex';
import { createApp } from '../../server/src/app';
import { createHttpServer } from '../../server/src/httpServer';
import { migrateLatest, openDb } from '../../server/src/db/knex';
import { seedDemo } from '../../seeds/demo';
import type { Ctx } from '../../server/src/core/context';

export const TEST_TODAY = '2026-11-25';
export const PASSWORD = 'test-password';
export const SECRET = 'test-secret';
/** The monitoring service's bearer token in tests (`POST /api/alarms`). */
export const ALARM_TOKEN = 'test-alarm-ingest-token-0123';

export interface TestEnv {
  db: Knex;
  app: ReturnType<typeof createApp>;
  errors: Array<Record<string, unknown>>;
  /** A supertest agent logged in as the role's demo user. */
  as: (username: 'agent' | 'supervisor' | 'admin') => Promise<ReturnType<typeof request.agent>>;
  anonymous: () => ReturnType<typeof request>;
  ctx: (actor?: string) => Ctx;
  close: () => Promise<void>;
}

/**
 * A real database for one test file: a fresh SQLite file, or — when DATABASE_URL is set — a fresh
 * PostgreSQL schema, migrated and seeded with the demo data (a smaller set by default).
 */
export interface TestEnvOptions {
  customers?: number;
  today?: string;
  /** ALARM_INGEST_TOKEN; `null`: unset, the alarm endpoint closed. Default: ALARM_TOKEN. */
  alarmToken?: string | null;
}

export async function startTestEnv(options: TestEnvOptions = {}): Promise<TestEnv> {
  const today = options.today ?? TEST_TODAY;
  let cleanup: () => Promise<void>;
  let db: Knex;
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    db = openDb({ databaseUrl, pgSchema: schema });
    cleanup = async () => {
      await db.raw(`DROP SCHEMA "${schema}" CASCADE`);
      await db.destroy();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backoffice-test-'));
    db = openDb({ dbFile: path.join(dir, 'test.sqlite') });
    cleanup = async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  await migrateLatest(db);
  // Six months of invoice history (the demo has 18): enough for every rule, and quick to seed and to digest.
  await seedDemo(db, { today, demoPassword: PASSWORD, customers: options.customers ?? 60, historyMonths: 6 });
  const errors: Array<Record<string, unknown>> = [];
  const alarmIngestToken = options.alarmToken === null ? undefined : (options.alarmToken ?? ALARM_TOKEN);
  const app = createApp({ db, sessionSecret: SECRET, today, alarmIngestToken, logError: (line) => errors.push(line) });
  return {
    db,
    app,
    errors,
    // Through the server `npm start` runs (requests made with Express's prototypes), as supertest would
    // otherwise make one with `http.createServer(app)`.
    as: async (username) => {
      const agent = request.agent(createHttpServer(app));
      await agent.post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
      return agent;
    },
    anonymous: () => request(createHttpServer(app)),
    ctx: (actor = 'test') => ({ db, actor, role: 'admin', requestId: 'test', today }),
    close: cleanup,
  };
}

/** The rows of every table, to prove that a rejected request changed nothing. */
export async function tableDigest(db: Knex): Promise<string> {
  const tables = [
    'customers',
    'subscriptions',
    'invoices',
    'invoice_lines',
    'cancellations',
    'billing_changes',
    'gdpr_requests',
    'notes',
    'users',
    'audit_events',
    'autogiro_mandates',
    'payment_files',
    'payments',
    'covered_persons',
    'alarms',
    'blocks',
  ];
  const parts: string[] = [];
  for (const t of tables) parts.push(`${t}:${JSON.stringify(await db(t).orderBy('id'))}`);
  return parts.join('\n');
}

/**
 * A test file's database, started before its tests and closed after them; the file fails if any request
 * was answered with a 500 (the app's error log is collected in `errors`).
 */
export function useTestEnv(options: TestEnvOptions = {}): TestEnv {
  const env = {} as TestEnv;
  // Migrating and seeding takes a second or two, several on a machine busy with other suites.
  beforeAll(async () => {
    Object.assign(env, await startTestEnv(options));
  }, 60_000);
  afterAll(async () => {
    expect(env.errors).toEqual([]);
    await env.close();
  });
  return env;
}
