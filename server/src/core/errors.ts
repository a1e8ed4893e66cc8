/** Field messages keyed by field name, the shape react-admin shows beside each input. */
export type FieldErrors = Record<string, string>;

/**
 * Every deliberate 4xx (and 503). Services throw them, the HTTP layer answers them as
 * `{ message, errors }`; anything else reaching the error middleware is a bug and answers a bare 500.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldErrors = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, errors: FieldErrors = {}) => new HttpError(400, message, errors);
export const unauthorized = (message = 'Logga in först') => new HttpError(401, message);
export const forbidden = (message = 'Din roll får inte göra detta', errors: FieldErrors = {}) => new HttpError(403, message, errors);
export const notFound = (message = 'Hittades inte') => new HttpError(404, message);
export const methodNotAllowed = (allowed: string[]) =>
  new HttpError(405, 'Metoden stöds inte för den här adressen', {}, { Allow: allowed.join(', ').toUpperCase() });
export const conflict = (message: string, errors: FieldErrors = {}) => new HttpError(409, message, errors);
