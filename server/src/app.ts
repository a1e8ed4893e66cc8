import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import type { Knex } from 'knex';
import { appToday } from './core/today';
import { forbidden, HttpError, unauthorized } from './core/errors';
import { apiNotFound, errorMiddleware, type ErrorLogger } from './http/errors';
import type { Ctx } from './core/context';
import { mayAccess, methodNotAllowedFor, type RouteDef } from './http/routes';
import { refuseUnstorableText } from './http/validate';
import { idempotentHandler } from './http/idempotency';
import { idempotencyKeys } from './services/idempotency';
import { readCookie, SESSION_COOKIE } from './auth/cookies';
import { resolveSession } from './services/sessions';
import { authRoutes } from './auth/routes';
import { customerRoutes } from './resources/customers';
import { noteRoutes } from './resources/notes';
import { auditEventRoutes } from './resources/auditEvents';
import { productRoutes } from './resources/products';
import { subscriptionRoutes } from './resources/subscriptions';
import { invoiceRoutes } from './resources/invoices';
import { cancellationRoutes } from './resources/cancellations';
import { billingChangeRoutes } from './resources/billingChanges';
import { invoiceScheduleRoutes } from './resources/invoiceSchedule';
import { gdprRequestRoutes } from './resources/gdprRequests';
import { userRoutes } from './resources/users';
import { meRoutes } from './resources/me';

export interface AppOptions {
  db: Knex;
  sessionSecret: string;
  /** Fixed calendar date for demos and tests; otherwise today in Europe/Stockholm. */
  today?: string;
  /** Built SPA to serve; omitted in API-only tests. */
  clientDist?: string;
  logError?: ErrorLogger;
}

/** The API's route table: every route with the roles that may call it. */
export function apiRoutes(sessionSecret: string): RouteDef[] {
  return [
    ...authRoutes(sessionSecret),
    ...customerRoutes,
    ...noteRoutes,
    ...auditEventRoutes,
    ...productRoutes,
    ...subscriptionRoutes,
    ...invoiceRoutes,
    ...cancellationRoutes,
    ...billingChangeRoutes,
    ...invoiceScheduleRoutes,
    ...gdprRequestRoutes,
    ...userRoutes,
    ...meRoutes,
  ];
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A state-changing request that names a foreign Origin is refused: a second line behind SameSite. */
function sameOriginOnly(req: Request, _res: Response, next: NextFunction) {
  const origin = req.get('origin');
  if (STATE_CHANGING.has(req.method) && origin && origin !== 'null') {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return next(new HttpError(403, 'Okänt ursprung'));
    }
    if (host !== req.get('host')) return next(new HttpError(403, 'Förfrågan kommer från en annan webbplats'));
  }
  next();
}

export function createApp(options: AppOptions) {
  const { db, sessionSecret } = options;
  const today = () => appToday(options.today);
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  app.use((req, res, next) => {
    req.id = randomUUID();
    res.set('X-Request-Id', req.id);
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          // MUI (emotion) injects style elements at run time.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'object-src': ["'none'"],
          'frame-ancestors': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: false,
    }),
  );

  const api = Router();
  api.use(express.json({ limit: '100kb' }));
  // NUL and lone surrogates in a body or query are a 400 before any handler (PostgreSQL would answer a 500).
  api.use((req, _res, next) => {
    try {
      refuseUnstorableText(req.body);
      refuseUnstorableText(req.query);
      next();
    } catch (err) {
      next(err);
    }
  });
  api.use((_req, res, next) => {
    res.set('Access-Control-Expose-Headers', 'Content-Range');
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.use(sameOriginOnly);
  api.use(async (req, _res, next) => {
    try {
      const token = readCookie(req.headers.cookie, SESSION_COOKIE);
      if (token && token.length <= 100) {
        const session = await resolveSession(db, sessionSecret, token);
        if (session) {
          req.user = session.user;
          req.sessionId = session.sessionId;
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  });

  const routes = apiRoutes(sessionSecret);
  const idempotency = idempotencyKeys(db);
  for (const route of routes) {
    // Every POST and PUT sent with an `Idempotency-Key` answers its first result (http/idempotency.ts).
    const handler = idempotentHandler(idempotency, route);
    api[route.method](route.path, async (req, res, next) => {
      try {
        if (route.access !== 'public' && !req.user) throw unauthorized();
        if (!mayAccess(route.access, req.user?.role)) throw forbidden();
        const ctx: Ctx = {
          db,
          actor: req.user?.username ?? 'anonymous',
          role: req.user?.role ?? 'agent',
          requestId: req.id,
          today: today(),
        };
        const result = await handler(req, res, ctx);
        if (!res.headersSent) res.status(route.status ?? 200).json(result);
      } catch (err) {
        next(err);
      }
    });
  }
  api.use(methodNotAllowedFor(routes));
  api.use(apiNotFound);
  api.use(errorMiddleware(options.logError));
  app.use('/api', api);

  if (options.clientDist && fs.existsSync(path.join(options.clientDist, 'index.html'))) {
    const dist = options.clientDist;
    // The SPA's JavaScript is compressed (≈ 3× smaller); API answers are small and stay uncompressed,
    // which keeps CPU for the queries on a 2-core machine.
    app.use(compression());
    // Vite names assets by content hash, so they never change under the same name.
    app.use('/assets', express.static(path.join(dist, 'assets'), { index: false, immutable: true, maxAge: '365d' }));
    app.use(express.static(dist, { index: false, maxAge: '1h' }));
    // History fallback: every other GET is the SPA.
    app.get(/.*/, (_req, res) => {
      res.set('Cache-Control', 'no-cache');
      res.sendFile(path.join(dist, 'index.html'));
    });
  }
  app.use(errorMiddleware(options.logError));
  return app;
}
