import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { migrationSource } from '../../../migrations';

export type Db = Knex;

export interface DbOptions {
  /** postgres://… switches to PostgreSQL. */
  databaseUrl?: string;
  /** SQLite file, used when no databaseUrl is given. */
  dbFile?: string;
  /** PostgreSQL schema to work in (tests isolate themselves with one schema per test file). */
  pgSchema?: string;
  /** Connection pool size for SQLite (WAL allows concurrent readers). */
  sqlitePool?: number;
}

export function isPostgres(db: Knex): boolean {
  return db.client.config.client === 'pg';
}

export function openDb(options: DbOptions): Knex {
  if (options.databaseUrl) {
    return knexFactory({
      client: 'pg',
      connection: options.databaseUrl,
      searchPath: options.pgSchema ? [options.pgSchema] : undefined,
      pool: {
        min: 0,
        max: 10,
        afterCreate: (
          conn: { query: (sql: string, cb: (err: Error | null) => void) => void },
          done: (err: Error | null, conn: unknown) => void,
        ) => {
          const schema = options.pgSchema;
          if (!schema) return done(null, conn);
          conn.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '')}"`, (err) => done(err, conn));
        },
      },
    });
  }
  const file = options.dbFile ?? 'data/backoffice.sqlite';
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return serialiseWriteTransactions(
    knexFactory({
      client: 'sqlite3',
      connection: { filename: file },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: options.sqlitePool ?? Number(process.env.SQLITE_POOL ?? 4),
        afterCreate: (
          conn: { exec: (sql: string, cb: (err: Error | null) => void) => void },
          done: (err: Error | null, conn: unknown) => void,
        ) => {
          // WAL lets readers proceed while one writer commits; synchronous=NORMAL is durable in WAL mode
          // for everything but power loss; FULL keeps acknowledged writes even then.
          conn.exec(
            'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;' +
              // Read pages through a memory map and keep more of them per connection: far fewer syscalls.
              ' PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536;',
            (err) => done(err, conn),
          );
        },
      },
    }),
  );
}

/**
 * SQLite allows one writer. A transaction that reads first and writes later (most of ours) cannot wait
 * for another writer: it would fail at once with SQLITE_BUSY rather than wait out busy_timeout. So this
 * process runs its transactions one after the other, while plain reads go on in parallel on the pool
 * (WAL). Several processes on one file still wait for each other through busy_timeout; the scale-out
 * path for several API instances is PostgreSQL.
 */
function serialiseWriteTransactions(db: Knex): Knex {
  let tail: Promise<unknown> = Promise.resolve();
  const transaction = db.transaction.bind(db) as (...args: unknown[]) => unknown;
  // knex defines `transaction` read-only but configurable; nested transactions (trx.transaction) are
  // savepoints on the transaction's own object and are not affected.
  Object.defineProperty(db, 'transaction', {
    configurable: true,
    value: (handler?: unknown, config?: unknown) => {
      if (typeof handler !== 'function') return transaction(handler, config);
      const run = tail.then(() => transaction(handler, config));
      tail = run.catch(() => undefined);
      return run;
    },
  });
  return db;
}

export async function migrateLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource });
}

export async function migrateRollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}

/** Number of rows as a JS number (PostgreSQL answers COUNT as a string). */
export function toCount(row: Record<string, unknown> | undefined, key = 'count'): number {
  return row ? Number(row[key] ?? 0) : 0;
}
