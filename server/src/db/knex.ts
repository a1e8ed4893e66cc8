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
    keepPreparedStatements(
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
      ),
    );
  // Transactions get a connection of their own (see serialiseWriteTransactions): they never wait behind the
  // reads queued for the pool's connections. Three for reads and the writer's one are libuv's four threads,
  // which run every statement: whatever the reads do, the writer always finds a thread, so a transaction
  // that holds the write lock always gets to its COMMIT.
  return serialiseWriteTransactions(sqlite(options.sqlitePool ?? Number(process.env.SQLITE_POOL ?? 3)), sqlite(1));
}

/** The parts of a node-sqlite3 connection and statement that keepPreparedStatements uses. */
interface SqliteStatement {
  all(bindings: unknown[], cb: (err: Error | null, rows: unknown[]) => void): void;
  run(bindings: unknown[], cb: (this: { lastID: number; changes: number }, err: Error | null) => void): void;
  finalize(cb?: () => void): void;
}
interface SqliteConnection {
  prepare(sql: string, cb: (err: Error | null) => void): SqliteStatement;
}
interface QueryObject {
  sql: string;
  bindings?: unknown[];
  method?: string;
  returning?: unknown;
  response?: unknown;
  context?: { lastID: number; changes: number };
}
interface SqliteClient {
  _query(conn: SqliteConnection, obj: QueryObject): Promise<QueryObject>;
  destroyRawConnection(conn: SqliteConnection): Promise<void>;
}

/** Prepared statements kept per connection, at most this many (the least recently used is finalized). */
export const PREPARED_PER_CONNECTION = 200;

/**
 * The statements worth keeping: queries and writes (whose SQL repeats, the values being bindings) and the
 * transaction's BEGIN, COMMIT and ROLLBACK. Not PRAGMAs, schema changes or savepoints (named per transaction).
 */
const KEEPABLE = /^\s*(?:select|with|insert|update|delete|begin(?: immediate)?;?\s*$|commit;?\s*$|rollback;?\s*$)/i;

/**
 * The statements kept on each connection, whichever handle's client ran them: a transaction given a pool's
 * connection (`{ connection }`, the bulk seed) runs on the writer handle's client, and the pool that closes
 * the connection must finalize those too.
 */
const prepared = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();

/**
 * Keeps each connection's statements prepared. knex's SQLite client runs every query as `Database#all(sql)`
 * or `#run(sql)`: a new statement per query, prepared, stepped and finalized — three trips through libuv's
 * thread pool, each answered by a callback on the busy main thread (a note's transaction: BEGIN, a read,
 * two inserts and COMMIT, fifteen trips). The SQL of a query shape is the same every time (values are
 * bindings), so a statement prepared once per connection is stepped again with new bindings: one trip.
 * node-sqlite3 steps a statement to its end (SQLITE_DONE, which ends its read) and resets it when it is
 * bound again, so a kept statement holds no read snapshot between queries. A statement whose query failed
 * is finalized and prepared afresh next time. Before a connection closes its statements are finalized
 * (SQLite refuses to close a connection with live statements, and knex would not say so). Transactions'
 * statements are kept on the writer's connection like any other.
 */
function keepPreparedStatements(db: Knex): Knex {
  const client = db.client as SqliteClient;
  // A subclass, not properties of this client: knex gives each transaction a client of its own made from
  // `client.constructor.prototype`, which would not see them (every statement of a transaction was prepared,
  // stepped and finalized afresh, BENCHMARKS.md).
  const Base = client.constructor as new (...args: never[]) => SqliteClient;
  class KeptStatements extends Base {
    _query(conn: SqliteConnection, obj: QueryObject): Promise<QueryObject> {
      const { sql, method } = obj;
      if (!sql || !KEEPABLE.test(sql)) return super._query(conn, obj);
      // As knex chooses: `run` where the answer is the row id or the number of rows changed.
      const byRun = ((method === 'insert' || method === 'update') && !obj.returning) || method === 'del' || method === 'counter';
      return runKept(conn, sql, obj.bindings ?? [], byRun).then((answer) => Object.assign(obj, answer));
    }

    async destroyRawConnection(conn: SqliteConnection): Promise<void> {
      const statements = prepared.get(conn);
      prepared.delete(conn);
      if (statements) await Promise.all([...statements.values()].map(finalize));
      return super.destroyRawConnection(conn);
    }
  }
  Object.setPrototypeOf(client, KeptStatements.prototype);
  return db;
}

