import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { readConfig } from '../server/src/config';

/**
 * `npm run backup -- FILE`: a consistent online backup of the SQLite database while the server runs.
 * `VACUUM INTO` reads one snapshot (a WAL read transaction: writers go on, nothing half-committed gets in)
 * and writes it as a fresh, compact database file. On PostgreSQL, use pg_dump (see below).
 */

/** A plain connection to one SQLite file: no migrations, no change of journal mode. */
export function openSqliteFile(file: string): Knex {
  return knexFactory({
    client: 'sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (
        conn: { exec: (sql: string, cb: (err: Error | null) => void) => void },
        done: (err: Error | null, conn: unknown) => void,
      ) => {
        conn.exec('PRAGMA busy_timeout = 10000;', (err) => done(err, conn));
      },
    },
  });
}

export async function integrityCheck(db: Knex): Promise<string> {
  const rows = (await db.raw('PRAGMA integrity_check')) as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check).join('; ');
}

export const BACKED_UP_TABLES = [
  'customers',
  'subscriptions',
  'invoices',
  'cancellations',
  'billing_changes',
  'gdpr_requests',
  'notes',
  'users',
  'audit_events',
];

export async function rowCounts(db: Knex): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of BACKED_UP_TABLES) {
    const [row] = await db(table).count({ n: '*' });
    counts[table] = Number(row.n);
  }
  return counts;
}

export async function backupSqlite(
  dbFile: string,
  target: string,
): Promise<{ bytes: number; integrity: string; counts: Record<string, number> }> {
  if (!fs.existsSync(dbFile)) throw new Error(`No database at ${dbFile}`);
  if (fs.existsSync(target)) throw new Error(`${target} exists already; choose a new file name`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const source = openSqliteFile(dbFile);
  try {
    await source.raw('VACUUM INTO ?', [target]);
  } finally {
    await source.destroy();
  }
  const copy = openSqliteFile(target);
  try {
    const integrity = await integrityCheck(copy);
    if (integrity !== 'ok') throw new Error(`The backup failed its integrity check: ${integrity}`);
    return { bytes: fs.statSync(target).size, integrity, counts: await rowCounts(copy) };
  } finally {
    await copy.destroy();
  }
}

/** A path given on the command line, relative to where `npm run` was typed. */
export function argPath(arg: string | undefined, usage: string): string {
  if (!arg) {
    console.error(usage);
    process.exit(2);
  }
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), arg);
}

export function postgresAdvice(): string {
  return [
    'DATABASE_URL points at PostgreSQL: use PostgreSQL’s own tools, which take a consistent snapshot while writes go on:',
    '  backup:  pg_dump --format=custom --file=backoffice.dump "$DATABASE_URL"',
    '  restore: pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" backoffice.dump',
  ].join('\n');
}

async function main() {
  const config = readConfig();
  if (config.databaseUrl) {
    console.error(postgresAdvice());
    process.exit(1);
  }
  const target = argPath(process.argv[2], 'Usage: npm run backup -- FILE   (backs up DB_FILE into the new file FILE)');
  const started = Date.now();
  const result = await backupSqlite(config.dbFile, target);
  console.log(
    `Backed up ${config.dbFile} to ${target}: ${result.bytes} bytes in ${Date.now() - started} ms, integrity_check ${result.integrity}`,
  );
  console.log(
    Object.entries(result.counts)
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
