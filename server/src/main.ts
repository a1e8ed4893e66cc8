import { readConfig, refuseUnsafeProduction } from './config';
import { migrateLatest, openDb, underStartupLock } from './db/knex';
import { serve } from './serve';

/**
 * The API process on its own: migrate and serve (the SPA too, when it has been built). It never seeds:
 * demo data is `npm start`'s (scripts/start.ts) or `npm run seed`'s.
 */
async function main() {
  const config = readConfig();
  refuseUnsafeProduction(config);
  const db = openDb({ databaseUrl: config.databaseUrl, dbFile: config.dbFile });
  await underStartupLock(db, () => migrateLatest(db));
  serve(config, db);
}

main().catch((err) => {
  // A refused configuration is its message alone; anything else with its stack.
  console.error(err instanceof Error && err.message.startsWith('Refusing to start') ? err.message : err);
  process.exit(1);
});