const finalize = (stmt: SqliteStatement) => new Promise<void>((resolve) => stmt.finalize(() => resolve()));

/** Runs `sql` on the connection's kept statement (prepared first if it is not kept yet): rows, or the run's id and changes. */
function runKept(
  conn: SqliteConnection,
  sql: string,
  bindings: readonly unknown[],
  byRun: boolean,
): Promise<Pick<QueryObject, 'response' | 'context'>> {
  let statements = prepared.get(conn);
  if (!statements) prepared.set(conn, (statements = new Map()));
  const kept = statements;
  return new Promise((resolve, reject) => {
    // `keep`: the statement stays prepared for the next query (unless this one failed).
    const run = (stmt: SqliteStatement, keep: boolean) => {
      const settle = (err: Error | null, answer: Pick<QueryObject, 'response' | 'context'>) => {
        if (err || !keep) {
          if (kept.get(sql) === stmt) kept.delete(sql);
          stmt.finalize();
        }
        if (err) reject(err);
        else resolve(answer);
      };
      if (byRun)
        stmt.run(bindings as unknown[], function (err) {
          settle(err, { context: { lastID: this.lastID, changes: this.changes } });
        });
      else stmt.all(bindings as unknown[], (err, rows) => settle(err, { response: rows }));
    };
    const cached = kept.get(sql);
    if (cached) {
      kept.delete(sql); // set again: the Map's order is the order of last use
      kept.set(sql, cached);
      return run(cached, true);
    }
    // Kept only once prepared: a statement that fails to prepare drops the calls queued on it unanswered.
    const stmt = conn.prepare(sql, (err) => {
      if (err) return reject(err);
      if (!kept.has(sql)) {
        if (kept.size >= PREPARED_PER_CONNECTION) {
          const [oldestSql, oldest] = kept.entries().next().value as [string, SqliteStatement];
          kept.delete(oldestSql);
          oldest.finalize();
        }
        kept.set(sql, stmt);
        return run(stmt, true);
      }
      // Prepared twice at once on this connection (parallel queries in a transaction): this one is used once.
      run(stmt, false);
    });
  });
}

/** Queries written by `runWritten`, per database handle and shape; emptied when it holds this many. */
const WRITTEN_MAX = 1_000;
/** Each binding of a written query: the index of the value that goes there, or a constant knex bound itself. */
type WrittenBinding = { slot: number } | { value: unknown };
const writtenQueries = new WeakMap<Knex, Map<string, { sql: string; bindings: WrittenBinding[] }>>();
const SLOT = /^\uE000slot (\d+)\uE000$/;

/**
 * Runs a read query written once per shape (`key`: whatever decides its SQL besides the values; the caller
 * names it, and `build` must not branch on the values). `build(slot)` is the query with `slot(i)` where the
 * i-th value goes. On SQLite it is built once with a stand-in for each value and compiled; the stand-ins show
 * where each value is bound, and from then on the SQL runs on the connection's kept statement with the values
 * in their places (`selectRows`): per request no query is built or compiled and knex's runner is skipped
 * (BENCHMARKS.md, issue 14). PostgreSQL, and a transaction, run the query as built with the values.
 */
export async function runWritten<Row>(
  db: Knex,
  key: string,
  values: readonly Knex.Value[],
  build: (slot: (index: number) => Knex.Value) => Knex.QueryBuilder,
): Promise<Row[]> {
  const written = writtenSelect(db, key, values, build);
  return written ? selectRows<Row>(db, written) : (build((i) => values[i]) as unknown as Promise<Row[]>);
}

