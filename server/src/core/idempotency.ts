/**
 * What the HTTP layer's `Idempotency-Key` handling (`http/idempotency.ts`) and its table
 * (`services/idempotency.ts`) agree on: who asks with which key, and what an earlier request with the
 * key has become.
 */
export interface IdempotencyScope {
  userId: number;
  key: string;
  method: string;
  path: string;
}

export type IdempotencyClaim =
  /** This request holds the key: run the action, then `complete` or `release`. */
  | { state: 'claimed'; id: number }
  /** An earlier request with the key has answered. */
  | { state: 'done'; requestHash: string; status: number; body: string }
  /** An earlier request with the key is still running (or was interrupted before it answered). */
  | { state: 'in_progress'; requestHash: string; createdAt: string };

export interface IdempotencyStore {
  claim(scope: IdempotencyScope, requestHash: string): Promise<IdempotencyClaim>;
  complete(id: number, status: number, body: string): Promise<void>;
  release(id: number): Promise<void>;
}
