import { readConfig } from '../server/src/config';
import { migrateLatest, openDb } from '../server/src/db/knex';
import { appToday } from '../server/src/core/today';
import { DAILY_JOBS } from '../server/src/jobs/schedule';

/** `npm run jobs`: runs every daily job once (each is idempotent; the server also runs them). */
async function main() {
  const config = readConfig();
  const db = openDb({ databaseUrl: config.databaseUrl, dbFile: config.dbFile });
  await migrateLatest(db);
  const today = appToday(config.today);
  for (const job of DAILY_JOBS) {
    const result = await job.run(db, today);
    console.log(`${job.name}: ${JSON.stringify(result ?? 'done')}`);
  }
  await db.destroy();
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
