import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from './app';
import { PROJECT_ROOT, readConfig } from './config';
import { migrateLatest, openDb } from './db/knex';
import { todayInStockholm } from './domain/calendarDate';
import { seedDemo } from '../../seeds/demo';
import { startJobs } from './jobs/schedule';

/**
 * `npm start`: migrate, seed an empty database with demo data, build the client if it is missing,
 * and serve SPA and API on one port.
 */
async function main() {
  const config = readConfig();
  const db = openDb({ databaseUrl: config.databaseUrl, dbFile: config.dbFile });
  await migrateLatest(db);
  const today = config.today ?? todayInStockholm();
  if (await seedDemo(db, { today, demoPassword: config.demoPassword })) {
    console.log('Seeded demo data (users agent, supervisor, admin).');
  }
  const clientDist = path.join(PROJECT_ROOT, 'client', 'dist');
  if (!fs.existsSync(path.join(clientDist, 'index.html'))) {
    console.log('Building the client (first start)…');
    execFileSync('npx', ['vite', 'build', '--config', 'client/vite.config.mts'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  }
  const app = createApp({ db, sessionSecret: config.sessionSecret, today: config.today, clientDist });
  const server = app.listen(config.port, () => {
    console.log(`Back office on http://localhost:${config.port} (${config.databaseUrl ? 'PostgreSQL' : `SQLite ${config.dbFile}`})`);
  });
  const stopJobs = startJobs(db, () => config.today ?? todayInStockholm());
  const shutdown = () => {
    stopJobs();
    server.close(() => void db.destroy().then(() => process.exit(0)));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
