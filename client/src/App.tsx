import { QueryClient } from '@tanstack/react-query';
import { Admin, Resource } from 'react-admin';
import { authProvider } from './auth/authProvider';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n/i18nProvider';
import customers from './customers';
import users from './users';
import auditEvents from './auditEvents';

// Same-origin API: a failed request is answered at once, retrying only delays the error on screen.
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

export function App() {
  return (
    <Admin
      title="Kundtjänst"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      requireAuth
      queryClient={queryClient}
      disableTelemetry
    >
      <Resource name="customers" {...customers} />
      <Resource name="audit_events" {...auditEvents} />
      <Resource name="users" {...users} />
    </Admin>
  );
}
