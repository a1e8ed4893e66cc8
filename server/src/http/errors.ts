import type { ErrorRequestHandler, RequestHandler } from 'express';
import { BUSY_RETRY_AFTER_S, databaseBusy } from '../core/dbErrors';
import { HttpError } from '../core/errors';

export { HttpError };

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, `Okänd adress: ${req.method} ${req.baseUrl}${req.path}`));
};

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
}

/** Translates the client errors of body-parser (malformed JSON, too large, …) and the router into HttpErrors. */
function fromBodyParser(err: BodyParserError): HttpError | undefined {
  if (err.type === 'entity.too.large') return new HttpError(413, 'Förfrågan är för stor');
  if (err.type === 'entity.parse.failed') return new HttpError(400, 'Ogiltig JSON i förfrågan');
  // Any other client error raised by Express's own layers: body-parser (a body that is not the gzip it
  // claims to be) and the router (a path parameter with a malformed escape such as "%ZZ").
  const status = err.status ?? err.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return new HttpError(status, 'Felaktig förfrågan');
  return undefined;
}

/**
 * An error message fit for the log: Knex prefixes driver errors with the whole SQL statement and its
 * values ("insert into … values ('Anna', …) - SQLITE_BUSY: …"), so only the driver's part after the last
 * " - " is kept, and long digit runs (personnummer, phone numbers) are blanked in what remains.
 */
export function safeMessage(e: unknown): string {
  const message = String((e as Error)?.message ?? e).split('\n')[0];
  const driverPart = message.includes(' - ') ? message.slice(message.lastIndexOf(' - ') + 3) : message;
  return driverPart
    .replace(/\d{6,}/g, '…')
    .replace(/[^\s@]+@[^\s@]+/g, '…')
    .slice(0, 300);
}

export type ErrorLogger = (line: Record<string, unknown>) => void;

/**
 * A busy database (SQLite's write lock held past busy_timeout by another process, a PostgreSQL lock
 * timeout or serialization failure, no free connection) is a 503 with Retry-After: the request changed
 * nothing and may simply be sent again. Never a 500.
 */
function fromBusyDatabase(err: unknown): HttpError | undefined {
  if (!databaseBusy(err)) return undefined;
  return new HttpError(503, 'Databasen är upptagen just nu. Försök igen om en stund.', {}, { 'Retry-After': String(BUSY_RETRY_AFTER_S) });
}

/**
 * The one error middleware: 4xx (and 503) answers carry `{ message, errors }`; anything else is logged
 * with the request id (the error's name and the driver's message only: no body, no query, so no
 * personal data) and answered as a bare 500.
 */
export function errorMiddleware(log: ErrorLogger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = err instanceof HttpError ? err : (fromBusyDatabase(err) ?? fromBodyParser(err as BodyParserError));
    if (known) {
      res.set(known.headers);
      res.status(known.status).json({ message: known.message, errors: known.errors });
      return;
    }
    const e = err as Error & { code?: string };
    log({
      level: 'error',
      request_id: req.id,
      method: req.method,
      route: (res.locals.route as string | undefined) ?? 'unmatched',
      error: e?.name,
      code: e?.code,
      message: safeMessage(e),
    });
    res.status(500).json({ message: 'Internt fel', request_id: req.id });
  };
}
