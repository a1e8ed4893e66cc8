import type { ErrorRequestHandler, RequestHandler } from 'express';

/** Field messages keyed by field name, the shape react-admin shows beside each input. */
export type FieldErrors = Record<string, string>;

/** Every deliberate 4xx. Anything else reaching the error middleware is a bug and answers a bare 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldErrors = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, errors: FieldErrors = {}) => new HttpError(400, message, errors);
export const notFound = (message = 'Hittades inte') => new HttpError(404, message);
export const conflict = (message: string, errors: FieldErrors = {}) => new HttpError(409, message, errors);
export const forbidden = (message = 'Din roll får inte göra detta') => new HttpError(403, message);

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, `Okänd adress: ${req.method} ${req.baseUrl}${req.path}`));
};

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
}

/** Translates body-parser's own errors (malformed JSON, too large) into HttpErrors. */
function fromBodyParser(err: BodyParserError): HttpError | undefined {
  if (err.type === 'entity.too.large') return new HttpError(413, 'Förfrågan är för stor');
  if (err.type === 'entity.parse.failed') return new HttpError(400, 'Ogiltig JSON i förfrågan');
  if (err.type && (err.status ?? err.statusCode ?? 500) < 500) {
    return new HttpError(err.status ?? err.statusCode ?? 400, 'Felaktig förfrågan');
  }
  return undefined;
}

export type ErrorLogger = (line: Record<string, unknown>) => void;

export const defaultErrorLogger: ErrorLogger = (line) => console.error(JSON.stringify(line));

/**
 * The one error middleware: 4xx answers carry `{ message, errors }`; anything else is logged with the
 * request id (the error's name, message and stack only: no body, no query, so no personal data) and
 * answered as a bare 500.
 */
export function errorMiddleware(log: ErrorLogger = defaultErrorLogger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = err instanceof HttpError ? err : fromBodyParser(err as BodyParserError);
    if (known) {
      res.status(known.status).json({ message: known.message, errors: known.errors });
      return;
    }
    const e = err as Error;
    log({
      level: 'error',
      request_id: req.id,
      method: req.method,
      route: req.route?.path ?? req.path.replace(/\d+/g, ':n'),
      error: e?.name,
      // Driver messages can quote values; keep only the first line and strip digits runs that could be ids.
      message: String(e?.message ?? e).split('\n')[0].replace(/\d{6,}/g, '…'),
    });
    res.status(500).json({ message: 'Internt fel', request_id: req.id });
  };
}
