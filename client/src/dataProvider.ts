import simpleRestProvider from 'ra-data-simple-rest';
import { type CreateParams, type DataProvider, fetchUtils, HttpError, type RaRecord, type UpdateParams } from 'react-admin';
import { apiUrl } from './apiUrl';
import type {
  AutogiroMandate,
  BillingChange,
  Block,
  CoveredPerson,
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
  Payment,
  PaymentFile,
  PaymentMethodPreview,
  PaymentMethodRequest,
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
  previewPaymentMethod: (request: PaymentMethodRequest) =>
    call<PaymentMethodPreview>('/billing_changes?dry_run=true', send('POST', request)),
  changePaymentMethod: (request: PaymentMethodRequest, options?: ActionRequestOptions) =>
    call<BillingChange & { mandate: AutogiroMandate | null }>('/billing_changes', send('POST', request, options)),
  /** Cancels a change that has not taken effect (an interval switch, autogiro awaiting its mandate). */
  cancelBillingChange: (id: number, options?: ActionRequestOptions) =>
    call<BillingChange>(`/billing_changes/${id}`, { method: 'DELETE', headers: headersFor(options) }),

  /** A supervisor's decision on a requested mandate, with the version it was shown with. */
  decideMandate: (mandate: AutogiroMandate, status: 'approved' | 'rejected', reason: string | null, options?: ActionRequestOptions) =>
    call<AutogiroMandate>(`/autogiro_mandates/${mandate.id}`, send('PUT', { status, reason, version: mandate.version }, options)),
  assignPayment: (payment: Payment, invoiceId: number, options?: ActionRequestOptions) =>
    call<Payment>(`/payments/${payment.id}`, send('PUT', { invoice_id: invoiceId, version: payment.version }, options)),
  /**
   * `POST /api/payment_files`: the BgMax file itself as the body (its bytes, whatever their encoding), with
   * upload progress (0–1) for the page's indicator. XMLHttpRequest, because fetch reports no upload progress.
   */
  uploadPaymentFile: (file: Blob & { name?: string }, onProgress: (share: number) => void, options?: ActionRequestOptions) =>
    new Promise<PaymentFile>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      const query = file.name ? `?filename=${encodeURIComponent(file.name.slice(0, 255))}` : '';
      xhr.open('POST', apiUrl(`/payment_files${query}`));
      xhr.withCredentials = true;
      xhr.setRequestHeader('Content-Type', 'text/plain');
      xhr.setRequestHeader('Accept', 'application/json');
      if (options?.idempotencyKey) xhr.setRequestHeader('Idempotency-Key', options.idempotencyKey);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => {
        let body: unknown;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = { message: xhr.statusText };
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(body as PaymentFile);
        else reject(new HttpError((body as { message?: string })?.message ?? xhr.statusText, xhr.status, body));
      };
      xhr.onerror = () => reject(new HttpError('Nätverksfel', 0, {}));
      xhr.send(file);
    }),

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

  /** Removes a person from their subscription from today (`removed_on`), with the version shown. */
  removeCoveredPerson: (person: Pick<CoveredPerson, 'id' | 'version'>, options?: ActionRequestOptions) =>
    call<CoveredPerson>(`/covered_persons/${person.id}`, {
      method: 'DELETE',
      body: JSON.stringify({ version: person.version }),
      headers: headersFor(options),
    }),
  /** Lifts an open block now (the server never records a time later than its own now). */
  liftBlock: (block: Pick<Block, 'id' | 'version'>, options?: ActionRequestOptions) =>
    call<Block>(`/blocks/${block.id}`, send('PUT', { lifted_at: new Date().toISOString(), version: block.version }, options)),
  /** How many rows each tab of the record holds (not an audited view). */
  getCustomerCounts: (customerId: number) => call<CustomerCounts>(`/customers/${customerId}/counts`),
} satisfies DataProvider;

export type BackOfficeDataProvider = typeof dataProvider;