/** The SQL and bindings `runWritten` runs: on SQLite outside a transaction, otherwise undefined. */
export function writtenSelect(
  db: Knex,
  key: string,
  values: readonly Knex.Value[],
  build: (slot: (index: number) => Knex.Value) => Knex.QueryBuilder,
): CompiledSelect | undefined {
  if (isPostgres(db) || db.isTransaction) return undefined;
  let queries = writtenQueries.get(db);
  if (!queries) writtenQueries.set(db, (queries = new Map()));
  let written = queries.get(key);
  if (!written) {
    const { sql, bindings } = build((i) => `\uE000slot ${i}\uE000`).toSQL();
    written = {
      sql,
      bindings: bindings.map((b): WrittenBinding => {
        const slot = typeof b === 'string' ? SLOT.exec(b) : null;
        return slot ? { slot: Number(slot[1]) } : { value: b };
      }),
    };
    // Each value must be bound, never written into the SQL: otherwise every request would run the first one's.
    const bound = new Set(written.bindings.flatMap((b) => ('slot' in b ? [b.slot] : [])));
    if (sql.includes('\uE000') || values.some((_, i) => !bound.has(i))) {
      throw new Error(`runWritten: a value of "${key}" is not a binding of its query`);
    }
    if (queries.size >= WRITTEN_MAX) queries.clear();
    queries.set(key, written);
  }
  return { sql: written.sql, bindings: written.bindings.map((b) => ('slot' in b ? values[b.slot] : b.value)) };
}

/** A SELECT written once (services cache it per shape) and its values in order. */
export interface CompiledSelect {
  sql: string;
  bindings: readonly unknown[];
}

interface PooledClient {
  acquireConnection(): Promise<SqliteConnection>;
  releaseConnection(conn: SqliteConnection): Promise<void>;
}

/**
 * The rows of a SELECT whose SQL is already written, for the hottest reads (the key search): on SQLite the
 * pool's connection steps its kept statement directly, without knex's runner (its compile, events and
 * promise hops were a third of a key search's time on the main thread, BENCHMARKS.md); on PostgreSQL, and in a
 * transaction, it is an ordinary `raw` query.
 */
