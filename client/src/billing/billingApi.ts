import type { fetchUtils, Identifier } from 'react-admin';
import { apiUrl } from '../apiUrl';
import type { BillingChange, Customer } from '../types';

type HttpClient = (url: string, options?: fetchUtils.Options) => Promise<{ json: any }>;

/** `GET /customers/:id/invoice-schedule`: the invoices of the next 12 months. */
export interface ScheduledInvoice {
  date: string;
  due_on: string;
  lines: Array<{ kind: 'service' | 'sticker'; subscription_id: number; description: string; amount_ore: number; vat_ore: number }>;
  total_ore: number;
  vat_ore: number;
  payment_method: Customer['payment_method'];
}
export interface InvoiceSchedule {
  invoices: ScheduledInvoice[];
}

export type BillingChangeRequest =
  | { kind: 'invoice_interval'; customer_id: Identifier; to_interval: Customer['invoice_interval'] }
  | { kind: 'sticker_fee_removal'; subscription_id: Identifier; customer_id?: Identifier; refund?: boolean };

export interface StickerCredit {
  kind: 'credit' | 'refund';
  invoice_id: number;
  invoice_number: string;
  amount_ore: number;
}

/** `POST /billing_changes?dry_run=true`: what the change would store, the credits, the schedule before and after. */
export interface BillingPreview {
  dry_run: true;
  change: Pick<BillingChange, 'customer_id' | 'subscription_id' | 'kind' | 'to_interval' | 'effective_on' | 'credited_ore'> & {
    refunded_ore: number;
  };
  credits: StickerCredit[];
  before: InvoiceSchedule;
  after: InvoiceSchedule;
}

const post = (body: BillingChangeRequest) => ({ method: 'POST', body: JSON.stringify(body) });

export const billingMethods = (httpClient: HttpClient) => ({
  async getInvoiceSchedule(customerId: Identifier): Promise<InvoiceSchedule> {
    return (await httpClient(apiUrl(`/customers/${encodeURIComponent(String(customerId))}/invoice-schedule`))).json;
  },
  async previewBillingChange(request: BillingChangeRequest): Promise<BillingPreview> {
    return (await httpClient(apiUrl('/billing_changes?dry_run=true'), post(request))).json;
  },
  async createBillingChange(request: BillingChangeRequest): Promise<BillingChange> {
    return (await httpClient(apiUrl('/billing_changes'), post(request))).json;
  },
});
