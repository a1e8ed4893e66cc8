import type { ReactNode } from 'react';
import { AccessDenied, Loading, useCanAccess } from 'react-admin';

/**
 * A supervisor's queue page: agents may list one customer's records through the API, but the whole queue
 * needs the `queue` action. Without it the page says "Åtkomst nekad" before any list request is sent.
 */
export function QueueAccess({ resource, children }: { resource: string; children: ReactNode }) {
  const { canAccess, isPending } = useCanAccess({ action: 'queue', resource });
  if (isPending) return <Loading />;
  return canAccess ? <>{children}</> : <AccessDenied />;
}
