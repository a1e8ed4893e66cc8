/**
 * Progressive back-off for logins, instead of a hard lock that an attacker could aim at a colleague.
 *
 * Each throttle key counts failed attempts. The first `free` failures cost nothing; after that the next
 * attempt waits `baseMs`, doubling with every further failure, never longer than `capMs`. A key whose
 * last failure is older than `forgetAfterMs` starts again from zero.
 *
 * - `client`: one username at one address, or one trusted device. The tightest: this is where a
 *   guesser sits.
 * - `user`: one username from any address. Looser and shorter, and not applied to an address the user
 *   has logged in from before or to the user's trusted device, so failures elsewhere cannot lock the
 *   agent at their desk out.
 * - `address`: any username from one address (password spraying). Loosest, since a whole office may sit
 *   behind one address; likewise not applied to a known address or device of the username tried.
 */
export interface BackoffRule {
  free: number;
  baseMs: number;
  capMs: number;
  forgetAfterMs: number;
}

export type ThrottleScope = 'client' | 'user' | 'address';

const MINUTE = 60_000;

export const LOGIN_BACKOFF: Record<ThrottleScope, BackoffRule> = {
  client: { free: 5, baseMs: 2_000, capMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE },
  user: { free: 10, baseMs: 1_000, capMs: 5 * MINUTE, forgetAfterMs: 30 * MINUTE },
  address: { free: 30, baseMs: 1_000, capMs: 1 * MINUTE, forgetAfterMs: 15 * MINUTE },
};

/** How long the next attempt waits after `failures` failures (counted from the last one). */
export function backoffMs(rule: BackoffRule, failures: number): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.capMs, rule.baseMs * 2 ** Math.min(failures - rule.free, 30));
}

/** The failures that still count at `now`: all of them, or none once the last is old enough. */
export function failuresThatCount(rule: BackoffRule, failures: number, lastFailureAt: number | null, now: number): number {
  if (lastFailureAt === null || now - lastFailureAt > rule.forgetAfterMs) return 0;
  return failures;
}

/** Milliseconds until an attempt is allowed (0: now). */
export function waitMs(rule: BackoffRule, failures: number, lastFailureAt: number | null, now: number): number {
  const counted = failuresThatCount(rule, failures, lastFailureAt, now);
  if (counted === 0 || lastFailureAt === null) return 0;
  return Math.max(0, lastFailureAt + backoffMs(rule, counted) - now);
}

/** "Försök igen om 4 sekunder" / "om 3 minuter": the wait in words, rounded up. */
export function waitInWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return seconds === 1 ? 'en sekund' : `${seconds} sekunder`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? 'en minut' : `${minutes} minuter`;
}
