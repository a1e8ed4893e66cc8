import { QueryClient } from '@tanstack/react-query';
import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { authProvider } from './auth/authProvider';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n/i18nProvider';
import customers from './customers';
import users from './users';
import auditEvents from './auditEvents';
import gdprRequests from './gdpr';
import cancellations from './cancellations';
import payments from './payments';
import autogiroMandates from './autogiroMandates';
import { CancellationOverview } from './cancellations/CancellationOverview';
import { RegisterutdragPage } from './gdpr/RegisterutdragPage';
import { Layout } from './layout/Layout';
import { Dashboard } from './dashboard/Dashboard';

// Same-origin API: a failed request is answered at once, retrying only delays the error on screen.
export const createQueryClient = () => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
const appQueryClient = createQueryClient();

/** The back office. A test may pass its own query client, so that nothing is cached from one test to the next. */
export function App({ queryClient = appQueryClient }: { queryClient?: QueryClient }) {
  return (
    <Admin
      title="Kundtjänst"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      requireAuth
      queryClient={queryClient}
      disableTelemetry
      layout={Layout}
      dashboard={Dashboard}
    >
      <Resource name="customers" {...customers} />
      <Resource name="cancellations" {...cancellations} />
      <Resource name="gdpr_requests" {...gdprRequests} />
      <Resource name="audit_events" {...auditEvents} />
      <Resource name="payments" {...payments} />
      <Resource name="autogiro_mandates" {...autogiroMandates} />
      {/* Print-ready, so without the app's layout. */}
      <CustomRoutes noLayout>
        <Route path="/customers/:id/registerutdrag" element={<RegisterutdragPage />} />
      </CustomRoutes>
      <Resource name="users" {...users} />
      <CustomRoutes>
        <Route path="/cancellations-overview" element={<CancellationOverview />} />
      </CustomRoutes>
    </Admin>
  );
}
