import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { databaseBusy } from '../core/dbErrors';
import { HttpError } from '../core/errors';
import type { Ctx, SessionUser } from '../core/context';
import { isPostgres } from '../db/knex';
import type { SessionRow, UserRow } from '../db/tables';
import { writeAudit } from './audit';
import { releaseAfterSuccess, reserveAttempt, throttleKeys } from './loginThrottle';
import { hashSlots, UNUSABLE_HASH, verifyPassword } from './passwords';

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000; // an agent's break is shorter than this
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000; // one working day
const TOUCH_AFTER_MS = 60 * 1000;

/** The time sessions and throttling go by; tests move `clock.now` to check idle and absolute expiry. */
export const clock = { now: (): number => Date.now() };

/** The stored session id is an HMAC of the cookie token: a copy of the table opens no session. */
export function sessionIdFor(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}

/**
 * A trusted device: after a successful login the browser keeps `<user id>.<nonce>.<signature>` in a
 * long-lived httpOnly cookie. An attempt that brings a valid one for the username tried is throttled on
 * that device alone, so failures made elsewhere never slow the agent's own browser down.
 */
export const DEVICE_TOKEN_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;

function deviceSignature(secret: string, userId: number, nonce: string): string {
  return createHmac('sha256', secret).update(`device:${userId}.${nonce}`).digest('base64url');
}

export function newDeviceToken(secret: string, userId: number): string {
  const nonce = randomBytes(16).toString('base64url');
  return `${userId}.${nonce}.${deviceSignature(secret, userId, nonce)}`;
}

/** The device's nonce when `token` is a valid device token of `userId`, otherwise undefined. */
export function trustedDevice(secret: string, token: string | undefined, userId: number): string | undefined {
  if (!token || token.length > 200) return undefined;
  const [id, nonce, signature] = token.split('.');
  if (!nonce || !signature || id !== String(userId)) return undefined;
  const expected = Buffer.from(deviceSignature(secret, userId, nonce));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : undefined;
}

export interface LoginInput {
  username: string;
  password: string;
  ip: string;
  /** The device cookie the browser sent, if any. */
  deviceToken?: string;
  requestId: string;
}

export interface LoginResult {
  token: string;
  user: SessionUser;
  /** A new device token to set, unless the browser already holds a valid one. */
  deviceToken?: string;
}

/**
 * Checks the password and opens a session. Order matters: a slot for the (slow) password hash, else 429
 * at once; then the attempt is counted on its throttle keys before the password is checked (429 with
 * Retry-After while a key must wait); a failure stays counted and is kept as evidence in
 * `login_failures`; a success takes its count back, remembers the address, opens the session and is
 * audited.
 */
export async function login(ctx: Pick<Ctx, 'db'>, secret: string, input: LoginInput): Promise<LoginResult> {
  const db = ctx.db;
  const username = input.username.trim().toLowerCase();
  const checked = await hashSlots.run(
    async () => {
      const now = clock.now();
      const user = await db('users').where({ username }).first();
      const deviceId = user ? trustedDevice(secret, input.deviceToken, user.id) : undefined;
      const knownAddress =
        user !== undefined && deviceId === undefined
          ? (await db('login_addresses').where({ user_id: user.id, ip: input.ip }).first('ip')) !== undefined
          : false;
      const keys = throttleKeys({ username, ip: input.ip, deviceId, knownAddress });
      await reserveAttempt(db, keys, now);
      const ok = await verifyPassword(input.password, user?.password_hash ?? UNUSABLE_HASH);
      return { user, ok, keys, deviceId, now };
    },
    { refuseWhenBusy: true },
  );
  const { user, ok, keys, deviceId } = checked;
  const now = clock.now();
  if (!user || !ok || !user.active) {
    // The evidence, in a transaction of its own: on SQLite that queues it with the other writes instead of
    // polling for the write lock on one of libuv's threads.
    await db.transaction((trx) => trx('login_failures').insert({ username, ip: input.ip.slice(0, 64), at: new Date(now).toISOString() }));
    throw new HttpError(401, 'Fel användarnamn eller lösenord');
  }
  const token = randomBytes(32).toString('base64url');
  const sessionUser: SessionUser = { id: user.id, username: user.username, full_name: user.full_name, role: user.role };
  const stamp = new Date(now).toISOString();
  await db.transaction(async (trx) => {
    await releaseAfterSuccess(trx, keys, now);
    await trx('login_addresses')
      .insert({ user_id: user.id, ip: input.ip.slice(0, 64), first_at: stamp, last_at: stamp })
      .onConflict(['user_id', 'ip'])
      .merge({ last_at: stamp });
    await trx('sessions').insert({
      id: sessionIdFor(token, secret),
      user_id: user.id,
      created_at: stamp,
      last_seen_at: stamp,
      expires_at: new Date(now + SESSION_ABSOLUTE_MS).toISOString(),
    });
    await writeAudit(
      trx,
      { actor: user.username, requestId: input.requestId },
      {
        action: 'login',
        entity: 'users',
        entityId: user.id,
      },
    );
  });
  return { token, user: sessionUser, deviceToken: deviceId ? undefined : newDeviceToken(secret, user.id) };
}

