import { HttpError } from '../core/errors';

/**
 * A per-user token bucket for customer lists and searches: `perMinute` requests, refilled evenly, so an
 * agent on a call (a search per keystroke pause, a few dozen a minute at most) never meets it, while a
 * script looping the register page by page does. Kept in memory per instance: with N instances behind a
 * load balancer a user gets at most N × the limit, which still stops bulk harvesting; the counters do
 * not survive a restart. `perMinute` 0 turns the limit off.
 */
export interface RateLimiter {
  /** Takes one request for `key`, or throws 429 with Retry-After. */
  take: (key: string) => void;
}

const MAX_KEYS = 10_000;

export function tokenBucket(perMinute: number, now: () => number = Date.now): RateLimiter {
  if (perMinute <= 0) return { take: () => undefined };
  const refillPerMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: perMinute, at: t };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * refillPerMs);
      bucket.at = t;
      if (bucket.tokens < 1) {
        buckets.set(key, bucket);
        const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
        throw new HttpError(
          429,
          'För många sökningar på kort tid. Vänta en stund och sök igen.',
          {},
          { 'Retry-After': String(retryAfter) },
        );
      }
      bucket.tokens -= 1;
      // Re-inserted so the Map's order is least recently used first: the oldest go when it is full.
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > MAX_KEYS) buckets.delete(buckets.keys().next().value!);
    },
  };
}
