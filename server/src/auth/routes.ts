import type { Response } from 'express';
import { z } from 'zod';
import { HttpError } from '../core/errors';
import type { RouteDef } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import { login, logout, SESSION_ABSOLUTE_MS, SESSION_COOKIE } from './sessions';

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

export function authRoutes(sessionSecret: string): RouteDef[] {
  return [
    {
      method: 'post',
      path: '/auth/login',
      access: 'public',
      handler: async (req, res, ctx) => {
        const input = parseOrThrow(loginSchema, req.body);
        const { token, user } = await login(ctx.db, sessionSecret, {
          ...input,
          ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
          requestId: req.id,
        });
        setSessionCookie(res, token, req.secure);
        return user;
      },
    },
    {
      method: 'post',
      path: '/auth/logout',
      access: 'authenticated',
      handler: async (req, res, ctx) => {
        if (!req.sessionId || !req.user) throw new HttpError(401, 'Inte inloggad');
        await logout(ctx.db, req.sessionId, ctx.actor, ctx.requestId, req.user.id);
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true };
      },
    },
    {
      method: 'get',
      path: '/auth/me',
      access: 'authenticated',
      handler: async (req) => req.user,
    },
  ];
}
