import type { Knex } from 'knex';
import type { IdempotencyClaim, IdempotencyScope, IdempotencyStore } from '../core/idempotency';
import type { IdempotencyKeyRow } from '../db/tables';

/**
 * The table behind `Idempotency-Key` (the protocol is `http/idempotency.ts`): one row per key, user,
 * method and path, claimed before the action runs (the unique key decides who runs it when two requests
 * arrive at once), then completed with the answer or released when the action was refused, so that a
 * corrected retry runs again. Rows expire after a day.
 *
 * Every write here is a transaction of its own, even a single statement: on SQLite this process runs its
 * write transactions one after the other (db/knex.ts), and a write outside that queue would make a
 * concurrent transaction that has already read fail with SQLITE_BUSY instead of waiting.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e?.code === '23505') return true;
  return e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed: idempotency_keys/.test(String(e.message));
}

function scopeOf(scope: IdempotencyScope) {
  return { user_id: scope.userId, idempotency_key: scope.key, method: scope.method, path: scope.path };
}

function stateOf(row: IdempotencyKeyRow): IdempotencyClaim {
  if (row.status === 'done' && row.response_status !== null && row.response_body !== null) {
    return { state: 'done', requestHash: row.request_hash, status: Number(row.response_status), body: row.response_body };
  }
  return { state: 'in_progress', requestHash: row.request_hash, createdAt: row.created_at };
}

export function idempotencyKeys(db: Knex): IdempotencyStore {
  return {
    /** Takes the key for this request, or says what an earlier request with it has become. */
    async claim(scope: IdempotencyScope, requestHash: string, now: Date = new Date()): Promise<IdempotencyClaim> {
      const values = {
        ...scopeOf(scope),
        request_hash: requestHash,
        status: 'in_progress' as const,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
      };
      let lastError: unknown;
      // Twice at most: an expired row of the same key is removed, then the key is taken anew.
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const [{ id }] = await db.transaction((trx) => trx('idempotency_keys').insert(values).returning('id'));
          return { state: 'claimed', id: Number(id) };
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
          lastError = err;
        }
        const row = await db('idempotency_keys').where(scopeOf(scope)).first();
        if (!row) continue; // released meanwhile
        if (row.expires_at > values.created_at) return stateOf(row);
        await db.transaction((trx) =>
          trx('idempotency_keys').where({ id: row.id }).andWhere('expires_at', '<=', values.created_at).delete(),
        );
      }
      throw lastError;
    },

    /** Keeps the answer: every later request with the key gets it. */
    async complete(id: number, status: number, body: string): Promise<void> {
      await db.transaction((trx) =>
        trx('idempotency_keys')
          .where({ id, status: 'in_progress' })
          .update({ status: 'done', response_status: status, response_body: body }),
      );
    },

    /** The action was refused or failed: nothing to keep, and the key may be used again. */
    async release(id: number): Promise<void> {
      await db.transaction((trx) => trx('idempotency_keys').where({ id, status: 'in_progress' }).delete());
    },
  };
}

/** The daily job: removes answers older than a day. */
export async function purgeExpiredIdempotencyKeys(db: Knex, _today?: string, now: Date = new Date()): Promise<number> {
  return db.transaction((trx) => trx('idempotency_keys').where('expires_at', '<=', now.toISOString()).delete());
}