export async function selectRows<Row>(db: Knex, query: CompiledSelect): Promise<Row[]> {
  if (isPostgres(db) || db.isTransaction) return rowsOfRaw<Row>(await db.raw(query.sql, query.bindings as Knex.RawBinding[]));
  // As knex's runner would: whoever follows the queries (debugging, tests) sees this one too.
  if (db.listenerCount('query') > 0) db.emit('query', { sql: query.sql, bindings: query.bindings, method: 'select' });
  const client = db.client as unknown as PooledClient;
  const conn = await client.acquireConnection();
  try {
    return (await runKept(conn, query.sql, query.bindings, false)).response as Row[];
  } finally {
    void client.releaseConnection(conn);
  }
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
  const transaction = writer.transaction.bind(writer) as (...args: unknown[]) => Promise<unknown>;
  const settled = followWrites(db, writer);
  const queue: QueuedTransaction[] = [];
  let lastBusyAt = 0;
  let draining = false;
  const alone = (handler: unknown, config: unknown) =>
    transaction(handler, config).catch((err: { code?: string }) => {
      if (err?.code === 'SQLITE_BUSY') lastBusyAt = Date.now();
      throw err;
    });
  const drain = async () => {
    draining = true;
    while (queue.length > 0) {
      // A transaction with settings of its own (the bulk seed's connection) runs alone.
      let size = 0;
      while (size < Math.min(queue.length, MAX_BATCH) && (size === 0 || queue[size].config === undefined)) size++;
      if (queue[0].config !== undefined) size = 1;
      const batch: QueuedTransaction[] = [];
      for (const item of queue.splice(0, size)) {
        // Behind a transaction that waited busy_timeout for another process's lock: fail at once (503).
        if (lastBusyAt > item.queuedAt && Date.now() - item.queuedAt >= SQLITE_BUSY_TIMEOUT_MS) {
          item.reject(Object.assign(new Error('SQLITE_BUSY: the database is locked by another process'), { code: 'SQLITE_BUSY' }));
        } else batch.push(item);
      }
      // Once it has committed (or rolled back), the counts of the tables it wrote are stale (db/countCache.ts).
      if (batch.length > 0) await runBatch(batch, alone, settled);
    }
    draining = false;
  };
  // knex defines `transaction` read-only but configurable; nested transactions (trx.transaction) are
  // savepoints on the transaction's own object and are not affected.
  Object.defineProperty(db, 'transaction', {
    configurable: true,
    value: (handler?: unknown, config?: unknown) => {
      if (typeof handler !== 'function') return transaction(handler, config);
      const done = new Promise((resolve, reject) =>
        queue.push({ handler: handler as QueuedTransaction['handler'], config, queuedAt: Date.now(), resolve, reject }),
      );
      if (!draining) void drain();
      return done;
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

interface QueuedTransaction {
  handler: (trx: Knex.Transaction) => unknown;
  /** knex's transaction settings, if any: such a transaction runs alone. */
  config?: unknown;
  queuedAt: number;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/** At most this many queued transactions commit together. */
const MAX_BATCH = 32;

/**
 * The transactions queued while the previous batch ran, run one after the other inside one SQLite
 * transaction (group commit): each sees the writes of those before it, as if they had run one by one, and
 * each is answered only once the batch has committed. It saves each transaction its BEGIN and COMMIT —
 * statements that each cost a trip through libuv's thread pool and a turn of the busy event loop, which
 * under the mixed agent workload was most of a note's time (BENCHMARKS.md, issue 14). When one of them
 * fails (a 404, a 409, a refused change), the batch rolls back and each runs again on its own, in the same
 * order, so a failure never undoes another's change and every one is answered by its own transaction. When
 * the BEGIN or COMMIT fails (another process holds the lock past busy_timeout), every one of them fails.
 */
async function runBatch(
  batch: QueuedTransaction[],
  alone: (handler: unknown, config: unknown) => Promise<unknown>,
  settled: () => void,
): Promise<void> {
  // Each transaction's caller continues only after `settled` (the kept counts of what it wrote are stale).
  const one = async (item: QueuedTransaction) => {
    let outcome: () => void;
    try {
      const result = await alone(item.handler, item.config);
      outcome = () => item.resolve(result);
    } catch (err) {
      outcome = () => item.reject(err);
    }
    settled();
    outcome();
  };
  if (batch.length === 1) return one(batch[0]);
  const results: unknown[] = [];
  let handlerFailed = false;
  try {
    await alone(async (trx: Knex.Transaction) => {
      for (const item of batch) {
        try {
          results.push(await item.handler(trx));
        } catch (err) {
          handlerFailed = true;
          throw err;
        }
      }
    }, undefined);
  } catch (err) {
    settled();
    if (!handlerFailed) {
      for (const item of batch) item.reject(err);
      return;
    }
    for (const item of batch) await one(item);
    return;
  }
  settled();
  batch.forEach((item, i) => item.resolve(results[i]));
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

/**
 * SQLite's query planner chooses indexes by the statistics ANALYZE leaves in `sqlite_stat1`, and nothing
 * refreshes them by itself: a table analysed while small (audit_events after the seed) keeps being planned
 * as small, and a better index can go unused. `PRAGMA optimize` re-analyses the tables whose size has changed
 * much since (0x10000: every table, not only those this connection has queried), each from a sample
 * (`analysis_limit`), so it takes milliseconds; in a transaction, so it queues with the writes. PostgreSQL's
 * autovacuum keeps its own statistics.
 */
export async function refreshPlannerStatistics(db: Knex): Promise<void> {
  if (isPostgres(db)) return;
  await db.transaction(async (trx) => {
    await trx.raw('PRAGMA analysis_limit = 1000');
    await trx.raw('PRAGMA optimize = 0x10002');
  });
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

/** The rows of a `raw` statement: SQLite answers the rows, PostgreSQL a result that holds them. */
export function rowsOfRaw<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Number of rows as a JS number (PostgreSQL answers COUNT as a string). */
export function toCount(row: Record<string, unknown> | undefined, key = 'count'): number {
  return row ? Number(row[key] ?? 0) : 0;
}
