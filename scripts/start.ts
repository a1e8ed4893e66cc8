import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, readConfig } from '../server/src/config';
import { appToday } from '../server/src/core/today';
import { migrateLatest, openDb } from '../server/src/db/knex';
import { CLIENT_DIST, serve } from '../server/src/serve';
import { seedDemo } from '../seeds/demo';

/**
 * `npm start`: migrate, seed an empty database with demo data, build the client if it is missing, and
 * serve SPA and API on one port. `--no-build` (npm run dev, where Vite serves the client) skips the build.
 */
async function main() {
  const config = readConfig();
  const db = openDb({ databaseUrl: config.databaseUrl, dbFile: config.dbFile });
  await migrateLatest(db);
  if (await seedDemo(db, { today: appToday(config.today), demoPassword: config.demoPassword })) {
    console.log('Seeded demo data (users agent, supervisor, admin).');
  }
  if (!process.argv.includes('--no-build') && !fs.existsSync(path.join(CLIENT_DIST, 'index.html'))) {
    console.log('Building the client (first start)…');
    execFileSync('npx', ['vite', 'build', '--config', 'client/vite.config.mts'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  }
  serve(config, db);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
