import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils, type DataProvider } from 'react-admin';
import { apiUrl } from './apiUrl';

/** Same-origin API: the session cookie goes with every request; no token handling here. */
export const httpClient = (url: string, options: fetchUtils.Options = {}) =>
  fetchUtils.fetchJson(url, { ...options, credentials: 'same-origin' });

const base = simpleRestProvider(apiUrl(''), httpClient);

export const dataProvider = {
  ...base,
} satisfies DataProvider;

export type BackOfficeDataProvider = typeof dataProvider;
