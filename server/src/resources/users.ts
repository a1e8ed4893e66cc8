import type { Knex } from 'knex';
import { z } from 'zod';
import { eq, parseId, readRoutes, type ResourceDescription } from '../http/restResource';
import { conflict, notFound } from '../core/errors';
import { ADMINS, type RouteDef } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import type { Ctx } from '../core/context';
import { ROLES, type Role } from '../domain/roles';
import { hashPassword } from '../auth/passwords';
import { created, diff, writeAudit } from '../services/audit';

export const usersResource: ResourceDescription = {
  name: 'users',
  table: 'users',
  columns: ['id', 'username', 'full_name', 'role', 'active', 'version', 'created_at', 'updated_at'],
  sortable: ['id', 'username', 'full_name', 'role'],
  defaultSort: ['username', 'ASC'],
  filters: {
    role: eq('role', z.enum(ROLES)),
    active: { schema: z.boolean(), apply: (qb, v) => qb.where('active', v) },
  },
  toApi: ({ password_hash: _hidden, ...row }) => ({ ...row, active: Boolean(row.active) }),
};

const password = z.string().min(8, 'Lösenordet ska ha minst 8 tecken').max(200);
const createSchema = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9._-]{2,50}$/, 'Bokstäver a–z, siffror, . _ -'),
    full_name: z.string().trim().min(1).max(100),
    role: z.enum(ROLES),
    password,
  })
  .strict();
const updateSchema = z
  .object({
    full_name: z.string().trim().min(1).max(100).optional(),
    role: z.enum(ROLES).optional(),
    active: z.boolean().optional(),
    password: password.optional(),
    version: z.number().int().positive(),
    id: z.unknown().optional(),
    username: z.unknown().optional(),
    created_at: z.unknown().optional(),
    updated_at: z.unknown().optional(),
  })
  .strict();

export async function createUser(
  db: Knex,
  ctx: Pick<Ctx, 'actor' | 'requestId'>,
  input: { username: string; full_name: string; role: Role; password: string },
) {
  return db.transaction(async (trx) => {
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
    return usersResource.toApi(await trx('users').where({ id }).first());
  });
}

async function updateUser(ctx: Ctx, id: number, input: z.infer<typeof updateSchema>) {
  return ctx.db.transaction(async (trx) => {
    const before = await trx('users').where({ id }).first();
    if (!before) throw notFound('Användaren finns inte');
    if (before.version !== input.version) {
      throw conflict('Någon annan har ändrat användaren. Ladda om.');
    }
    const changes: Record<string, unknown> = {};
    if (input.full_name !== undefined) changes.full_name = input.full_name;
    if (input.role !== undefined) changes.role = input.role;
    if (input.active !== undefined) changes.active = input.active;
    const audited = diff({ ...before, active: Boolean(before.active) }, changes);
    if (input.password !== undefined) {
      changes.password_hash = await hashPassword(input.password);
      audited.password = { before: '***', after: '***' };
    }
    if (Object.keys(changes).length === 0) return usersResource.toApi(before);
    await trx('users')
      .where({ id, version: input.version })
      .update({ ...changes, version: input.version + 1, updated_at: new Date().toISOString() });
    // A disabled user, or one whose role or password changed, is logged out everywhere.
    if (input.active === false || input.role !== undefined || input.password !== undefined) {
      await trx('sessions').where({ user_id: id }).delete();
    }
    await writeAudit(trx, ctx, { action: 'update', entity: 'users', entityId: id, changes: audited });
    return usersResource.toApi(await trx('users').where({ id }).first());
  });
}

export const userRoutes: RouteDef[] = [
  ...readRoutes(usersResource, ADMINS),
  {
    method: 'post',
    path: '/users',
    access: ADMINS,
    status: 201,
    handler: async (req, _res, ctx) => createUser(ctx.db, ctx, parseOrThrow(createSchema, req.body)),
  },
  {
    method: 'put',
    path: '/users/:id',
    access: ADMINS,
    handler: async (req, _res, ctx) => updateUser(ctx, parseId(req.params.id), parseOrThrow(updateSchema, req.body)),
  },
];
