import type { RaRecord } from 'react-admin';
import type * as Api from '@domain/apiTypes';
import type { CancellationTerms } from '@domain/cancellationTerms';
import type { Schedule, ScheduledInvoice } from '@domain/invoiceSchedule';
import type { InvoiceInterval, PaymentMethod } from '@domain/values';

/**
 * The API's shapes are defined once, in the server's `domain/apiTypes.ts`; the client takes them from
 * there. Records that react-admin holds in its contexts also carry RaRecord's index signature.
 */
export type { AuditChanges, CustomerCounts, CustomerFlags, InvoiceLine, MatchedVia, Me, RectificationChange } from '@domain/apiTypes';
export type { Permissions } from '@domain/permissions';
export type { Role } from '@domain/roles';
export type { CancellationTerms, Schedule as InvoiceSchedule, ScheduledInvoice };

export interface Customer extends Api.Customer, RaRecord<number> {}
/** A customer as lists and the search answer it: no contact details, the personnummer masked. */
export interface CustomerListItem extends Api.CustomerListItem, RaRecord<number> {}
export interface Note extends Api.Note, RaRecord<number> {}
export interface AuditEvent extends Api.AuditEvent, RaRecord<number> {}
export interface User extends Api.User, RaRecord<number> {}
export interface Product extends Api.Product, RaRecord<number> {}
export interface Subscription extends Api.Subscription, RaRecord<number> {}
export interface Invoice extends Api.Invoice, RaRecord<number> {}
export interface Cancellation extends Api.Cancellation, RaRecord<number> {}
export interface BillingChange extends Api.BillingChange, RaRecord<number> {}
export interface GdprRequest extends Api.GdprRequest, RaRecord<number> {}
export interface AutogiroMandate extends Api.AutogiroMandate, RaRecord<number> {}
export interface Payment extends Api.Payment, RaRecord<number> {}
export interface PaymentFile extends Api.PaymentFile, RaRecord<number> {}
export type { PaymentMethodPreview } from '@domain/apiTypes';
export interface CoveredPerson extends Api.CoveredPerson, RaRecord<number> {}
export interface Alarm extends Api.Alarm, RaRecord<number> {}
export interface Block extends Api.Block, RaRecord<number> {}

/*
 * Answers of the action and preview endpoints that domain/apiTypes.ts does not describe yet. They are
 * declared here once; when the server adds them to apiTypes.ts, these become re-exports.
 */

/** `GET /api/me/summary`: the start page's figures. */
export interface MySummary {
  recent_customers: Array<
    Pick<Api.Customer, 'id' | 'customer_number' | 'first_name' | 'last_name' | 'personnummer' | 'city'> & { viewed_at: string }
  >;
  notes_today: number;
}

/** `GET /api/cancellations/stats`: the supervisor's overview. */
export interface CancellationStats {
  today: string;
  weeks: Array<{ week_start: string; withdrawal: number; notice: number }>;
  reasons: Array<{ reason: string; count: number }>;
  by_status: Record<string, number>;
  ending_this_month: number;
  overdue_forms: number;
}

/** The body of `POST /api/billing_changes` (also with `?dry_run=true`). */
export type BillingChangeRequest =
  | { kind: 'invoice_interval'; customer_id: number; to_interval: InvoiceInterval }
  | { kind: 'sticker_fee_removal'; subscription_id: number; customer_id?: number; refund?: boolean }
  | PaymentMethodRequest;

/** Byt betalsätt: `POST /api/billing_changes` with kind `payment_method` (bank details for autogiro). */
export interface PaymentMethodRequest {
  kind: 'payment_method';
  customer_id: number;
  to_method: PaymentMethod;
  clearing_number?: string;
  account_number?: string;
}

export interface StickerCredit {
  kind: 'credit' | 'refund';
  invoice_id: number;
  invoice_number: string;
  amount_ore: number;
}

/** `POST /api/billing_changes?dry_run=true`: what the change would store, the credits, the schedule before and after. */
export interface BillingPreview {
  dry_run: true;
  change: Pick<
    Api.BillingChange,
    'customer_id' | 'subscription_id' | 'kind' | 'to_interval' | 'effective_on' | 'credited_ore' | 'refunded_ore'
  >;
  credits: StickerCredit[];
  before: Schedule;
  after: Schedule;
}

/** The body of `POST /api/gdpr_requests`. */
export interface NewGdprRequest {
  customer_id: number;
  type: Api.GdprRequest['type'];
  channel: Api.GdprRequest['channel'];
  received_on?: string;
  identity_method: string;
  identity_verified: boolean;
  changes?: Api.RectificationChange[];
}

/** `GET /api/gdpr_requests/due-date`: the deadline of a request received on a day. */
export interface GdprDueDate {
  today: string;
  received_on: string;
  due_on: string;
}

/** `GET /api/customers/:id/data-export`: everything held about the customer (the registerutdrag). */
export interface CustomerDataExport {
  produced_on: string;
  produced_by: string;
  customer: Api.Customer;
  subscriptions: Array<Api.Subscription & { product_code: string; product_name: string }>;
  invoices: Array<Api.Invoice & { lines: Api.InvoiceLine[] }>;
  notes: Api.Note[];
  cancellations: Api.Cancellation[];
  billing_changes: Api.BillingChange[];
  gdpr_requests: Api.GdprRequest[];
  record_views: Array<Pick<Api.AuditEvent, 'at' | 'actor' | 'action'>>;
  history: Array<Pick<Api.AuditEvent, 'at' | 'actor' | 'action' | 'entity' | 'changes'>>;
}
