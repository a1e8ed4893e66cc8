import path from 'node:path';
import type { Knex } from 'knex';
import { createApp } from './app';
import { type Config, PROJECT_ROOT, refuseUnsafeProduction } from './config';
import { createLogger } from './core/logger';
import { appToday } from './core/today';
import { claimDatabaseFile } from './db/inUse';
import { closeWhenIdle } from './db/knex';
import { createHttpServer } from './httpServer';
import { startJobs } from './jobs/schedule';
import { demoAccountsWithPassword } from './services/users';

/** The built SPA, served beside the API when it exists. */
export const CLIENT_DIST = path.join(PROJECT_ROOT, 'client', 'dist');

/**
 * Serves SPA and API on one port on a migrated database, runs the daily jobs at start and hourly, and
 * stops cleanly on SIGINT/SIGTERM. Shared by `npm start` (scripts/start.ts) and server/src/main.ts.
 * On SQLite it marks the file as served (`<DB_FILE>.server.pid`, so `npm run restore` refuses meanwhile).
 */
export function serve(config: Config, db: Knex) {
  refuseUnsafeProduction(config);
  const logger = createLogger(config.logLevel);
  const releaseFile = config.databaseUrl ? () => undefined : claimDatabaseFile(config.dbFile);
  const app = createApp({
    db,
    sessionSecret: config.sessionSecret,
    today: config.today,
    clientDist: CLIENT_DIST,
    logger,
    trustProxy: config.trustProxy,
    searchRatePerMinute: config.searchRatePerMinute,
    alarmIngestToken: config.alarmIngestToken,
  });
  const server = createHttpServer(app).listen(config.port, () => {
    logger.info(
      { port: config.port, database: config.databaseUrl ? 'postgresql' : 'sqlite', trust_proxy: config.trustProxy },
      `Back office on http://localhost:${config.port} (${config.databaseUrl ? 'PostgreSQL' : `SQLite ${config.dbFile}`})`,
    );
  });
  if (config.production) void warnAboutDemoPasswords(config, db, logger);
  const stopJobs = startJobs(db, () => appToday(config.today));
  const shutdown = () => {
    stopJobs();
    server.close(
      () =>
        void closeWhenIdle(db).then(() => {
          releaseFile();
          process.exit(0);
        }),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return server;
}

/** In production, a seeded demo account that still has the demo password is a warning at every start. */
async function warnAboutDemoPasswords(config: Config, db: Knex, logger: ReturnType<typeof createLogger>) {
  try {
    for (const username of await demoAccountsWithPassword(db, config.demoPassword)) {
      logger.warn(
        { username },
        `The demo account "${username}" still has the demo password (DEMO_PASSWORD) in production: give it a new password or deactivate it.`,
      );
    }
  } catch (err) {
    logger.warn({ error: (err as Error)?.name }, 'Could not check the demo accounts for the demo password');
  }
}
