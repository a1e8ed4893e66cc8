import type { Knex } from 'knex';
import type { Role } from '../domain/roles';

export type { Role };

export interface SessionUser {
  id: number;
  username: string;
  full_name: string;
  role: Role;
}

/** Who is acting, on which request, on which calendar day: what every service call needs. */
export interface Ctx {
  db: Knex;
  actor: string;
  role: Role;
  requestId: string;
  /** The calendar day the app takes as today (YYYY-MM-DD, Europe/Stockholm, or the pinned TODAY). */
  today: string;
}

/** What an audit event needs of the actor, for jobs and logins that have no full Ctx. */
export type Actor = Pick<Ctx, 'actor' | 'requestId'>;
