import type { Response } from 'express';
import { z } from 'zod';
import { HttpError } from '../core/errors';
import type { Ctx, SessionUser } from '../core/context';
import type { Me } from '../domain/apiTypes';
import { permissionsOf } from '../domain/permissions';
import type { RouteDef } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import { DEVICE_TOKEN_MAX_AGE_MS, login, logout, SESSION_ABSOLUTE_MS } from '../services/sessions';
import { deviceCookieName, readCookie, sessionCookieName } from './cookies';

const loginSchema = z
  .object({
    username: z.string().min(1).max(100),
    password: z.string().min(1).max(200),
  })
  .strict();

/** httpOnly, SameSite=Strict, path `/`, no Domain; `Secure` and `__Host-` over https (auth/cookies.ts). */
function setCookie(res: Response, name: string, value: string, secure: boolean, maxAge: number) {
  res.cookie(name, value, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge });
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
        const { token, user, deviceToken } = await login(ctx, sessionSecret, {
          ...input,
          // The client's address: behind a trusted proxy (TRUST_PROXY) the forwarded one.
          ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
          deviceToken: readCookie(req.headers.cookie, deviceCookieName(req.secure)),
          requestId: req.id,
        });
        setCookie(res, sessionCookieName(req.secure), token, req.secure, SESSION_ABSOLUTE_MS);
        if (deviceToken) setCookie(res, deviceCookieName(req.secure), deviceToken, req.secure, DEVICE_TOKEN_MAX_AGE_MS);
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
        res.clearCookie(sessionCookieName(req.secure), { path: '/', httpOnly: true, sameSite: 'strict', secure: req.secure });
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
