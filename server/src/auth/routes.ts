import type { Response } from 'express';
import { z } from 'zod';
import { HttpError } from '../core/errors';
import type { Ctx, SessionUser } from '../core/context';
import type { Me } from '../domain/apiTypes';
import { permissionsOf } from '../domain/permissions';
import type { RouteDef } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import { login, logout, SESSION_ABSOLUTE_MS } from '../services/sessions';
import { SESSION_COOKIE } from './cookies';

const loginSchema = z
  .object({
    username: z.string().min(1).max(100),
    password: z.string().min(1).max(200),
  })
  .strict();

function setSessionCookie(res: Response, token: string, secure: boolean) {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: SESSION_ABSOLUTE_MS,
  });
}

/** Who is logged in, the server's today and what the role may do: what the client's `canAccess` reads. */
function me(user: SessionUser, ctx: Ctx): Me {
  return {
    id: user.id,
    username: user.username,
    full_name: user.full_name,
    role: user.role,
    today: ctx.today,
    permissions: permissionsOf(user.role),
  };
}

export function authRoutes(sessionSecret: string): RouteDef[] {
  return [
    {
      method: 'post',
      path: '/auth/login',
      access: 'public',
      handler: async (req, res, ctx) => {
        const input = parseOrThrow(loginSchema, req.body);
        const { token, user } = await login(ctx, sessionSecret, {
          ...input,
          ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
          requestId: req.id,
        });
        setSessionCookie(res, token, req.secure);
        return me(user, ctx);
      },
    },
    {
      method: 'post',
      path: '/auth/logout',
      access: 'authenticated',
      handler: async (req, res, ctx) => {
        if (!req.sessionId || !req.user) throw new HttpError(401, 'Inte inloggad');
        await logout(ctx, req.sessionId, req.user.id);
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true };
      },
    },
    {
      method: 'get',
      path: '/auth/me',
      access: 'authenticated',
      handler: async (req, _res, ctx) => me(req.user!, ctx),
    },
  ];
}
