import type { RaRecord } from 'react-admin';

export type Role = 'agent' | 'supervisor' | 'admin';

export interface Customer extends RaRecord<number> {
  customer_number: string;
  personnummer: string;
  first_name: string;
  last_name: string;
  street: string;
  postal_code: string;
  city: string;
  phone: string | null;
  email: string | null;
  invoice_interval: 'monthly' | 'annual';
  payment_method: 'paper_invoice' | 'email_invoice' | 'autogiro';
  version: number;
  created_at: string;
  updated_at: string;
  flags?: CustomerFlags;
}

export interface Note extends RaRecord<number> {
  customer_id: number;
  body: string;
  created_by: string;
  created_at: string;
}

export interface AuditEvent extends RaRecord<number> {
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  customer_id: number | null;
  changes: Record<string, { before: unknown; after: unknown }>;
  request_id: string | null;
}

export interface User extends RaRecord<number> {
  username: string;
  full_name: string;
  role: Role;
  active: boolean;
  version: number;
}

export interface Identity {
  id: number;
  username: string;
  full_name: string;
  role: Role;
}

export interface Product extends RaRecord<number> {
  code: string;
  name: string;
  monthly_price_ore: number;
  sticker_yearly_fee_ore: number;
}

export interface Subscription extends RaRecord<number> {
  customer_id: number;
  product_id: number;
  signed_on: string;
  binding_months: number;
  binding_ends_on: string;
  with_stickers: boolean;
  sticker_fee_removed_on: string | null;
  status: 'active' | 'notice_given' | 'ended' | 'withdrawn';
  ends_on: string | null;
  version: number;
}

export interface Invoice extends RaRecord<number> {
  customer_id: number;
  invoice_number: string;
  ocr: string;
  kind: 'invoice' | 'credit_note';
  credits_invoice_id: number | null;
  issued_on: string;
  due_on: string;
  period_start: string | null;
  period_end: string | null;
  total_ore: number;
  vat_ore: number;
  open_ore: number;
  status: 'unpaid' | 'paid' | 'credited';
  payment_method: Customer['payment_method'];
  paid_on: string | null;
}

export interface Cancellation extends RaRecord<number> {
  subscription_id: number;
  customer_id: number;
  kind: 'withdrawal' | 'notice';
  requested_on: string;
  channel: 'phone' | 'email' | 'letter';
  reason: string;
  reason_note: string | null;
  ends_on: string;
  refund_ore: number;
  status: 'registered' | 'form_sent' | 'confirmed' | 'completed' | 'revoked';
  form_sent_on: string | null;
  form_received_on: string | null;
  created_by: string;
  created_at: string;
  version: number;
}

export interface BillingChange extends RaRecord<number> {
  customer_id: number;
  subscription_id: number | null;
  kind: 'invoice_interval' | 'sticker_fee_removal';
  to_interval: 'monthly' | 'annual' | null;
  effective_on: string;
  credited_ore: number;
  created_by: string;
  created_at: string;
}

export interface GdprRequest extends RaRecord<number> {
  customer_id: number;
  type: 'rectification' | 'access' | 'erasure' | 'restriction' | 'objection' | 'portability';
  channel: 'phone' | 'email' | 'letter';
  received_on: string;
  due_on: string;
  status: 'open' | 'completed' | 'rejected';
  outcome: string | null;
  changes: Array<{ field: string; old_value: string | null; new_value: string | null }>;
  version: number;
  extension_reason: string | null;
  extension_notified_on: string | null;
  identity_method: string;
  identity_verified: boolean;
  identity_verified_on: string | null;
  completed_on: string | null;
  handled_by: string | null;
  created_by: string;
  created_at: string;
  /** Open and past its due date (judged by the server's today). */
  overdue: boolean;
}

/** What the customer page needs to flag at a glance (answered with GET /customers/:id). */
export interface CustomerFlags {
  open_cancellations: number;
  open_gdpr_requests: number;
  restricted: boolean;
}
