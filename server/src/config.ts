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
  /** The monitoring service's bearer token for `POST /api/alarms`; undefined: that endpoint is closed. */
  alarmIngestToken: string | undefined;
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
    alarmIngestToken: alarmIngestToken(env.ALARM_INGEST_TOKEN),
  };
}

/** A token short enough to guess is refused at start rather than quietly accepted. */
function alarmIngestToken(raw: string | undefined): string | undefined {
  const token = raw?.trim() || undefined;
  if (token !== undefined && (token.length < 16 || !/^[\x21-\x7e]+$/.test(token))) {
    throw new Error('ALARM_INGEST_TOKEN must be at least 16 printable ASCII characters without spaces (or empty: alarms closed)');
  }
  return token;
}

export const PROJECT_ROOT = ROOT;
