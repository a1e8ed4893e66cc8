import path from 'node:path';
import { defaultLevel } from './core/logger';

/** Runtime settings, read once from the environment (see .env.example). */
export interface Config {
  port: number;
  dbFile: string;
  databaseUrl: string | undefined;
  sessionSecret: string;
  demoPassword: string;
  /** Fixed "today" (YYYY-MM-DD) for demos and tests; undefined means today in Europe/Stockholm. */
  today: string | undefined;
  /** NODE_ENV=production: refuses the default session secret, warns about demo passwords. */
  production: boolean;
  /** Express's `trust proxy` (TRUST_PROXY): false unless a TLS proxy sits in front. */
  trustProxy: TrustProxy;
  logLevel: string;
  /** Customer lists and searches one user may make per minute on one instance (0: no limit). */
  searchRatePerMinute: number;
  /** The monitoring service's bearer token for `POST /api/alarms`; undefined: that endpoint is closed. */
  alarmIngestToken: string | undefined;
}

/** What Express's `trust proxy` accepts: a hop count, true, or addresses/subnets. */
export type TrustProxy = boolean | number | string;

const ROOT = path.resolve(__dirname, '..', '..');

export const DEFAULT_SESSION_SECRET = 'dev-only-session-secret-change-me';

/**
 * TRUST_PROXY as Express reads it: a number of proxy hops (`1`), `true`/`false`, or a comma-separated
 * list of addresses or subnets (`10.0.0.0/8`, `loopback`). Unset or empty: no proxy is trusted.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const today = env.TODAY?.trim() || undefined;
  if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) {
    throw new Error(`TODAY must be YYYY-MM-DD, got "${today}"`);
  }
  const production = env.NODE_ENV === 'production';
  const sessionSecret = env.SESSION_SECRET ?? DEFAULT_SESSION_SECRET;
  const rate = env.SEARCH_RATE_PER_MINUTE?.trim();
  if (rate !== undefined && rate !== '' && !/^\d+$/.test(rate)) {
    throw new Error(`SEARCH_RATE_PER_MINUTE must be a whole number (0 turns the limit off), got "${rate}"`);
  }
  return {
    port: Number(env.PORT ?? 3000),
    dbFile: path.resolve(ROOT, env.DB_FILE ?? 'data/backoffice.sqlite'),
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    sessionSecret,
    demoPassword: env.DEMO_PASSWORD ?? 'demo',
    today,
    production,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    logLevel: defaultLevel(env),
    searchRatePerMinute: rate ? Number(rate) : 120,
    alarmIngestToken: alarmIngestToken(env.ALARM_INGEST_TOKEN),
  };
}

/**
 * What a server must not start with in production: the default (or an empty) SESSION_SECRET, which is
 * in this repository for anyone to read and would let them forge nothing less than session ids' HMACs
 * and device tokens. Called before a server migrates or serves; the scripts (backup, jobs…) need no secret.
 */
export function refuseUnsafeProduction(config: Config): void {
  if (!config.production) return;
  if (config.sessionSecret.trim() === '' || config.sessionSecret === DEFAULT_SESSION_SECRET) {
    throw new Error(
      'Refusing to start: SESSION_SECRET is not set. With NODE_ENV=production the server does not run on the default or an empty ' +
        'session secret. Set SESSION_SECRET to a long random value (e.g. `openssl rand -base64 48`), the same on every instance.',
    );
  }
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
