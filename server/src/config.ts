import path from 'node:path';

/** Runtime settings, read once from the environment (see .env.example). */
export interface Config {
  port: number;
  dbFile: string;
  databaseUrl: string | undefined;
  sessionSecret: string;
  demoPassword: string;
  /** Fixed "today" (YYYY-MM-DD) for demos and tests; undefined means today in Europe/Stockholm. */
  today: string | undefined;
}

const ROOT = path.resolve(__dirname, '..', '..');

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const today = env.TODAY?.trim() || undefined;
  if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) {
    throw new Error(`TODAY must be YYYY-MM-DD, got "${today}"`);
  }
  return {
    port: Number(env.PORT ?? 3000),
    dbFile: path.resolve(ROOT, env.DB_FILE ?? 'data/backoffice.sqlite'),
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    sessionSecret: env.SESSION_SECRET ?? 'dev-only-session-secret-change-me',
    demoPassword: env.DEMO_PASSWORD ?? 'demo',
    today,
  };
}

export const PROJECT_ROOT = ROOT;
