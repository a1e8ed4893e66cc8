/**
 * The shapes the API answers, defined once: the server's `toApi` functions return them and the client
 * reads them. Dates are `YYYY-MM-DD`, timestamps ISO 8601, money integer öre.
 */
import type { CancellationKind } from './cancellationTerms';
import type { CancellationReason, CancellationStatus } from './cancellationRules';
import type { GdprStatus, GdprType, IdentityMethod } from './gdprRules';
import type { Permissions } from './permissions';
import type { Role } from './roles';
import type {
  BillingChangeKind,
  Channel,
  InvoiceInterval,
  InvoiceKind,
  InvoiceLineKind,
  InvoiceStatus,
  PaymentMethod,
  SubscriptionStatus,
} from './values';

export interface CustomerFlags {
  open_cancellations: number;
  open_gdpr_requests: number;
  restricted: boolean;
}

export interface Customer {
  id: number;
  customer_number: string;
  /** `YYYYMMDD-NNNN` on the record, masked `YYYYMMDD-****` in lists. */
  personnummer: string;
  first_name: string;
  last_name: string;
  street: string;
  postal_code: string;
  city: string;
  phone: string | null;
  email: string | null;
  invoice_interval: InvoiceInterval;
  payment_method: PaymentMethod;
  version: number;
  created_at: string;
  updated_at: string;
  /** Only on the record (`GET /customers/:id`). */
  flags?: CustomerFlags;
}

export interface Note {
  id: number;
  customer_id: number;
  body: string;
  created_by: string;
  created_at: string;
}

export type AuditChanges = Record<string, { before: unknown; after: unknown }>;

export interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  customer_id: number | null;
  changes: AuditChanges;
  request_id: string | null;
}

export interface User {
  id: number;
  username: string;
  full_name: string;
  role: Role;
  active: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

/** `GET /api/auth/me`: who is logged in, the server's today and what the role may do. */
export interface Me {
  id: number;
  username: string;
  full_name: string;
  role: Role;
  today: string;
  permissions: Permissions;
}

export interface Product {
  id: number;
  code: string;
  name: string;
  monthly_price_ore: number;
  sticker_yearly_fee_ore: number;
}

export interface Subscription {
  id: number;
  customer_id: number;
  product_id: number;
  signed_on: string;
  binding_months: number;
  binding_ends_on: string;
  with_stickers: boolean;
  sticker_fee_removed_on: string | null;
  status: SubscriptionStatus;
  ends_on: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface InvoiceLine {
  id: number;
  invoice_id: number;
  subscription_id: number | null;
  kind: InvoiceLineKind;
  description: string;
  period_start: string | null;
  period_end: string | null;
  amount_ore: number;
  vat_ore: number;
}

export interface Invoice {
  id: number;
  customer_id: number;
  invoice_number: string;
  ocr: string;
  kind: InvoiceKind;
  credits_invoice_id: number | null;
  issued_on: string;
  due_on: string;
  period_start: string | null;
  period_end: string | null;
  total_ore: number;
  vat_ore: number;
  open_ore: number;
  status: InvoiceStatus;
  payment_method: PaymentMethod;
  paid_on: string | null;
  created_at: string;
  /** Only on `GET /invoices/:id`. */
  lines?: InvoiceLine[];
}

export interface Cancellation {
  id: number;
  subscription_id: number;
  customer_id: number;
  kind: CancellationKind;
  requested_on: string;
  channel: Channel;
  reason: CancellationReason;
  reason_note: string | null;
  ends_on: string;
  refund_ore: number;
  status: CancellationStatus;
  form_sent_on: string | null;
  form_received_on: string | null;
  completed_on: string | null;
  revoked_on: string | null;
  created_by: string;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface BillingChange {
  id: number;
  customer_id: number;
  subscription_id: number | null;
  kind: BillingChangeKind;
  to_interval: InvoiceInterval | null;
  effective_on: string;
  credited_ore: number;
  refunded_ore: number;
  applied_on: string | null;
  created_by: string;
  created_at: string;
}

export interface RectificationChange {
  field: string;
  old_value: string | null;
  new_value: string | null;
}

export interface GdprRequest {
  id: number;
  customer_id: number;
  type: GdprType;
  channel: Channel;
  received_on: string;
  due_on: string;
  extension_reason: string | null;
  extension_notified_on: string | null;
  identity_method: IdentityMethod | string;
  identity_verified: boolean;
  identity_verified_on: string | null;
  changes: RectificationChange[];
  status: GdprStatus;
  outcome: string | null;
  completed_on: string | null;
  handled_by: string | null;
  created_by: string;
  version: number;
  created_at: string;
  updated_at: string;
  /** Open and past its due date (judged by the server's today). */
  overdue: boolean;
}
