import { z } from 'zod';
import { conflict, notFound } from '../core/errors';
import type { Actor, Ctx } from '../core/context';
import type { User } from '../domain/apiTypes';
import { ROLES, type Role } from '../domain/roles';
import type { UserRow } from '../db/tables';
import { created, diff, writeAudit } from './audit';
import { boolFilter, eq, type ResourceDescription } from './listing';
import { hashPassword } from './passwords';
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

export async function updateUser(ctx: Ctx, id: number, version: number, input: UserChanges): Promise<User> {
  return ctx.db.transaction(async (trx) => {
    const row = await trx('users').where({ id }).first();
    if (!row) throw notFound('Användaren finns inte');
    const before: UserRow = { ...row, active: Boolean(row.active) };
    const changes: Partial<UserRow> = {};
    if (input.full_name !== undefined) changes.full_name = input.full_name;
    if (input.role !== undefined) changes.role = input.role;
    if (input.active !== undefined) changes.active = input.active;
    const audited = diff(before, changes);
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
}
