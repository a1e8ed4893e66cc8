import fs from 'node:fs';
import { readConfig } from '../server/src/config';
import { databaseFileUser, pidFileOf } from '../server/src/db/inUse';
import { argPath, integrityCheck, openSqliteFile, postgresAdvice, rowCounts } from './backup';

/**
 * `npm run restore -- FILE`: puts a backup made by `npm run backup` in place of DB_FILE.
 * STOP THE SERVER FIRST: a running server keeps the old file open and would go on writing to it. A
 * running server marks the file (`<DB_FILE>.server.pid`); while that mark names a live process the
 * restore is refused, and nothing is touched.
 * The backup must pass `PRAGMA integrity_check` and carry the schema's migrations table. The database
 * it replaces is not deleted: it and its -wal/-shm files are renamed to `<DB_FILE>.before-restore-<time>`
 * (a stale -wal left beside the restored file could be replayed into it and corrupt it).
 */
export async function restoreSqlite(backup: string, dbFile: string): Promise<{ setAside: string[]; counts: Record<string, number> }> {
  const user = databaseFileUser(dbFile);
  if (user) {
    throw new Error(
      `Refusing to restore: ${dbFile} is in use by a running server (pid ${user.pid} on ${user.hostname}, started ${user.started_at}). ` +
        `Stop the server first. (If no server runs, remove ${pidFileOf(dbFile)}.)`,
    );
  }
  if (!fs.existsSync(backup)) throw new Error(`No backup at ${backup}`);
  const check = openSqliteFile(backup);
  let counts: Record<string, number>;
  try {
    const integrity = await integrityCheck(check);
    if (integrity !== 'ok') throw new Error(`The backup failed its integrity check: ${integrity}`);
    if (!(await check.schema.hasTable('knex_migrations'))) throw new Error(`${backup} is not a back-office database`);
    counts = await rowCounts(check);
  } finally {
    await check.destroy();
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const setAside: string[] = [];
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(dbFile + suffix)) {
      const to = `${dbFile}.before-restore-${stamp}${suffix}`;
      fs.renameSync(dbFile + suffix, to);
      setAside.push(to);
    }
  }
  // Copy beside the target, flush, then rename: the target is either the old file or the whole backup.
  const partial = `${dbFile}.restoring`;
  fs.copyFileSync(backup, partial);
  const fd = fs.openSync(partial, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(partial, dbFile);
  return { setAside, counts };
}

async function main() {
  const config = readConfig();
  if (config.databaseUrl) {
    console.error(postgresAdvice());
    process.exit(1);
  }
  const backup = argPath(
    process.argv[2],
    'Usage: npm run restore -- FILE   (stop the server first; replaces DB_FILE with the backup FILE)',
  );
  const { setAside, counts } = await restoreSqlite(backup, config.dbFile);
  console.log(`Restored ${backup} to ${config.dbFile}.`);
  if (setAside.length) console.log(`The replaced database was kept as ${setAside.join(', ')}.`);
  console.log(
    Object.entries(counts)
      .map(([t, n]) => `${t} ${n}`)
      .join(', '),
  );
}

if (require.main === module) {
  main().catch((err) => {
    console.error(String(err?.message ?? err));
    process.exit(1);
  });
}
