import type { Request, Response } from 'express';
import type { Ctx } from '../core/context';
import { type HttpError, methodNotAllowed, unauthorized } from '../core/errors';
import { PERMISSIONS } from '../domain/permissions';
import type { Role } from '../domain/roles';

/** A route for a machine, not a person: only the monitoring service's bearer token opens it (`http/ingestToken.ts`). */
export const INGEST_TOKEN = 'ingest_token';

/**
 * Every API route is declared in one table with the roles that may call it, taken from the role matrix
 * in `domain/permissions.ts` (`rolesFor('cancellations', 'queue')`), never listed by hand. The server
 * enforces it (401 without a session, 403 for another role) and the role-matrix test reads the same table.
 * `INGEST_TOKEN` routes belong to no role: no session opens them.
 */
export type Access = 'public' | 'authenticated' | typeof INGEST_TOKEN | readonly Role[];

export interface RouteDef {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  access: Access;
  /** Answered with `res.json(result)` unless the handler has answered itself. */
  handler: (req: Request, res: Response, ctx: Ctx) => Promise<unknown>;
  status?: number;
  /**
   * The body is a file, not JSON: read as raw bytes (`req.body` a Buffer) for these media types, up to
   * `limit` bytes, once the caller is known to be allowed (an anonymous upload is never read).
   */
  rawBody?: { types: string[]; limit: number; tooLarge: string };
  /** Counts against the per-user rate limit on customer lists and searches (bulk personal data). */
  rateLimited?: boolean;
}

export function mayAccess(access: Access, role: Role | undefined): boolean {
  if (access === 'public') return true;
  if (access === INGEST_TOKEN) return false;
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

/** A route's path as a pattern: `:id` stands for one segment; case and a trailing slash do not matter (as in Express). */
function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`, 'i');
}

/**
 * Placed after the routes: a request whose path is in the table but whose method is not answers 405
 * with an `Allow` header. Without a session that is a 401 first, unless the path is public: anonymous
 * callers learn nothing about which methods a protected path has. Paths not in the table go on to the 404.
 */
export function methodNotAllowedFor(routes: readonly RouteDef[]) {
  const patterns = routes.map((route) => ({ route, pattern: pathPattern(route.path) }));
  return (req: Request, _res: Response, next: (err?: unknown) => void) => {
    const matching = patterns.filter((p) => p.pattern.test(req.path)).map((p) => p.route);
    if (matching.length === 0) return next();
    if (!req.user && !matching.some((r) => r.access === 'public')) return next(unauthorized());
    const methods = new Set(matching.map((r) => r.method.toUpperCase()));
    if (methods.has('GET')) methods.add('HEAD');
    next(methodNotAllowed([...methods]) satisfies HttpError);
  };
}
