/**
 * Errors that mean "the database is busy, try again" rather than a bug: SQLite's write lock held past
 * busy_timeout (another process — a backup, `npm run jobs`, the sqlite3 shell — or a long writer),
 * PostgreSQL lock and statement timeouts, serialization failures and deadlocks, and a connection pool
 * that had no free connection in time. The HTTP layer answers them 503 with Retry-After, never 500.
 */
const SQLITE_BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);
const POSTGRES_BUSY_CODES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available (lock_timeout)
  '57014', // query_canceled (statement_timeout)
  '53300', // too_many_connections
]);

export function databaseBusy(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof e.code === 'string' && (SQLITE_BUSY_CODES.has(e.code) || POSTGRES_BUSY_CODES.has(e.code))) return true;
  // node-sqlite3 sets code to the primary code ("SQLITE_BUSY") but some paths only carry the message.
  if (typeof e.message === 'string' && /\bSQLITE_(BUSY|LOCKED)\b/.test(e.message)) return true;
  return e.name === 'KnexTimeoutError';
}

/** Seconds a client should wait before retrying after a busy database. */
export const BUSY_RETRY_AFTER_S = 2;
