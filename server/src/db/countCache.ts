import type { Knex } from 'knex';

/** A COUNT already written (db/knex.ts `writtenSelect`): its SQL and bindings, and how to run it. */
export interface WrittenCount {
  sql: string;
  bindings: readonly unknown[];
  run: () => Promise<Array<{ count: number | string }>>;
}

/**
 * Exact counts, kept until a table they read is written. A queue page's total (`Content-Range`: "1–25 of
 * 20 960") is a COUNT over every row of the status — 5–9 ms of SQLite at a million customers, against
 * 0.1 ms for the page itself — and the same count is asked again and again while nothing changed.
 *
 * Only on SQLite, where one process owns the file: every write of this process goes through its Knex handles,
 * which report each statement; a statement that writes a table moves that table's version on, and with it
 * every count that read the table is stale. Versions move when the write is done (a transaction's when it
 * has committed or rolled back), and a count is kept under the version it started with, so a count that ran
 * beside a commit is never served after it. A DELETE moves every table on (foreign keys may cascade).
 * Writes by another process (the sqlite3 shell) are not seen: a count is kept `MAX_AGE_MS` at most.
 * On PostgreSQL several instances write the same tables, so nothing is kept there.
 */
const MAX_AGE_MS = 5_000;
const MAX_ENTRIES = 1_000;
/** A count this old is still answered, but one request counts again meanwhile. */
const REFRESH_AFTER_MS = 2_500;

const WRITE = /^\s*(insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+[`"]?(\w+)/i;
const READS = /\b(?:from|join)\s+[`"]?(\w+)/gi;

interface Entry {
  versions: string;
  at: number;
  count: number;
}

class TableVersions {
  private readonly byTable = new Map<string, number>();
  /** Moved on by deletes, which may cascade to any table. */
  private everything = 0;
  readonly counts = new Map<string, Entry>();
  /** Counts being run, by versions and key. */
  private readonly running = new Map<string, Promise<number>>();

  /** The versions of the tables a statement reads, as one comparable string. */
  of(tables: readonly string[]): string {
    return `${this.everything}:${tables.map((t) => this.byTable.get(t) ?? 0).join(',')}`;
  }

  /** The table a statement writes (undefined for reads); a delete is '*'. */
  static written(sql: string): string | undefined {
    const m = WRITE.exec(sql);
    if (!m) return undefined;
    return m[1].toLowerCase().startsWith('delete') ? '*' : m[2];
  }

  /** The count of `key` under `versions`: one run at a time, its result kept (under the versions it started with). */
  countOnce(key: string, versions: string, run: () => Promise<number>): Promise<number> {
    const flight = `${versions}\u0001${key}`;
    const running = this.running.get(flight);
    if (running) return running;
    const at = Date.now();
    const counting = run()
      .then((count) => {
        this.counts.delete(key);
        if (this.counts.size >= MAX_ENTRIES) this.counts.delete(this.counts.keys().next().value!);
        this.counts.set(key, { versions, at, count });
        return count;
      })
      .finally(() => this.running.delete(flight));
    this.running.set(flight, counting);
    return counting;
  }

  moveOn(table: string) {
    if (table === '*') this.everything++;
    else this.byTable.set(table, (this.byTable.get(table) ?? 0) + 1);
  }
}

const versionsOf = new WeakMap<Knex, TableVersions>();

interface QueryEvent {
  sql?: string;
}

/**
 * Follows the writes of a SQLite handle (`reads`: its pool, where statements commit one by one) and of its
 * transactions' connection (`writer`, whose transactions run one at a time). Returns what the transaction
 * queue calls when a transaction has settled.
 */
export function followWrites(reads: Knex, writer: Knex): () => void {
  const versions = new TableVersions();
  versionsOf.set(reads, versions);
  const written = (q: QueryEvent) => (typeof q?.sql === 'string' ? TableVersions.written(q.sql) : undefined);
  // Autocommitted statements on the pool: before (a count starting now is kept under the new version) and after.
  const onRead = (q: QueryEvent) => {
    const table = written(q);
    if (table) versions.moveOn(table);
  };
  reads.on('query', onRead);
  reads.on('query-response', (_response: unknown, q: QueryEvent) => onRead(q));
  reads.on('query-error', (_err: unknown, q: QueryEvent) => onRead(q));
  // In a transaction: the tables it wrote move on at once and again when it has settled.
  let touched = new Set<string>();
  writer.on('query', (q: QueryEvent) => {
    const table = written(q);
    if (!table) return;
    touched.add(table);
    versions.moveOn(table);
  });
  return () => {
    const tables = touched;
    touched = new Set();
    for (const table of tables) versions.moveOn(table);
  };
}

/**
 * The query's COUNT, from the cache while no table it reads has been written (SQLite), else run. Requests that
 * ask for the same count while it runs wait for that one run (a queue page's 50 agents would otherwise each
 * start the same 2–4 ms scan when it expires), and a count older than `REFRESH_AFTER_MS` is answered from the
 * cache while one request counts again, so a busy queue never waits for its count.
 */
export async function cachedCount(db: Knex, query: Knex.QueryBuilder | WrittenCount): Promise<number> {
  const built = 'toSQL' in query;
  const run = async () => Number(((built ? await query : await query.run()) as Array<{ count: number | string }>)[0]?.count ?? 0);
  const versions = versionsOf.get(db);
  if (!versions) return run();
  const { sql, bindings } = built ? query.toSQL() : query;
  const key = `${sql}\u0000${JSON.stringify(bindings)}`;
  const tables = [...sql.matchAll(READS)].map((m) => m[1]);
  const current = versions.of(tables);
  const kept = versions.counts.get(key);
  const age = kept ? Date.now() - kept.at : Infinity;
  const valid = kept !== undefined && kept.versions === current && age < MAX_AGE_MS;
  if (valid && age < REFRESH_AFTER_MS) return kept.count;
  const counting = versions.countOnce(key, current, run);
  if (!valid) return counting;
  // Refreshing ahead of expiry: a failure here is the next request's to meet.
  counting.catch(() => undefined);
  return kept.count;
}
