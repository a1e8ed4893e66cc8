import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { HttpError } from '../core/errors';

/**
 * Password hashes are deliberately slow (~50 ms of CPU and 16 MB each) and run on libuv's small thread
 * pool — the same four threads the SQLite driver runs every query on. Unbounded, a flood of 600 logins
 * queued 600 hashes ahead of every other user's queries (another user's request stalled 34 s). So at
 * most MAX_CONCURRENT_HASHES hash at once and MAX_WAITING_HASHES wait; a login beyond that is answered
 * 429 at once, before any database work. Accounts created or changed by an admin wait their turn.
 */
export const MAX_CONCURRENT_HASHES = 2;
export const MAX_WAITING_HASHES = 32;

class HashSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly max: number,
    private readonly maxWaiting: number,
  ) {}

  /** Waits for a slot; with `refuseWhenBusy`, a full queue is a 429 instead of a wait. */
  async run<T>(fn: () => Promise<T>, options: { refuseWhenBusy: boolean }): Promise<T> {
    if (this.running >= this.max) {
      if (options.refuseWhenBusy && this.waiting.length >= this.maxWaiting) {
        throw new HttpError(429, 'Många inloggningar just nu. Försök igen om en sekund.', {}, { 'Retry-After': '1' });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next in line (it stays counted as running).
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  get busy() {
    return { running: this.running, waiting: this.waiting.length };
  }
}

export const hashSlots = new HashSlots(MAX_CONCURRENT_HASHES, MAX_WAITING_HASHES);

const rawScrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));

const N = 16384;
const r = 8;
const p = 1;
const KEYLEN = 32;

/** `scrypt$N$r$p$salt$hash`, base64: the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await hashSlots.run(() => rawScrypt(password, salt, KEYLEN, { N, r, p }), { refuseWhenBusy: false });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Checks a password against its stored hash. Logins call it inside `hashSlots.run(…, { refuseWhenBusy: true })`. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await rawScrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(rr),
    p: Number(pp),
  });
  return timingSafeEqual(key, expected);
}

/** A hash that no password matches, verified against when the user does not exist (same timing). */
export const UNUSABLE_HASH = `scrypt$${N}$${r}$${p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEYLEN).toString('base64')}`;
