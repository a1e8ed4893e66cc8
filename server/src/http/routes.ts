import type { Request, Response } from 'express';
import type { Ctx } from '../core/context';
import type { Role } from '../domain/roles';

/**
 * Every API route is declared in one table with the roles that may call it. The server enforces it
 * (401 without a session, 403 for another role) and the role-matrix test reads the same table.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

export interface RouteDef {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  access: Access;
  /** Answered with `res.json(result)` unless the handler has answered itself. */
  handler: (req: Request, res: Response, ctx: Ctx) => Promise<unknown>;
  status?: number;
}

export { ADMINS, EVERYONE as ALL_ROLES, SUPERVISORS } from '../domain/roles';

export function mayAccess(access: Access, role: Role | undefined): boolean {
  if (access === 'public') return true;
  if (!role) return false;
  return access === 'authenticated' || access.includes(role);
}
