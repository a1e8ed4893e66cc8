import type { Knex } from 'knex';
import { HttpError } from '../core/errors';
import { LOGIN_BACKOFF, type ThrottleScope, waitInWords, waitMs, failuresThatCount } from '../domain/loginBackoff';

/**
 * The counters behind login throttling (rules: domain/loginBackoff.ts). An attempt is *reserved* before
 * its password is checked: in one transaction the keys' counters are read (locked on PostgreSQL; SQLite
 * write transactions are serialised), the attempt is refused with 429 if any key must still wait, and
 * otherwise counted as a failure on every key. A success then takes its count back. So a burst of
 * parallel attempts is counted one by one and only the first few reach the password check.
 */
export interface ThrottleKey {
  key: string;
  scope: ThrottleScope;
}

/** The keys an attempt counts on: the client's own, plus the username's and the address's unless the client is known. */
export function throttleKeys(input: { username: string; ip: string; deviceId?: string; knownAddress: boolean }): ThrottleKey[] {
  if (input.deviceId) return [{ key: `device:${input.deviceId}`, scope: 'client' }];
  const keys: ThrottleKey[] = [{ key: `pair:${input.username}|${input.ip}`, scope: 'client' }];
  if (!input.knownAddress) {
    keys.push({ key: `user:${input.username}`, scope: 'user' }, { key: `ip:${input.ip}`, scope: 'address' });
  }
  return keys;
}

/** Rows untouched this long are dropped now and then (a guess at a random username leaves two rows). */
const KEEP_ROWS_MS = 24 * 60 * 60 * 1000;

/** Counts the attempt on every key, or throws 429 with `Retry-After` when a key must still wait. */
export async function reserveAttempt(db: Knex, unordered: ThrottleKey[], now: number): Promise<void> {
  const at = new Date(now).toISOString();
  // Every attempt locks its keys in one global order, so two attempts sharing keys never deadlock.
  const keys = [...unordered].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  await db.transaction(async (trx) => {
    await trx('login_throttles')
      .insert(keys.map((k) => ({ key: k.key, failures: 0, last_failure_at: null, updated_at: at })))
      .onConflict('key')
      .ignore();
    // Two attempts on one key wait for each other here on PostgreSQL (FOR UPDATE); SQLite ignores it,
    // its write transactions (BEGIN IMMEDIATE) already run one at a time.
    const locked = await trx('login_throttles')
      .whereIn(
        'key',
        keys.map((k) => k.key),
      )
      .orderBy('key')
      .forUpdate();
    const rows = new Map(locked.map((r) => [r.key, r]));
    let wait = 0;
    for (const k of keys) {
      const row = rows.get(k.key)!;
      wait = Math.max(wait, waitMs(LOGIN_BACKOFF[k.scope], row.failures, lastFailure(row.last_failure_at), now));
    }
    if (wait > 0) {
      throw new HttpError(
        429,
        `För många misslyckade inloggningar. Försök igen om ${waitInWords(wait)}.`,
        {},
        { 'Retry-After': String(Math.ceil(wait / 1000)) },
      );
    }
    for (const k of keys) {
      const row = rows.get(k.key)!;
      const counted = failuresThatCount(LOGIN_BACKOFF[k.scope], row.failures, lastFailure(row.last_failure_at), now);
      await trx('login_throttles')
        .where({ key: k.key })
        .update({ failures: counted + 1, last_failure_at: at, updated_at: at });
    }
    if (Math.random() < 0.01) {
      await trx('login_throttles')
        .where('updated_at', '<', new Date(now - KEEP_ROWS_MS).toISOString())
        .delete();
    }
  });
}

/**
 * A successful attempt was no failure: the client's own counters start again, the username's and the
 * address's give back the one count the reservation took (failures from elsewhere still count).
 */
export async function releaseAfterSuccess(trx: Knex.Transaction, keys: ThrottleKey[], now: number): Promise<void> {
  const at = new Date(now).toISOString();
  for (const k of keys) {
    if (k.scope === 'client') {
      await trx('login_throttles').where({ key: k.key }).delete();
    } else {
      await trx('login_throttles')
        .where({ key: k.key })
        .andWhere('failures', '>', 0)
        .update({ failures: trx.raw('failures - 1'), updated_at: at });
    }
  }
}

function lastFailure(stamp: string | null): number | null {
  return stamp === null ? null : Date.parse(stamp);
}
