import { createElement } from 'react';
import { Menu as RaMenu, MenuItemLink, useCanAccess, useGetResourceLabel, useResourceDefinitions } from 'react-admin';

/**
 * A supervisor's queue over a resource that agents reach only through one customer's record: shown to the
 * roles whose permissions (from `/api/auth/me`) hold the `queue` action.
 */
function QueueMenuItem({ name }: { name: string }) {
  const { canAccess } = useCanAccess({ action: 'queue', resource: name });
  const resources = useResourceDefinitions();
  const label = useGetResourceLabel();
  if (!canAccess || !resources[name]) return null;
  const icon = resources[name].icon;
  return (
    <MenuItemLink
      to={`/${name}`}
      state={{ _scrollToTop: true }}
      primaryText={label(name, 2)}
      leftIcon={icon ? createElement(icon) : undefined}
    />
  );
}

export function Menu() {
  return (
    <RaMenu>
      <RaMenu.DashboardItem />
      <RaMenu.ResourceItem name="customers" />
      <QueueMenuItem name="cancellations" />
      <QueueMenuItem name="gdpr_requests" />
      <QueueMenuItem name="audit_events" />
      <QueueMenuItem name="payments" />
      <QueueMenuItem name="autogiro_mandates" />
      <RaMenu.ResourceItem name="users" />
    </RaMenu>
  );
}
