import type { Knex } from 'knex';
import { z } from 'zod';
import { conflict, notFound } from '../core/errors';
import type { Actor, Ctx } from '../core/context';
import type { User } from '../domain/apiTypes';
import { ROLES, type Role } from '../domain/roles';
import type { UserRow } from '../db/tables';
import { created, diff, writeAudit } from './audit';
import { boolFilter, eq, type ResourceDescription } from './listing';
import { hashPassword, hashSlots, verifyPassword } from './passwords';
import { forgetUserSessions } from './sessions';
import { updateVersioned } from './versioned';

function userToApi({ password_hash: _hidden, ...row }: UserRow): User {
  return { ...row, active: Boolean(row.active) };
}

export const usersListing: ResourceDescription<'users', User> = {
  name: 'users',
  table: 'users',
  columns: ['id', 'username', 'full_name', 'role', 'active', 'version', 'created_at', 'updated_at'],
  sortable: ['id', 'username', 'full_name', 'role'],
  defaultSort: ['username', 'ASC'],
  filters: {
    role: eq('role', z.enum(ROLES)),
    active: boolFilter('active'),
  },
  toApi: userToApi,
};

/** The accounts the demo seed creates (seeds/demo.ts), all with DEMO_PASSWORD. */
export const DEMO_USERS = [
  { username: 'agent', full_name: 'Alva Agentsson', role: 'agent' },
  { username: 'supervisor', full_name: 'Sune Supervisorsson', role: 'supervisor' },
  { username: 'admin', full_name: 'Ada Adminsson', role: 'admin' },
] as const satisfies ReadonlyArray<{ username: string; full_name: string; role: Role }>;

/**
 * The demo accounts that are still active with `password` (the seeded DEMO_PASSWORD): a server started
 * in production warns about each, since anyone who has read the README can log in as them.
 */
export async function demoAccountsWithPassword(db: Ctx['db'], password: string): Promise<string[]> {
  const rows = await db('users')
    .whereIn(
      'username',
      DEMO_USERS.map((u) => u.username),
    )
    .andWhere({ active: true })
    .select('username', 'password_hash');
  const still: string[] = [];
  for (const row of rows) {
    if (await hashSlots.run(() => verifyPassword(password, row.password_hash), { refuseWhenBusy: false })) still.push(row.username);
  }
  return still;
}

export interface NewUser {
  username: string;
  full_name: string;
  role: Role;
  password: string;
}

/** A new account; `ctx` needs only the database and who acts (the seeds create the demo users). */
export async function createUser(ctx: Pick<Ctx, 'db'> & Actor, input: NewUser): Promise<User> {
  return ctx.db.transaction(async (trx) => {
    if (await trx('users').where({ username: input.username }).first('id')) {
      throw conflict('Användarnamnet är upptaget', { username: 'Användarnamnet är upptaget' });
    }
    const now = new Date().toISOString();
    const [{ id }] = await trx('users')
      .insert({
        username: input.username,
        full_name: input.full_name,
        role: input.role,
        password_hash: await hashPassword(input.password),
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    await writeAudit(trx, ctx, {
      action: 'create',
      entity: 'users',
      entityId: id,
      changes: created({ username: input.username, full_name: input.full_name, role: input.role }),
    });
    return userToApi((await trx('users').where({ id }).first())!);
  });
}

export interface UserChanges {
  full_name?: string;
  role?: Role;
  active?: boolean;
  password?: string;
}

/**
 * Someone must be able to manage the accounts: the last active admin can be neither demoted nor
 * deactivated (409). The other admins' rows are locked (PostgreSQL; SQLite's write transactions run one
 * at a time), so two admins demoting each other at the same moment cannot both succeed.
 */
async function refuseRemovingLastAdmin(trx: Knex.Transaction, id: number, field: 'role' | 'active') {
  const others = await trx('users').where({ role: 'admin', active: true }).whereNot({ id }).forUpdate().select('id');
  if (others.length === 0) {
    throw conflict('Det måste finnas minst en aktiv administratör. Gör någon annan till administratör först.', {
      [field]: 'Den sista aktiva administratören',
    });
  }
}

export async function updateUser(ctx: Ctx, id: number, version: number, input: UserChanges): Promise<User> {
  const updated = await ctx.db.transaction(async (trx) => {
    const row = await trx('users').where({ id }).first();
    if (!row) throw notFound('Användaren finns inte');
    const before: UserRow = { ...row, active: Boolean(row.active) };
    const changes: Partial<UserRow> = {};
    if (input.full_name !== undefined) changes.full_name = input.full_name;
    if (input.role !== undefined) changes.role = input.role;
    if (input.active !== undefined) changes.active = input.active;
    const audited = diff(before, changes);
    const stopsBeingAdmin = (changes.role !== undefined && changes.role !== 'admin') || changes.active === false;
    if (before.role === 'admin' && before.active && stopsBeingAdmin)
      await refuseRemovingLastAdmin(trx, id, changes.active === false ? 'active' : 'role');
    if (input.password !== undefined) {
      changes.password_hash = await hashPassword(input.password);
      audited.password = { before: '***', after: '***' };
    }
    const after = await updateVersioned(trx, ctx, {
      table: 'users',
      before,
      version,
      changes,
      audit: { customerId: null, changes: audited },
    });
    // A disabled user, or one whose role or password changed, is logged out everywhere.
    if (audited.active || audited.role || audited.password) {
      await trx('sessions').where({ user_id: id }).delete();
    }
    return userToApi(after);
  });
  // After the commit (a rolled-back change keeps the sessions): the cache must not answer them either.
  forgetUserSessions(ctx.db, id);
  return updated;
}
