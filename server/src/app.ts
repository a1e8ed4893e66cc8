import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import type { Knex } from 'knex';
import type { TrustProxy } from './config';
import { appToday } from './core/today';
import { forbidden, HttpError, unauthorized } from './core/errors';
import { createLogger, type Logger } from './core/logger';
import { apiNotFound, errorMiddleware, type ErrorLogger } from './http/errors';
import type { Ctx } from './core/context';
import { tokenBucket } from './http/rateLimit';
import { INGEST_TOKEN, mayAccess, methodNotAllowedFor, type RouteDef } from './http/routes';
import { authoriseIngest, INGEST_ACTOR } from './http/ingestToken';
import { refuseUnstorableText } from './http/validate';
import { sendJsonText } from './http/restResource';
import { readCookie, sessionCookieName } from './auth/cookies';
import { readiness } from './services/health';
import { idempotentHandler } from './http/idempotency';
import { idempotencyKeys } from './services/idempotency';
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
import { autogiroMandateRoutes } from './resources/autogiroMandates';
import { paymentRoutes } from './resources/payments';
import { paymentFileRoutes } from './resources/paymentFiles';
import { coveredPersonRoutes } from './resources/coveredPersons';
import { alarmRoutes } from './resources/alarms';
import { blockRoutes } from './resources/blocks';

export interface AppOptions {
  db: Knex;
  sessionSecret: string;
  /** Fixed calendar date for demos and tests; otherwise today in Europe/Stockholm. */
  today?: string;
  /** Built SPA to serve; omitted in API-only tests. */
  clientDist?: string;
  /** The access log and error log (default: a pino logger at LOG_LEVEL; silent under jest). */
  logger?: Logger;
  /** Where 500s are reported (default: the logger at level error); tests collect them. */
  logError?: ErrorLogger;
  /** Express's `trust proxy` (TRUST_PROXY); default false. */
  trustProxy?: TrustProxy;
  /** Customer lists and searches per user and minute (SEARCH_RATE_PER_MINUTE); 0 turns the limit off. */
  searchRatePerMinute?: number;
  /** The monitoring service's bearer token for `POST /api/alarms`; without it that endpoint is closed (404). */
  alarmIngestToken?: string;
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
    ...autogiroMandateRoutes,
    ...paymentRoutes,
    ...paymentFileRoutes,
    ...coveredPersonRoutes,
    ...alarmRoutes,
    ...blockRoutes,
  ];
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A file upload's bytes (`RouteDef.rawBody`), read after the caller's role is checked. */
function readRawBody(spec: NonNullable<RouteDef['rawBody']>, req: Request, res: Response): Promise<void> {
  const parse = express.raw({ type: spec.types, limit: spec.limit });
  return new Promise((resolve, reject) =>
    parse(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large')
        reject(new HttpError(413, spec.tooLarge, { file: spec.tooLarge }));
      else if (err) reject(err);
      else resolve();
    }),
  );
}

/**
 * A state-changing request whose Origin is not this site — another host, the other scheme (an http page
 * writing to the https site), or `null` (sandboxed frames, file: pages, cross-origin redirects) — is
 * refused: a second line behind SameSite. The site is what the request was made to: its scheme and host
 * as Express reads them, through a trusted proxy's X-Forwarded-Proto/-Host when TRUST_PROXY is set.
 * Requests without an Origin (curl, server-to-server) are judged by the session cookie alone.
 */
function refuseOtherOrigins(req: Request): void {
  const origin = req.get('origin');
  if (!STATE_CHANGING.has(req.method) || origin === undefined) return;
  if (origin === 'null') throw new HttpError(403, 'Förfrågan saknar ursprung (Origin: null)');
  let from: URL;
  let site: URL;
  try {
    from = new URL(origin);
    site = new URL(`${req.protocol}://${req.host}`);
  } catch {
    throw new HttpError(403, 'Okänt ursprung');
  }
  if (from.protocol !== site.protocol || from.host !== site.host) {
    throw new HttpError(403, 'Förfrågan kommer från en annan webbplats');
  }
}

/**
 * The access log's line for a request: route pattern, status, time, who, request id — never a URL, query
 * or body. One line when the answer is finished (or the connection closed before), at `warn` for refused
 * requests (401/403/429) and a busy database (503), `error` for other 5xx, else `info`. Written with the
 * process's logger directly (no child logger per request): a line below the logger's level costs a
 * comparison.
 */
