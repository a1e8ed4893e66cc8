import type { Request, Response } from 'express';
import type { Ctx } from '../core/context';
import { PERMISSIONS } from '../domain/permissions';
import type { Role } from '../domain/roles';

/**
 * Every API route is declared in one table with the roles that may call it, taken from the role matrix
 * in `domain/permissions.ts` (`rolesFor('cancellations', 'queue')`), never listed by hand. The server
 * enforces it (401 without a session, 403 for another role) and the role-matrix test reads the same table.
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

export function mayAccess(access: Access, role: Role | undefined): boolean {
  if (access === 'public') return true;
  if (!role) return false;
  return access === 'authenticated' || access.includes(role);
}

/**
 * The roles PERMISSIONS gives `action` on `resource`, for routes built generically from a resource's
 * name; a missing entry fails when the route table is built, not silently at request time.
 */
export function permitted(resource: string, action: string): readonly Role[] {
  const actions: Record<string, readonly Role[]> | undefined = Object.hasOwn(PERMISSIONS, resource)
    ? PERMISSIONS[resource as keyof typeof PERMISSIONS]
    : undefined;
  if (!actions || !Object.hasOwn(actions, action)) throw new Error(`No permission ${resource}.${action} in domain/permissions.ts`);
  return actions[action];
}
