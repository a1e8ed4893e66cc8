import type { fetchUtils } from 'react-admin';
import { apiUrl } from '../apiUrl';
import type { GdprRequest } from '../types';

type HttpClient = (url: string, options?: fetchUtils.Options) => Promise<{ json: any }>;

export const GDPR_TYPES = ['rectification', 'access', 'erasure', 'restriction', 'objection', 'portability'] as const;
export const GDPR_CHANNELS = ['phone', 'email', 'letter'] as const;
/** The customer fields a rectification may correct (the server holds the same list). */
export const RECTIFIABLE_FIELDS = ['personnummer', 'first_name', 'last_name', 'street', 'postal_code', 'city', 'phone', 'email'] as const;
export type RectifiableField = (typeof RECTIFIABLE_FIELDS)[number];

export interface NewGdprRequest {
  customer_id: number;
  type: GdprRequest['type'];
  channel: GdprRequest['channel'];
  received_on?: string;
  identity_method: string;
  identity_verified: boolean;
  changes?: Array<{ field: RectifiableField; new_value: string | null }>;
}

export interface GdprDueDate {
  today: string;
  received_on: string;
  due_on: string;
}

/** What `GET /customers/:id/data-export` answers: everything held about the customer. */
export interface CustomerDataExport {
  produced_on: string;
  produced_by: string;
  customer: Record<string, any>;
  subscriptions: Array<Record<string, any>>;
  invoices: Array<Record<string, any> & { lines: Array<Record<string, any>> }>;
  notes: Array<Record<string, any>>;
  cancellations: Array<Record<string, any>>;
  billing_changes: Array<Record<string, any>>;
  gdpr_requests: GdprRequest[];
  record_views: Array<{ at: string; actor: string; action: string }>;
  history: Array<{
    at: string;
    actor: string;
    action: string;
    entity: string;
    changes: Record<string, { before: unknown; after: unknown }>;
  }>;
}

const put = (http: HttpClient, id: number, body: unknown) =>
  http(apiUrl(`/gdpr_requests/${id}`), { method: 'PUT', body: JSON.stringify(body) }).then((r) => r.json as GdprRequest);

/** The GDPR actions, spread into the data provider. Errors are react-admin HttpErrors with `body.errors`. */
export const gdprMethods = (http: HttpClient) => ({
  async logGdprRequest(data: NewGdprRequest): Promise<GdprRequest> {
    return (await http(apiUrl('/gdpr_requests'), { method: 'POST', body: JSON.stringify(data) })).json;
  },
  async gdprDueDate(receivedOn?: string): Promise<GdprDueDate> {
    const query = receivedOn ? `?received_on=${encodeURIComponent(receivedOn)}` : '';
    return (await http(apiUrl(`/gdpr_requests/due-date${query}`))).json;
  },
  completeGdprRequest(id: number, version: number, outcome?: string) {
    return put(http, id, { status: 'completed', outcome: outcome || null, version });
  },
  rejectGdprRequest(id: number, version: number, reason: string) {
    return put(http, id, { status: 'rejected', outcome: reason, version });
  },
  extendGdprRequest(id: number, version: number, input: { due_on?: string; extension_reason: string; extension_notified_on: string }) {
    return put(http, id, { ...input, due_on: input.due_on || undefined, version });
  },
  async getCustomerDataExport(customerId: number): Promise<CustomerDataExport> {
    return (await http(apiUrl(`/customers/${customerId}/data-export`))).json;
  },
});

/** The field errors of a rejected request, or undefined when the failure was not about fields. */
export function serverFieldErrors(error: unknown): Record<string, string> | undefined {
  const errors = (error as { body?: { errors?: Record<string, string> } })?.body?.errors;
  return errors && Object.keys(errors).length ? errors : undefined;
}

export function serverMessage(error: unknown): string | undefined {
  return (error as { body?: { message?: string } })?.body?.message ?? (error as Error)?.message;
}
