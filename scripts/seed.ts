import { readConfig } from '../server/src/config';
import { migrateLatest, openDb } from '../server/src/db/knex';
import { appToday } from '../server/src/core/today';
import { seedDemo } from '../seeds/demo';

async function main() {
  const config = readConfig();
  const db = openDb({ databaseUrl: config.databaseUrl, dbFile: config.dbFile });
  await migrateLatest(db);
  const seeded = await seedDemo(db, { today: appToday(config.today), demoPassword: config.demoPassword });
  console.log(seeded ? 'Seeded demo data.' : 'The database already has data; nothing seeded.');
  await db.destroy();
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
