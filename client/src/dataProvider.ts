import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils, type DataProvider } from 'react-admin';
import { apiUrl } from './apiUrl';
import { gdprMethods } from './gdpr/gdprApi';
import { cancellationMethods } from './cancellations/cancellationsApi';
import { billingMethods } from './billing/billingApi';

/** Same-origin API: the session cookie goes with every request; no token handling here. */
export const httpClient = (url: string, options: fetchUtils.Options = {}) =>
  fetchUtils.fetchJson(url, { ...options, credentials: 'same-origin' });

const base = simpleRestProvider(apiUrl(''), httpClient);

export interface MySummary {
  recent_customers: Array<{
    id: number;
    customer_number: string;
    first_name: string;
    last_name: string;
    personnummer: string;
    city: string;
    viewed_at: string;
  }>;
  notes_today: number;
}

export const dataProvider = {
  ...base,
  ...gdprMethods(httpClient),
  ...cancellationMethods(httpClient),
  ...billingMethods(httpClient),
  async getMySummary(): Promise<MySummary> {
    return (await httpClient(apiUrl('/me/summary'))).json;
  },
} satisfies DataProvider;

export type BackOfficeDataProvider = typeof dataProvider;
