import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, readConfig, refuseUnsafeProduction } from '../server/src/config';
import { appToday } from '../server/src/core/today';
import { migrateLatest, openDb, underStartupLock } from '../server/src/db/knex';
import { CLIENT_DIST, serve } from '../server/src/serve';
import { seedDemo } from '../seeds/demo';

/**
 * `npm start`: migrate, seed an empty database with demo data, build the client if it is missing, and
 * serve SPA and API on one port. `--no-build` (npm run dev, where Vite serves the client) skips the build.
 * The configuration is checked first: with NODE_ENV=production a default or empty SESSION_SECRET stops
 * the start with a message.
 */
async function main() {
  const config = readConfig();
  refuseUnsafeProduction(config);
  const db = openDb({ databaseUrl: config.databaseUrl, dbFile: config.dbFile });
  // Two instances started at once (a rolling deploy on PostgreSQL): the second waits here for the first
  // to migrate and seed, then finds the schema current and the data there, and seeds nothing.
  const seeded = await underStartupLock(db, async () => {
    await migrateLatest(db);
    return seedDemo(db, { today: appToday(config.today), demoPassword: config.demoPassword });
  });
  if (seeded) console.log('Seeded demo data (users agent, supervisor, admin).');
  if (!process.argv.includes('--no-build') && !fs.existsSync(path.join(CLIENT_DIST, 'index.html'))) {
    console.log('Building the client (first start)…');
    execFileSync('npx', ['vite', 'build', '--config', 'client/vite.config.mts'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  }
  serve(config, db);
}

main().catch((err) => {
  // A refused configuration is its message alone; anything else with its stack.
  console.error(err instanceof Error && err.message.startsWith('Refusing to start') ? err.message : err);
  process.exit(1);
});
