import { readConfig } from './config';
import { migrateLatest, openDb } from './db/knex';
import { serve } from './serve';

/**
 * The API process on its own: migrate and serve (the SPA too, when it has been built). It never seeds:
 * demo data is `npm start`'s (scripts/start.ts) or `npm run seed`'s.
 */
async function main() {
  const config = readConfig();
  const db = openDb({ databaseUrl: config.databaseUrl, dbFile: config.dbFile });
  await migrateLatest(db);
  serve(config, db);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
