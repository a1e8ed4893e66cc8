import { readConfig } from '../server/src/config';
import { migrateLatest, migrateRollbackAll, openDb } from '../server/src/db/knex';

async function main() {
  const config = readConfig();
  const db = openDb({ databaseUrl: config.databaseUrl, dbFile: config.dbFile });
  if (process.argv.includes('--rollback')) await migrateRollbackAll(db);
  else await migrateLatest(db);
  console.log(process.argv.includes('--rollback') ? 'Rolled back all migrations.' : 'Migrated to latest.');
  await db.destroy();
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
