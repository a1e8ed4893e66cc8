import { createHmac, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { HttpError } from '../core/errors';
import type { Ctx, SessionUser } from '../core/context';
import type { SessionRow, UserRow } from '../db/tables';
import { writeAudit } from './audit';
import { UNUSABLE_HASH, verifyPassword } from './passwords';

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000; // an agent's break is shorter than this
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000; // one working day
const TOUCH_AFTER_MS = 60 * 1000;

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_USER = 5;
export const MAX_FAILURES_PER_IP = 20;

/** The time sessions and throttling go by; tests move `clock.now` to check idle and absolute expiry. */
export const clock = { now: (): number => Date.now() };

/** The stored session id is an HMAC of the cookie token: a copy of the table opens no session. */
export function sessionIdFor(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}

export interface LoginInput {
  username: string;
  password: string;
  ip: string;
  requestId: string;
}

/** Checks the password (throttled per user and per address), opens a session and audits the login. */
export async function login(ctx: Pick<Ctx, 'db'>, secret: string, input: LoginInput): Promise<{ token: string; user: SessionUser }> {
  const db = ctx.db;
  const now = clock.now();
  const since = new Date(now - THROTTLE_WINDOW_MS).toISOString();
  const username = input.username.trim().toLowerCase();
  const [byUser, byIp] = await Promise.all([
    db('login_failures').where({ username }).andWhere('at', '>=', since).count({ count: '*' }).first(),
    db('login_failures').where({ ip: input.ip }).andWhere('at', '>=', since).count({ count: '*' }).first(),
  ]);
  if (Number(byUser?.count ?? 0) >= MAX_FAILURES_PER_USER || Number(byIp?.count ?? 0) >= MAX_FAILURES_PER_IP) {
    throw new HttpError(429, 'För många misslyckade inloggningar. Försök igen om en kvart.');
  }
  const user = await db('users').where({ username }).first();
  const ok = await verifyPassword(input.password, user?.password_hash ?? UNUSABLE_HASH);
  if (!user || !ok || !user.active) {
    await db('login_failures').insert({ username, ip: input.ip, at: new Date(now).toISOString() });
    throw new HttpError(401, 'Fel användarnamn eller lösenord');
  }
  const token = randomBytes(32).toString('base64url');
  const sessionUser: SessionUser = { id: user.id, username: user.username, full_name: user.full_name, role: user.role };
  await db.transaction(async (trx) => {
    await trx('login_failures').where({ username }).delete();
    await trx('sessions').insert({
      id: sessionIdFor(token, secret),
      user_id: user.id,
      created_at: new Date(now).toISOString(),
      last_seen_at: new Date(now).toISOString(),
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
  return { token, user: sessionUser };
}

/** The user behind a session token, or undefined when it is unknown, expired, idle too long or disabled. */
export async function resolveSession(
  db: Knex,
  secret: string,
  token: string,
): Promise<{ sessionId: string; user: SessionUser } | undefined> {
  const sessionId = sessionIdFor(token, secret);
  const row:
    (Pick<SessionRow, 'last_seen_at' | 'expires_at'> & Pick<UserRow, 'id' | 'username' | 'full_name' | 'role' | 'active'>) | undefined =
    await db('sessions')
      .join('users', 'users.id', 'sessions.user_id')
      .where('sessions.id', sessionId)
      .first('sessions.last_seen_at', 'sessions.expires_at', 'users.id', 'users.username', 'users.full_name', 'users.role', 'users.active');
  if (!row) return undefined;
  const now = clock.now();
  const lastSeen = Date.parse(row.last_seen_at);
  if (!row.active || Date.parse(row.expires_at) <= now || now - lastSeen > SESSION_IDLE_MS) {
    await db('sessions').where({ id: sessionId }).delete();
    return undefined;
  }
  if (now - lastSeen > TOUCH_AFTER_MS) {
    await db('sessions')
      .where({ id: sessionId })
      .update({ last_seen_at: new Date(now).toISOString() });
  }
  return {
    sessionId,
    user: { id: row.id, username: row.username, full_name: row.full_name, role: row.role },
  };
}

export async function logout(ctx: Pick<Ctx, 'db' | 'actor' | 'requestId'>, sessionId: string, userId: number) {
  await ctx.db.transaction(async (trx) => {
    await trx('sessions').where({ id: sessionId }).delete();
    await writeAudit(trx, ctx, { action: 'logout', entity: 'users', entityId: userId });
  });
}
