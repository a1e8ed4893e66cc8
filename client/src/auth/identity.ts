import { useGetIdentity } from 'react-admin';
import type { Role } from '../types';
import type { BackOfficeIdentity } from './authProvider';

/** The server's today (`GET /api/auth/me`), `YYYY-MM-DD`; undefined until the identity has arrived. */
export function useToday(): string | undefined {
  const { identity } = useGetIdentity();
  return (identity as BackOfficeIdentity | undefined)?.today;
}

/** The logged-in user's role; undefined until the identity has arrived. */
export function useRole(): Role | undefined {
  const { identity } = useGetIdentity();
  return (identity as BackOfficeIdentity | undefined)?.role;
}
