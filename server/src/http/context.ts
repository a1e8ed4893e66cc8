import type { SessionUser } from '../core/context';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    user?: SessionUser;
    sessionId?: string;
  }
}
