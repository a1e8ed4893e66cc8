import simpleRestProvider from 'ra-data-simple-rest';
import { type CreateParams, type DataProvider, fetchUtils, type RaRecord, type UpdateParams } from 'react-admin';
import { apiUrl } from './apiUrl';
import type {
  BillingChange,
  BillingChangeRequest,
  BillingPreview,
  CancellationStats,
  CancellationTerms,
  CustomerCounts,
  CustomerDataExport,
  GdprDueDate,
  GdprRequest,
  InvoiceSchedule,
  MySummary,
  NewGdprRequest,
} from './types';

/** The one HTTP client: same-origin API, so the session cookie goes with every request; no token handling here. */
export type HttpClient = (
  url: string,
  options?: fetchUtils.Options,
) => Promise<{ status: number; headers: Headers; body: string; json: unknown }>;

export const httpClient: HttpClient = (url, options = {}) => fetchUtils.fetchJson(url, { ...options, credentials: 'same-origin' });

/** What an action's request may carry: the dialog's idempotency key, sent as `Idempotency-Key`. */
export interface ActionRequestOptions {
  idempotencyKey?: string;
}

function headersFor(options: ActionRequestOptions | undefined): Headers {
  const headers = new Headers({ Accept: 'application/json' });
  if (options?.idempotencyKey) headers.set('Idempotency-Key', options.idempotencyKey);
  return headers;
}

/** The API answers with the record or the array itself (no envelope), shaped as domain/apiTypes.ts says. */
async function call<T>(path: string, init: fetchUtils.Options = {}): Promise<T> {
  return (await httpClient(apiUrl(path), init)).json as T;
}

const send = (method: 'POST' | 'PUT', body: unknown, options?: ActionRequestOptions): fetchUtils.Options => ({
  method,
  body: JSON.stringify(body),
  headers: headersFor(options),
});

const base = simpleRestProvider(apiUrl(''), httpClient);

export const dataProvider = {
  ...base,
  // create and update as simple-rest sends them, plus the idempotency key an action passes in `meta`.
  async create<R extends Omit<RaRecord, 'id'>, Result extends RaRecord = R & { id: number }>(resource: string, params: CreateParams<R>) {
    return { data: await call<Result>(`/${resource}`, send('POST', params.data, params.meta)) };
  },
  async update<R extends RaRecord = RaRecord>(resource: string, params: UpdateParams<R>) {
    return { data: await call<R>(`/${resource}/${encodeURIComponent(String(params.id))}`, send('PUT', params.data, params.meta)) };
  },

  getMySummary: () => call<MySummary>('/me/summary'),

  /** Without a date the server answers for its today. */
  getCancellationTerms(subscriptionId: number, requestedOn?: string) {
    const query = requestedOn ? `?requested_on=${encodeURIComponent(requestedOn)}` : '';
    return call<CancellationTerms>(`/subscriptions/${subscriptionId}/cancellation-terms${query}`);
  },
  getCancellationStats: () => call<CancellationStats>('/cancellations/stats'),

  getInvoiceSchedule: (customerId: number) => call<InvoiceSchedule>(`/customers/${customerId}/invoice-schedule`),
  previewBillingChange: (request: BillingChangeRequest) => call<BillingPreview>('/billing_changes?dry_run=true', send('POST', request)),
  createBillingChange: (request: BillingChangeRequest, options?: ActionRequestOptions) =>
    call<BillingChange>('/billing_changes', send('POST', request, options)),

  logGdprRequest: (data: NewGdprRequest, options?: ActionRequestOptions) =>
    call<GdprRequest>('/gdpr_requests', send('POST', data, options)),
  gdprDueDate(receivedOn?: string) {
    const query = receivedOn ? `?received_on=${encodeURIComponent(receivedOn)}` : '';
    return call<GdprDueDate>(`/gdpr_requests/due-date${query}`);
  },
  /** Completion, refusal and extension are PUTs of the request with the version it was shown with. */
  completeGdprRequest: (request: GdprRequest, outcome: string | undefined, options?: ActionRequestOptions) =>
    call<GdprRequest>(
      `/gdpr_requests/${request.id}`,
      send('PUT', { status: 'completed', outcome: outcome || null, version: request.version }, options),
    ),
  rejectGdprRequest: (request: GdprRequest, reason: string, options?: ActionRequestOptions) =>
    call<GdprRequest>(
      `/gdpr_requests/${request.id}`,
      send('PUT', { status: 'rejected', outcome: reason, version: request.version }, options),
    ),
  extendGdprRequest: (
    request: GdprRequest,
    input: { due_on?: string; extension_reason: string; extension_notified_on: string },
    options?: ActionRequestOptions,
  ) =>
    call<GdprRequest>(
      `/gdpr_requests/${request.id}`,
      send('PUT', { ...input, due_on: input.due_on || undefined, version: request.version }, options),
    ),
  getCustomerDataExport: (customerId: number) => call<CustomerDataExport>(`/customers/${customerId}/data-export`),
  /** How many rows each tab of the record holds (not an audited view). */
  getCustomerCounts: (customerId: number) => call<CustomerCounts>(`/customers/${customerId}/counts`),
} satisfies DataProvider;

export type BackOfficeDataProvider = typeof dataProvider;
