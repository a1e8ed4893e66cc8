import type { ReactNode } from 'react';
import { AccessDenied, Loading, useCanAccess } from 'react-admin';

/**
 * A page the role may not open: it says "Åtkomst nekad" before any request is sent (never a blank page,
 * never a 403 from the server). Supervisors' queues over a resource that agents reach only through one
 * customer's record need the `queue` action; other pages name theirs (the users list: `list`).
 */
export function QueueAccess({ resource, action = 'queue', children }: { resource: string; action?: string; children: ReactNode }) {
  const { canAccess, isPending } = useCanAccess({ action, resource });
  if (isPending) return <Loading />;
  return canAccess ? <>{children}</> : <AccessDenied />;
}
