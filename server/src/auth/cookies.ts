/**
 * The cookies of a login: their names and how a request's Cookie header is read (HTTP only; sessions
 * are services/sessions.ts).
 *
 * Served over https (directly, or behind a TLS proxy trusted through TRUST_PROXY that says
 * `X-Forwarded-Proto: https`), the session cookie is `Secure` and named with the `__Host-` prefix: the
 * browser then accepts it only when set over https, for path `/`, without a Domain — so a neighbouring
 * subdomain cannot plant or overwrite it. Over plain http (development, tests) it is `sid`. Only the
 * name that fits the request is read.
 */
export const SESSION_COOKIE = 'sid';
export const SECURE_SESSION_COOKIE = '__Host-sid';
/** The trusted-device cookie (see services/sessions.ts `trustedDevice`). */
export const DEVICE_COOKIE = 'did';
export const SECURE_DEVICE_COOKIE = '__Host-did';

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function deviceCookieName(secure: boolean): string {
  return secure ? SECURE_DEVICE_COOKIE : DEVICE_COOKIE;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      // A malformed escape ("sid=%") is no session, not a 500.
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
