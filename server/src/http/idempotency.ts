import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { badRequest, conflict, HttpError } from '../core/errors';
import type { IdempotencyStore } from '../core/idempotency';
import type { RouteDef } from './routes';

/**
 * `Idempotency-Key` on every create: a POST (or PUT) sent again with the same key by the same user to
 * the same method and path answers the first request's result, and the action runs once — a retry after
 * a timeout, a double click or two tabs never doubles a note, a cancellation or a GDPR request.
 *
 * - The key is claimed in a table with a unique key before the action runs, so of two concurrent requests
 *   one runs; the other waits for its answer (up to `IN_PROGRESS_WAIT_MS`), then gets 409 "in progress".
 * - Only successful answers are kept: a refused request (4xx, or a failure) releases the key, so a retry
 *   runs again and is judged again.
 * - The same key with another request (another body or query) is a 422: a key names one request.
 * - Answers are kept for a day (the table's `expires_at`).
 *
 * The table is the services' (`services/idempotency.ts`); app.ts hands it in, so this layer stays the protocol.
 */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const IN_PROGRESS_WAIT_MS = 10_000;
const POLL_MS = 40;
const KEY = /^[\x21-\x7e]{1,200}$/;

/** JSON with the keys of every object sorted, so that the same request always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestHash(req: Pick<Request, 'query' | 'body'>): string {
  // A file upload's body is its bytes (a Buffer): hashed as they are, not as JSON of every byte.
  if (Buffer.isBuffer(req.body)) {
    return createHash('sha256')
      .update(canonical({ query: req.query ?? {} }))
      .update(req.body)
      .digest('hex');
  }
  return createHash('sha256')
    .update(canonical({ query: req.query ?? {}, body: req.body ?? null }))
    .digest('hex');
}

/** The key a request carries, undefined without one; a malformed key is a 400. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get(IDEMPOTENCY_HEADER);
  if (key === undefined) return undefined;
  if (!KEY.test(key)) {
    throw badRequest('Ogiltig Idempotency-Key', { [IDEMPOTENCY_HEADER]: 'Högst 200 synliga tecken (till exempel ett UUID)' });
  }
  return key;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function reusedForAnotherRequest(): HttpError {
  return new HttpError(422, 'Idempotency-Key har redan använts för en annan förfrågan', {
    [IDEMPOTENCY_HEADER]: 'Nyckeln hör till en annan förfrågan; skicka en ny nyckel',
  });
}

/** Sends the handler's answer as the route table does, and says what was sent. */
async function runCaptured(route: RouteDef, req: Request, res: Response, run: () => Promise<unknown>) {
  let captured: { status: number; body: unknown } | undefined;
  const json = res.json;
  // A handler that answers itself (`res.status(201).json(…)`) is held back until the answer is stored.
  res.json = ((body: unknown) => {
    captured = { status: res.statusCode, body };
    return res;
  }) as Response['json'];
  try {
    const result = await run();
    return captured ?? { status: route.status ?? 200, body: result };
  } finally {
    res.json = json;
  }
}

/**
 * The route's handler, answering once per `Idempotency-Key` for POST and PUT by a logged-in user; other
 * requests (no key, GET, DELETE, anonymous) go straight to the handler.
 */
export function idempotentHandler(store: IdempotencyStore, route: RouteDef): RouteDef['handler'] {
  if (route.method !== 'post' && route.method !== 'put') return route.handler;
  return async (req, res, ctx) => {
    const key = idempotencyKeyOf(req);
    if (key === undefined || !req.user) return route.handler(req, res, ctx);
    const scope = { userId: req.user.id, key, method: req.method, path: `${req.baseUrl}${req.path}` };
    const hash = requestHash(req);
    const waitUntil = Date.now() + IN_PROGRESS_WAIT_MS;
    for (;;) {
      const claim = await store.claim(scope, hash);
      if (claim.state !== 'claimed' && claim.requestHash !== hash) throw reusedForAnotherRequest();
      if (claim.state === 'done') {
        res.set('Idempotent-Replayed', 'true');
        res.status(claim.status).type('application/json').send(claim.body);
        return undefined;
      }
      if (claim.state === 'in_progress') {
        if (Date.now() >= waitUntil) {
          const error = conflict('En förfrågan med samma Idempotency-Key pågår redan. Vänta och försök igen.', {
            [IDEMPOTENCY_HEADER]: 'Förfrågan pågår redan',
          });
          throw new HttpError(error.status, error.message, error.errors, { 'Retry-After': '1' });
        }
        await sleep(POLL_MS);
        continue;
      }
      let answer: { status: number; body: unknown };
      try {
        answer = await runCaptured(route, req, res, () => route.handler(req, res, ctx));
      } catch (err) {
        await store.release(claim.id);
        throw err;
      }
      if (answer.status >= 200 && answer.status < 300) {
        await store.complete(claim.id, answer.status, JSON.stringify(answer.body ?? null));
      } else {
        await store.release(claim.id);
      }
      res.status(answer.status).json(answer.body);
      return undefined;
    }
  };
}
