import path from 'node:path';
import type { Knex } from 'knex';
import { createApp } from './app';
import { type Config, PROJECT_ROOT } from './config';
import { appToday } from './core/today';
import { startJobs } from './jobs/schedule';

/** The built SPA, served beside the API when it exists. */
export const CLIENT_DIST = path.join(PROJECT_ROOT, 'client', 'dist');

/**
 * Serves SPA and API on one port on a migrated database, runs the daily jobs at start and hourly, and
 * stops cleanly on SIGINT/SIGTERM. Shared by `npm start` (scripts/start.ts) and server/src/main.ts.
 */
export function serve(config: Config, db: Knex) {
  const app = createApp({
    db,
    sessionSecret: config.sessionSecret,
    today: config.today,
    clientDist: CLIENT_DIST,
    alarmIngestToken: config.alarmIngestToken,
  });
  const server = app.listen(config.port, () => {
    console.log(`Back office on http://localhost:${config.port} (${config.databaseUrl ? 'PostgreSQL' : `SQLite ${config.dbFile}`})`);
  });
  const stopJobs = startJobs(db, () => appToday(config.today));
  const shutdown = () => {
    stopJobs();
    server.close(() => void db.destroy().then(() => process.exit(0)));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return server;
}