function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    // The API only: not the SPA's files, not /healthz and /readyz, which a load balancer asks every few seconds.
    if (!req.url.startsWith('/api/')) return next();
    const started = performance.now();
    const done = () => {
      const status = res.statusCode;
      const level = status >= 500 ? (status === 503 ? 'warn' : 'error') : [401, 403, 429].includes(status) ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const route = (res.locals?.route as string | undefined) ?? 'unmatched';
      logger[level](
        {
          request_id: req.id,
          method: req.method,
          route,
          status,
          duration_ms: Math.round(performance.now() - started),
          user_id: req.user?.id,
          username: req.user?.username,
        },
        `${req.method} ${route} ${status}`,
      );
    };
    // A response emits 'close' once it has been sent, or when its connection closed before: one listener.
    res.once('close', done);
    next();
  };
}

export function createApp(options: AppOptions) {
  const { db, sessionSecret } = options;
  const today = () => appToday(options.today);
  const logger = options.logger ?? createLogger();
  const logError: ErrorLogger = options.logError ?? ((line) => logger.error(line, 'request failed'));
  const searchLimiter = tokenBucket(options.searchRatePerMinute ?? 120);
  const app = express();
  app.disable('x-powered-by');
  // No ETag on API answers: they are `no-store`, so a hash of every body would be work for nothing (the
  // SPA's files get theirs from express.static and sendFile, which do not read this setting).
  app.set('etag', false);
  app.set('query parser', 'simple');
  // Behind a TLS proxy: req.ip is the client's forwarded address, req.secure follows X-Forwarded-Proto.
  app.set('trust proxy', options.trustProxy ?? false);

  app.use((req, res, next) => {
    req.id = randomUUID();
    res.setHeader('X-Request-Id', req.id);
    next();
  });
  // At `error` or quieter (tests) the access log would write nothing: not mounted at all, it costs nothing.
  if (logger.isLevelEnabled('warn')) app.use(accessLog(logger));
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
  // HSTS only when served over https: over plain http (development) it would be ignored or, behind a
  // misconfigured proxy, pin a site that has no certificate.
  app.use((req, res, next) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    next();
  });

  // For load balancers: no session, no personal data, JSON, never the SPA page, not in the access log.
  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const state = await readiness(db);
    res
      .set('Cache-Control', 'no-store')
      .status(state.ready ? 200 : 503)
      .json(state.ready ? { status: 'ready' } : { status: 'not ready', reason: state.reason });
  });

  const api = Router();
  api.use(express.json({ limit: '100kb' }));
  // Every API request, in this order, in one middleware (each layer is a turn of the router on every request).
  api.use(async (req, res, next) => {
    try {
      // NUL and lone surrogates in a body or query are a 400 before any handler (PostgreSQL would answer a 500).
      refuseUnstorableText(req.body);
      refuseUnstorableText(req.query);
      res.setHeader('Access-Control-Expose-Headers', 'Content-Range');
      res.setHeader('Cache-Control', 'no-store');
      refuseOtherOrigins(req);
      const token = readCookie(req.headers.cookie, sessionCookieName(req.secure));
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
      // The access log and the error log name the route pattern, never the path with its values.
      res.locals.route = `/api${route.path}`;
      try {
        const byToken = route.access === INGEST_TOKEN;
        if (byToken) authoriseIngest(req.method, `${req.baseUrl}${req.path}`, req.get('authorization'), options.alarmIngestToken);
        else if (route.access !== 'public' && !req.user) throw unauthorized();
        else if (!mayAccess(route.access, req.user?.role)) throw forbidden();
        if (route.rateLimited && req.user) searchLimiter.take(String(req.user.id));
        if (route.rawBody) await readRawBody(route.rawBody, req, res);
        const ctx: Ctx = {
          db,
          actor: byToken ? INGEST_ACTOR : (req.user?.username ?? 'anonymous'),
          role: req.user?.role ?? 'agent',
          requestId: req.id,
          today: today(),
        };
        const result = await handler(req, res, ctx);
        if (res.headersSent) return;
        if (result === undefined) res.status(route.status ?? 200).json(result);
        else sendJsonText(res, route.status ?? 200, JSON.stringify(result));
      } catch (err) {
        next(err);
      }
    });
  }
  api.use(methodNotAllowedFor(routes));
  api.use(apiNotFound);
  api.use(errorMiddleware(logError));
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
  app.use(errorMiddleware(logError));
  return app;
}
