import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { migrationSource } from '../../../migrations';
import { followWrites } from './countCache';

/** How long a SQLite statement waits for another connection's write lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

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
  const sqlite = (max: number) =>
    beginImmediate(
      knexFactory({
        client: 'sqlite3',
        connection: { filename: file },
        useNullAsDefault: true,
        pool: {
          min: 1,
          max,
          afterCreate: (
            conn: { exec: (sql: string, cb: (err: Error | null) => void) => void },
            done: (err: Error | null, conn: unknown) => void,
          ) => {
            // WAL lets readers proceed while one writer commits; synchronous=NORMAL is durable in WAL mode
            // for everything but power loss; FULL keeps acknowledged writes even then.
            conn.exec(
              `PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS};` +
                // Read pages through a memory map and keep more of them per connection: far fewer syscalls.
                ' PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536;',
              (err) => done(err, conn),
            );
          },
        },
      }),
    );
  // Transactions get a connection of their own (see serialiseWriteTransactions): they never wait behind the
  // reads queued for the pool's connections. Three for reads and the writer's one are libuv's four threads,
  // which run every statement: whatever the reads do, the writer always finds a thread, so a transaction
  // that holds the write lock always gets to its COMMIT.
  return serialiseWriteTransactions(sqlite(options.sqlitePool ?? Number(process.env.SQLITE_POOL ?? 3)), sqlite(1));
}

interface TransactionClass {
  new (...args: unknown[]): { query: (conn: unknown, sql: string) => Promise<unknown> };
}

/**
 * SQLite allows one writer. knex starts a transaction with a plain (deferred) `BEGIN`: it takes the
 * write lock only at its first write, and a transaction that has read first cannot wait for the lock
 * then — SQLite answers SQLITE_BUSY at once instead of waiting out busy_timeout (it would deadlock
 * otherwise). That is how `GET /customers/:id` (a read, then its view event) answered 500 while another
 * process — a backup, `npm run jobs`, the sqlite3 shell — held the lock. `BEGIN IMMEDIATE` takes the
 * write lock first, where busy_timeout applies: the transaction waits, and only after the timeout fails
 * with SQLITE_BUSY, which the HTTP layer answers 503 with Retry-After.
 */
function beginImmediate(db: Knex): Knex {
  // knex has no option for it: its SQLite Transaction's begin() issues 'BEGIN;'. A subclass whose
  // begin() says IMMEDIATE is used for this connection's transactions (nested ones are savepoints).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- knex exports no types for its dialect classes
  const SqliteTransaction: TransactionClass = require('knex/lib/dialects/sqlite3/execution/sqlite-transaction');
  class ImmediateTransaction extends SqliteTransaction {
    begin(conn: unknown) {
      return this.query(conn, 'BEGIN IMMEDIATE;');
    }
  }
  const client = db.client as { transaction: (...args: unknown[]) => unknown };
  client.transaction = function (this: unknown, ...args: unknown[]) {
    return new ImmediateTransaction(this, ...args);
  };
  return db;
}

/**
 * Within this process, transactions also run one after the other, on a connection of their own (`writer`),
 * while plain reads go on in parallel on the pool (WAL). SQLite has one writer at a time in any case; with
 * its own connection a transaction never waits for one behind the reads queued for the pool, and the writes
 * that queue behind it (notes, audited views' group commits) are not slowed by every read in the process —
 * under the mixed agent workload at 50 connections that halved the p99 (BENCHMARKS.md, issue 14).
 * Still needed with BEGIN IMMEDIATE: a transaction waiting for the lock sleeps in
 * SQLite's busy handler on one of libuv's four threads, so 200 concurrent writers would park every
 * thread and stall the reads; queued here they cost nothing. While another process holds the lock, the
 * head of the queue waits busy_timeout and fails; those behind it that have already waited that long
 * fail at once (503) instead of each waiting again. Several processes on one file wait for each other
 * through busy_timeout; the scale-out path for several API instances is PostgreSQL.
 */
