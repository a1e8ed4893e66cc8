import { readConfig } from '../server/src/config';
import { migrateLatest, openDb } from '../server/src/db/knex';
import { appToday } from '../server/src/core/today';
import { seedDemo } from '../seeds/demo';
import { seedLarge } from '../seeds/large';

/** npm run seed:large -- --customers 1000000 [--cancellations 200000] */
function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0 || value > 5_000_000) throw new Error(`--${name} must be a whole number up to 5,000,000`);
  return value;
}

async function main() {
  const config = readConfig();
  const today = appToday(config.today);
  const prepare = openDb({ databaseUrl: config.databaseUrl, dbFile: config.dbFile });
  await migrateLatest(prepare);
  await seedDemo(prepare, { today, demoPassword: config.demoPassword });
  await prepare.destroy();
  // Then one SQLite connection: the load takes it for itself and switches it out of WAL mode for the load,
  // which SQLite allows only while no other connection has the file open (seeds/bulkLoad.ts) — the
  // transactions' own connection (db/knex.ts) is not opened, as every transaction of the load names its
  // connection.
  const db = openDb({ databaseUrl: config.databaseUrl, dbFile: config.dbFile, sqlitePool: 1 });
  await seedLarge(db, {
    target: arg('customers', 1_000_000),
    cancellations: arg('cancellations', 200_000),
    today,
    progress: (line) => console.log(`[seed:large] ${line}`),
  });
  await db.destroy();
}
main().catch((err) => {
  // Driver errors quote whole statements (personal data, megabytes): the first line is enough.
  console.error(
    String(err?.message ?? err)
      .split('\n')[0]
      .slice(-300),
  );
  process.exit(1);
});
