import type { Knex } from 'knex';
import type { Database } from 'sqlite3';
import { closeTransactionConnection, isPostgres, migrateLatest, openDb } from '../server/src/db/knex';
import { insertRows } from '../server/src/services/audit';

/**
 * Bulk loading for the benchmark seed (npm run seed:large): one connection for the whole load, on SQLite
 * with relaxed durability on it for the load only, rows handed over as one JSON text per statement, and
 * the secondary indexes of the loaded tables built once after the load when those tables start (nearly)
 * empty. What each step saves was measured; see BENCHMARKS.md ("seed:large").
 */

/** The tables the bulk seed fills: their secondary indexes may be built after the load. */
const BULK_TABLES = ['customers', 'subscriptions', 'invoices', 'invoice_lines', 'cancellations', 'covered_persons'] as const;

/**
 * Indexes the load itself reads (and so keeps): backfillHolders() asks for every subscription whether it
 * already has a holder. Its keys arrive in ascending order, so keeping it up costs little.
 */
const KEPT_DURING_LOAD = new Set(['covered_persons_one_holder']);

export interface IndexDefinition {
  name: string;
  table: string;
  sql: string;
}

export interface BulkSession {
  /** A transaction on the load's connection. */
  transaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
  /** False when SQLite stayed in WAL mode (another connection had the file open). */
  journalSwitched: boolean;
}

type SqliteConnection = Pick<Database, 'all'>;

function all(conn: SqliteConnection, sql: string): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) =>
    conn.all(sql, [], (err, rows) => (err ? reject(err) : resolve(rows as Array<Record<string, unknown>>))),
  );
}

async function pragma(conn: SqliteConnection, statement: string): Promise<unknown> {
  const rows = await all(conn, `PRAGMA ${statement}`);
  return rows[0] === undefined ? undefined : Object.values(rows[0])[0];
}

/**
 * Runs `load` on one connection taken from the pool. On SQLite, for the load only and on that connection:
 * - `synchronous = OFF`: no fsync at commits. It is benchmark data: a crash of the machine during the load can
 *   leave a damaged file, and the remedy is a fresh file and a re-run. An application crash rolls back
 *   the open batch as always.
 * - `journal_mode = DELETE` instead of WAL: pages appended to the file are written once, not once into the
 *   WAL and again at the checkpoint (measured: 29 s → 17 s for the bare SQL of the 1,000,000 set). SQLite
 *   refuses the switch while another connection has the file open; the load then runs in WAL mode, slower.
 * - `foreign_keys = OFF`: the load writes parents before children, by construction; no lookups per row.
 * - a small page cache (2 MB): CREATE INDEX sorts in runs of the cache size, and small runs are several
 *   times faster than one huge sort (measured, 1,000,000 e-mail addresses: 0.95 s at 2 MB, 3.5 s at 4 GB).
 * Every setting is put back afterwards, also after an error. On PostgreSQL the load runs as it is.
 */
export async function onBulkConnection<T>(db: Knex, load: (session: BulkSession) => Promise<T>): Promise<T> {
  if (isPostgres(db)) return load({ transaction: (fn) => db.transaction(fn), journalSwitched: false });
  await closeTransactionConnection(db);
  const conn = (await db.client.acquireConnection()) as SqliteConnection;
  const settings = ['synchronous', 'foreign_keys', 'cache_size', 'journal_mode'] as const;
  const before: Record<string, unknown> = {};
  for (const name of settings) before[name] = await pragma(conn, name);
  try {
    await pragma(conn, 'synchronous = OFF');
    await pragma(conn, 'foreign_keys = OFF');
    await pragma(conn, 'cache_size = -2000');
    return await load({
      transaction: (fn) => db.transaction(fn, { connection: conn }),
      journalSwitched: await switchJournal(conn, 'DELETE'),
    });
  } finally {
    try {
      await switchJournal(conn, String(before.journal_mode));
      for (const name of settings.filter((n) => n !== 'journal_mode')) await pragma(conn, `${name} = ${Number(before[name])}`);
    } finally {
      db.client.releaseConnection(conn);
    }
  }
}

/** Switches the journal mode if SQLite allows it at once (not while another connection has the file open). */
async function switchJournal(conn: SqliteConnection, mode: string): Promise<boolean> {
  const timeout = Number(await pragma(conn, 'busy_timeout'));
  try {
    await pragma(conn, 'busy_timeout = 0');
    return String(await pragma(conn, `journal_mode = ${mode}`)).toLowerCase() === mode.toLowerCase();
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw err;
  } finally {
    await pragma(conn, `busy_timeout = ${timeout}`);
  }
}