type SessionLookup = Pick<SessionRow, 'last_seen_at' | 'expires_at'> & Pick<UserRow, 'id' | 'username' | 'full_name' | 'role' | 'active'>;

/** A session as the cache keeps it: the joined row, with its times as numbers. */
interface CachedSession {
  user: SessionUser;
  active: boolean;
  lastSeen: number;
  expiresAt: number;
}

/** At most this many sessions are kept in the cache (the oldest entries go first). */
const SESSION_CACHE_MAX = 10_000;

/**
 * Sessions already read, per database handle, on SQLite only. One server process serves a SQLite file
 * (db/inUse.ts), and every change that ends a session or changes its user goes through this process:
 * `logout`, `forgetUserSessions` (a user disabled, or their role or password changed — services/users.ts),
 * and expiry, which is judged from the kept times on every request exactly as from the row. So the cache
 * answers what the database would, without the query. On PostgreSQL several instances share the sessions
 * (a logout on one must end the session on all at once), so there every request reads the row.
 */
interface SessionCache {
  sessions: Map<string, CachedSession>;
  /**
   * Counts the sessions ended here. A row read before an end and answered after it is used for its own
   * request (as without a cache) but not kept: it may be the row just deleted.
   */
  ended: number;
}

const sessionCaches = new WeakMap<Knex, SessionCache>();

function sessionCacheOf(db: Knex): SessionCache | undefined {
  if (isPostgres(db)) return undefined;
  let cache = sessionCaches.get(db);
  if (!cache) {
    cache = { sessions: new Map(), ended: 0 };
    sessionCaches.set(db, cache);
  }
  return cache;
}

/** Drops every cached session of a user (their sessions were deleted in a committed transaction). */
export function forgetUserSessions(db: Knex, userId: number): void {
  const cache = sessionCaches.get(db);
  if (!cache) return;
  cache.ended++;
  for (const [id, s] of cache.sessions) if (s.user.id === userId) cache.sessions.delete(id);
}

function forgetSession(db: Knex, sessionId: string): void {
  const cache = sessionCaches.get(db);
  if (!cache) return;
  cache.ended++;
  cache.sessions.delete(sessionId);
}

async function readSession(db: Knex, sessionId: string): Promise<CachedSession | undefined> {
  const row: SessionLookup | undefined = await db('sessions')
    .join('users', 'users.id', 'sessions.user_id')
    .where('sessions.id', sessionId)
    .first('sessions.last_seen_at', 'sessions.expires_at', 'users.id', 'users.username', 'users.full_name', 'users.role', 'users.active');
  if (!row) return undefined;
  return {
    user: { id: row.id, username: row.username, full_name: row.full_name, role: row.role },
    active: Boolean(row.active),
    lastSeen: Date.parse(row.last_seen_at),
    expiresAt: Date.parse(row.expires_at),
  };
}

/** The user behind a session token, or undefined when it is unknown, expired, idle too long or disabled. */
export async function resolveSession(
  db: Knex,
  secret: string,
  token: string,
): Promise<{ sessionId: string; user: SessionUser } | undefined> {
  const sessionId = sessionIdFor(token, secret);
  const cache = sessionCacheOf(db);
  let session = cache?.sessions.get(sessionId);
  if (!session) {
    const endedBefore = cache?.ended;
    session = await readSession(db, sessionId);
    if (!session) return undefined;
    if (cache && cache.ended === endedBefore) {
      if (cache.sessions.size >= SESSION_CACHE_MAX) cache.sessions.delete(cache.sessions.keys().next().value!);
      cache.sessions.set(sessionId, session);
    }
  }
  const now = clock.now();
  if (!session.active || session.expiresAt <= now || now - session.lastSeen > SESSION_IDLE_MS) {
    forgetSession(db, sessionId);
    // Writes are transactions, also of one statement: on SQLite they queue in the process (db/knex.ts)
    // instead of waiting for the write lock on a read connection, asleep on one of libuv's threads.
    await db.transaction((trx) => trx('sessions').where({ id: sessionId }).delete());
    return undefined;
  }
  if (now - session.lastSeen > TOUCH_AFTER_MS) {
    // One touch per session at a time: the requests that arrive meanwhile find it touched. Best effort:
    // while another process holds SQLite's write lock (a backup, the jobs), the request goes on with the
    // session as it is rather than fail over a timestamp, and the next minute tries again.
    session.lastSeen = now;
    try {
      await db.transaction((trx) =>
        trx('sessions')
          .where({ id: sessionId })
          .update({ last_seen_at: new Date(now).toISOString() }),
      );
    } catch (err) {
      if (!databaseBusy(err)) throw err;
    }
  }
  return { sessionId, user: session.user };
}

export async function logout(ctx: Pick<Ctx, 'db' | 'actor' | 'requestId'>, sessionId: string, userId: number) {
  await ctx.db.transaction(async (trx) => {
    await trx('sessions').where({ id: sessionId }).delete();
    await writeAudit(trx, ctx, { action: 'logout', entity: 'users', entityId: userId });
  });
  forgetSession(ctx.db, sessionId);
}
