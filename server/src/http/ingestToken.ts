import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from '../core/errors';

/** Who the monitoring service is in the audit trail. */
export const INGEST_ACTOR = 'monitoring';

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether an `Authorization` header carries the expected bearer token. Both sides are compared as
 * sha-256 digests with `timingSafeEqual`: equal lengths whatever was sent, and a comparison whose time
 * does not depend on how much of the token was right.
 */
export function bearerTokenMatches(header: string | undefined, expected: string): boolean {
  const m = BEARER.exec(header ?? '');
  if (!m) return false;
  return timingSafeEqual(digest(m[1]), digest(expected));
}

/**
 * The gate of an ingest route (`POST /api/alarms`). Without `ALARM_INGEST_TOKEN` the endpoint is closed
 * and answers 404, as an address that does not exist; with it, a missing or wrong token is a 401 with
 * `WWW-Authenticate: Bearer`. A session cookie plays no part either way.
 */
export function authoriseIngest(method: string, path: string, header: string | undefined, token: string | undefined) {
  if (!token) throw new HttpError(404, `Okänd adress: ${method} ${path}`);
  if (!bearerTokenMatches(header, token)) {
    throw new HttpError(401, 'Larmtjänstens nyckel saknas eller är fel', {}, { 'WWW-Authenticate': 'Bearer realm="alarms"' });
  }
}