/**
 * Rows for bulkInsert(), turned into JSON text every ROWS_PER_TEXT rows: the arrays die young, and what a
 * batch keeps until it is written is its text. Measured on the rows of 1,000,000 customers: 3.3 s to build
 * them and drop them, 12–13 s when a batch keeps its 10,000 arrays of arrays until written, ≈ 9 s this way
 * (the rest is garbage collection of what survives young).
 */
const ROWS_PER_TEXT = 256;

export class JsonRows {
  /** Texts of up to ROWS_PER_TEXT rows each, without the enclosing brackets. */
  private readonly texts: string[] = [];
  private pending: Array<readonly unknown[]> = [];
  private count = 0;

  push(row: readonly unknown[]): void {
    this.pending.push(row);
    this.count += 1;
    if (this.pending.length === ROWS_PER_TEXT) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.texts.push(JSON.stringify(this.pending).slice(1, -1));
    this.pending = [];
  }

  get length(): number {
    return this.count;
  }

  json(): string {
    this.flush();
    return `[${this.texts.join(',')}]`;
  }

  rows(): unknown[][] {
    return JSON.parse(this.json()) as unknown[][];
  }
}

/**
 * Rows of one shape, each an array in the order of `columns`, plus `constants` (the same value in every
 * row). SQLite: one statement that reads the rows from one JSON text (`jsonb_each`, SQLite ≥ 3.45), in
 * the array's order — measured 2–3 times cheaper than binding every value (the driver converts each
 * bound value on the JavaScript thread); booleans arrive as 1/0, as when bound. PostgreSQL: multi-row
 * `INSERT … VALUES` statements (services/audit.ts `insertRows`).
 */
export async function bulkInsert(
  trx: Knex | Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: JsonRows | ReadonlyArray<readonly unknown[]>,
  constants: Readonly<Record<string, Knex.Value>> = {},
): Promise<void> {
  if (rows.length === 0) return;
  const constantNames = Object.keys(constants);
  const constantValues = Object.values(constants);
  const names = [...columns, ...constantNames].join(', ');
  if (isPostgres(trx)) {
    await insertRows(
      trx,
      table,
      [...columns, ...constantNames],
      (rows instanceof JsonRows ? rows.rows() : rows).map((r) => [...r, ...constantValues]),
    );
    return;
  }
  const json = rows instanceof JsonRows ? rows.json() : JSON.stringify(rows);
  const picks = [...columns.map((_, i) => `value ->> ${i}`), ...constantNames.map(() => '?')].join(', ');
  await trx.raw(`INSERT INTO ${table} (${names}) SELECT ${picks} FROM jsonb_each(?)`, [...constantValues, json]);
}

/**
 * The secondary indexes of the bulk tables exactly as the migrations create them, read from a database
 * migrated in memory: what a load that drops them must build again, and what a load that crashed
 * before building them left missing (SQLite only).
 */
export async function migratedIndexes(): Promise<IndexDefinition[]> {
  const memory = openDb({ dbFile: ':memory:', sqlitePool: 1 });
  try {
    await migrateLatest(memory);
    return await secondaryIndexes(memory);
  } finally {
    await memory.destroy();
  }
}

async function secondaryIndexes(db: Knex | Knex.Transaction): Promise<IndexDefinition[]> {
  // Indexes without SQL are the tables' own (primary keys, UNIQUE in CREATE TABLE): never dropped.
  return db.raw(
    `SELECT name, tbl_name AS "table", sql FROM sqlite_master
     WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map(() => '?').join(', ')})
     ORDER BY rowid`,
    [...BULK_TABLES],
  );
}

/** Drops the secondary indexes of the bulk tables that the load does not read; answers their names. */
export async function dropIndexesForLoad(trx: Knex.Transaction, expected: readonly IndexDefinition[]): Promise<string[]> {
  const present = new Set((await secondaryIndexes(trx)).map((i) => i.name));
  const dropped: string[] = [];
  for (const index of expected) {
    if (!present.has(index.name) || KEPT_DURING_LOAD.has(index.name)) continue;
    await trx.raw(`DROP INDEX "${index.name}"`);
    dropped.push(index.name);
  }
  return dropped;
}

/** Builds every expected index that is missing, with the migrations' own statement; answers their names. */
export async function createMissingIndexes(trx: Knex.Transaction, expected: readonly IndexDefinition[]): Promise<string[]> {
  const present = new Set((await secondaryIndexes(trx)).map((i) => i.name));
  const created: string[] = [];
  for (const index of expected) {
    if (present.has(index.name)) continue;
    await trx.raw(index.sql);
    created.push(index.name);
  }
  return created;
}