function serialiseWriteTransactions(db: Knex, writer: Knex): Knex {
  let tail: Promise<unknown> = Promise.resolve();
  let lastBusyAt = 0;
  const transaction = writer.transaction.bind(writer) as (...args: unknown[]) => Promise<unknown>;
  const settled = followWrites(db, writer);
  const start = (handler: unknown, config: unknown, queuedAt: number) => {
    if (lastBusyAt > queuedAt && Date.now() - queuedAt >= SQLITE_BUSY_TIMEOUT_MS) {
      return Promise.reject(Object.assign(new Error('SQLITE_BUSY: the database is locked by another process'), { code: 'SQLITE_BUSY' }));
    }
    return transaction(handler, config).catch((err: { code?: string }) => {
      if (err?.code === 'SQLITE_BUSY') lastBusyAt = Date.now();
      throw err;
    });
  };
  // knex defines `transaction` read-only but configurable; nested transactions (trx.transaction) are
  // savepoints on the transaction's own object and are not affected.
  Object.defineProperty(db, 'transaction', {
    configurable: true,
    value: (handler?: unknown, config?: unknown) => {
      if (typeof handler !== 'function') return transaction(handler, config);
      const queuedAt = Date.now();
      // Once it has committed (or rolled back), the counts of the tables it wrote are stale (db/countCache.ts).
      const run = tail.then(() => start(handler, config, queuedAt)).finally(settled);
      tail = run.catch(() => undefined);
      return run;
    },
  });
  writers.set(db, writer);
  const destroyReads = db.destroy.bind(db) as () => Promise<void>;
  Object.defineProperty(db, 'destroy', {
    configurable: true,
    value: async (callback?: () => void) => {
      await Promise.all([destroyReads(), writer.destroy()]);
      callback?.();
    },
  });
  return db;
}

/** The connection of a SQLite handle's transactions (serialiseWriteTransactions). */
const writers = new WeakMap<Knex, Knex>();

/**
 * Closes the connection a SQLite handle's transactions use (it opens again at the next transaction that does
 * not name its own), for work that needs the file to itself: the bulk seed switches the journal mode, which
 * SQLite refuses while another connection has the file open.
 */
export async function closeTransactionConnection(db: Knex): Promise<void> {
  const writer = writers.get(db);
  if (!writer) return;
  await writer.destroy();
  writer.initialize();
}

interface PoolCounts {
  numUsed(): number;
  numPendingAcquires(): number;
}

/**
 * Closes the database once no query runs or waits for a connection (at most `waitMs`): requests still
 * being answered when the server stopped listening — a client that hung up mid-request included — finish
 * instead of failing on a closed pool.
 */
export async function closeWhenIdle(db: Knex, waitMs = 10_000): Promise<void> {
  const pools = [db, writers.get(db)].map((k) => (k?.client as { pool?: PoolCounts } | undefined)?.pool);
  const busy = () => pools.some((p) => p !== undefined && p.numUsed() + p.numPendingAcquires() > 0);
  const deadline = Date.now() + waitMs;
  while (busy() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  await db.destroy();
}

/** A fixed key for PostgreSQL's advisory lock taken while an instance migrates and seeds. */
const STARTUP_LOCK_KEY = 7_215_202_611;

/**
 * Runs `fn` (migrate, seed an empty database) while holding the start-up lock. On PostgreSQL two
 * instances started at the same moment (a rolling deploy) would otherwise both find the database empty
 * and both seed it, or fail on knex's migration lock: an advisory lock, held by a transaction for as long
 * as `fn` runs, makes the second wait; it then finds the schema current and the data there. On SQLite
 * one process owns the file, and `fn` simply runs.
 */
export async function underStartupLock<T>(db: Knex, fn: () => Promise<T>): Promise<T> {
  if (!isPostgres(db)) return fn();
  return db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [STARTUP_LOCK_KEY]);
    return fn();
  });
}

/** Whether the database answers and has every migration this code knows applied (for `GET /readyz`). */
export async function schemaStatus(db: Knex): Promise<{ current: boolean; expected: string }> {
  const names = await migrationSource.getMigrations([]);
  const expected = names[names.length - 1];
  if (!(await db.schema.hasTable('knex_migrations'))) return { current: false, expected };
  const row = await db('knex_migrations').where({ name: expected }).first('name');
  return { current: row !== undefined, expected };
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
