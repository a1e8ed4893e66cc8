import { z } from 'zod';
import { versionSchema } from '../core/schemas';
import { passwordProblem } from '../domain/passwordPolicy';
import { rolesFor } from '../domain/permissions';
import { ROLES } from '../domain/roles';
import { parseId, readRoutes } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import { createUser, updateUser, usersListing } from '../services/users';

/** A new password: the rules of domain/passwordPolicy.ts (length, not a common password). */
const password = z
  .string()
  .max(200)
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
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
  .strict()
  .superRefine((value, ctx) => {
    // The same rule again with the username known: a password must not contain it.
    const problem = passwordProblem(value.password, value.username);
    if (problem && !passwordProblem(value.password)) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });

/** The whole record as react-admin's `update` sends it: the read-only fields are accepted and ignored. */
const updateSchema = z
  .object({
    full_name: z.string().trim().min(1).max(100).optional(),
    role: z.enum(ROLES).optional(),
    active: z.boolean().optional(),
    password: password.optional(),
    version: versionSchema,
    id: z.unknown().optional(),
    username: z.unknown().optional(),
    created_at: z.unknown().optional(),
    updated_at: z.unknown().optional(),
  })
  .strict();

export const userRoutes: RouteDef[] = [
  ...readRoutes(usersListing),
  {
    method: 'post',
    path: '/users',
    access: rolesFor('users', 'create'),
    status: 201,
    handler: async (req, _res, ctx) => createUser(ctx, parseOrThrow(createSchema, req.body)),
  },
  {
    method: 'put',
    path: '/users/:id',
    access: rolesFor('users', 'edit'),
    handler: async (req, _res, ctx) => {
      const { version, full_name, role, active, password: newPassword } = parseOrThrow(updateSchema, req.body);
      return updateUser(ctx, parseId(req.params.id), version, { full_name, role, active, password: newPassword });
    },
  },
];
