import type { Knex } from 'knex';

export type Role = 'agent' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];

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
  today: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    user?: SessionUser;
    sessionId?: string;
  }
}
