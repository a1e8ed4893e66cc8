/**
 * The shapes the API answers, defined once: the server's `toApi` functions return them and the client
 * reads them. Dates are `YYYY-MM-DD`, timestamps ISO 8601, money integer öre.
 */
import type { CancellationKind } from './cancellationTerms';
import type { CancellationReason, CancellationStatus } from './cancellationRules';
import type { AlarmDestination } from './coveredPersons';
import type { GdprStatus, GdprType, IdentityMethod } from './gdprRules';
import type { Permissions } from './permissions';
import type { Schedule } from './invoiceSchedule';
import type { Role } from './roles';
import type {
  AlarmKind,
  BillingChangeKind,
  BlockKind,
  Channel,
  CoveredRelation,
  InvoiceInterval,
  InvoiceKind,
  InvoiceLineKind,
  InvoiceStatus,
  MandateStatus,
  PaymentMethod,
  PaymentSource,
  PaymentStatus,
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
  /** Only on a search hit found through a person covered by one of the customer's subscriptions. */
  matched_via?: MatchedVia;
}

/** Through whom the universal search found a customer: a covered person's personnummer or alarm phone. */
export interface MatchedVia {
  relation: CoveredRelation;
  first_name: string;
  last_name: string;
  field: 'personnummer' | 'alarm_phone';
}

/**
 * A customer as lists and searches answer it: what a list needs to tell callers apart, no contact
 * details, the personnummer masked (`YYYYMMDD-****`). The whole record is `GET /customers/:id`, which is
 * audited as a view.
 */
export type CustomerListItem = Pick<
  Customer,
  'id' | 'customer_number' | 'personnummer' | 'first_name' | 'last_name' | 'city' | 'matched_via'
>;

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
  /** How many people the service covers, the holder included (1 for a single service). */
  max_persons: number;
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
  /** open_ore = total_ore − paid_ore − credited_ore, kept in the same transaction as each booking. */
  open_ore: number;
  /** Payments booked on the invoice. */
  paid_ore: number;
  /** What credit notes took off what was open (not refunds of paid money). */
  credited_ore: number;
  status: InvoiceStatus;
  payment_method: PaymentMethod;
  paid_on: string | null;
  created_at: string;
  /** Only on `GET /invoices/:id`. */
  lines?: InvoiceLine[];
  /** Only on `GET /invoices/:id`: the payments booked on it. */
  payments?: Payment[];
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
  /** Why the cancellation was revoked (required for a revoked one). */
  revoke_reason: string | null;
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
  /** kind `payment_method`: the method asked for. */
  to_method: PaymentMethod | null;
  /** kind `payment_method`: the method it replaced, once it has taken effect. */
  from_method: PaymentMethod | null;
  /** kind `payment_method` to autogiro: the mandate it waits for. */
  mandate_id: number | null;
  effective_on: string;
  credited_ore: number;
  refunded_ore: number;
  applied_on: string | null;
  /** A pending change cancelled before it took effect (`DELETE /api/billing_changes/:id`). */
  cancelled_on: string | null;
  cancelled_by: string | null;
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

export interface AutogiroMandate {
  id: number;
  customer_id: number;
  clearing_number: string;
  /** Whole for supervisors and admins, masked `****1234` for agents. */
  account_number: string;
  status: MandateStatus;
  requested_on: string;
  decided_on: string | null;
  decided_by: string | null;
  /** Why it was rejected or cancelled. */
  reason: string | null;
  created_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface Payment {
  id: number;
  customer_id: number | null;
  invoice_id: number | null;
  amount_ore: number;
  paid_on: string;
  reference: string;
  reference_code: string | null;
  payer_name: string | null;
  source: PaymentSource;
  status: PaymentStatus;
  payment_file_id: number | null;
  /** Who assigned an unmatched payment to an invoice, and when. */
  assigned_by: string | null;
  assigned_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** Only on `PUT /payments/:id`: the rest of the payment that the invoice did not take, left unmatched. */
  remainder?: Payment | null;
}

/** `POST /api/payment_files` answers the booked file. */
export interface PaymentFile {
  id: number;
  /** sha-256 of the uploaded bytes, hex: the same file twice is a 409. */
  digest: string;
  filename: string | null;
  uploaded_by: string;
  uploaded_at: string;
  /** Payment and deduction records in the file (BgMax 20 and 21). */
  payments: number;
  /** Of those, booked (wholly or in part) on an invoice. */
  matched: number;
  /** Payments left for a supervisor: unknown references, deductions and the overpaid part of a payment. */
  unmatched: number;
  /** The file's total (its deposits). */
  amount_ore: number;
  /** Booked on invoices. */
  matched_ore: number;
  /** Left unmatched (amount_ore = matched_ore + unmatched_ore). */
  unmatched_ore: number;
}

/**
 * The preview of a payment-method change (`POST /api/billing_changes?dry_run=true`, kind `payment_method`):
 * what changes and from when. `next_invoice` is the first coming invoice that carries the new method; for
 * autogiro that is only known once a supervisor approves the mandate, so it is null and `waits_for_approval`
 * says so.
 */
export interface PaymentMethodPreview {
  dry_run: true;
  change: Pick<BillingChange, 'customer_id' | 'kind' | 'to_method' | 'from_method' | 'effective_on'>;
  waits_for_approval: boolean;
  /** The mandate that would be requested (account masked as the caller may see it). */
  mandate: Pick<AutogiroMandate, 'clearing_number' | 'account_number'> | null;
  next_invoice: { date: string; payment_method: PaymentMethod } | null;
  credits: [];
  before: Schedule;
  after: Schedule;
}

export interface CoveredPerson {
  id: number;
  subscription_id: number;
  customer_id: number;
  /** `YYYYMMDD-NNNN` on `GET /covered_persons/:id`, masked `YYYYMMDD-****` in lists. */
  personnummer: string;
  first_name: string;
  last_name: string;
  relation: CoveredRelation;
  /** E.164; null: this person's SMS alarms go to the holder's phone. */
  alarm_phone: string | null;
  /** null: this person's e-mail alarms go to the holder's e-mail. */
  alarm_email: string | null;
  added_on: string;
  removed_on: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface Alarm {
  id: number;
  customer_id: number;
  covered_person_id: number;
  /** When it happened, as the monitoring service reported it (UTC). */
  occurred_at: string;
  kind: AlarmKind;
  /** Who reported it, e.g. the credit bureau. */
  source: string;
  /** E.g. who took the credit report. */
  counterparty: string | null;
  details: string | null;
  /** Where it was routed when it arrived; empty when the person and the holder had no contact. */
  sent_to: AlarmDestination[];
  sent_at: string | null;
  created_at: string;
}

/** `POST /api/alarms` (the monitoring service): the alarms stored, one per customer covering the person. */
export interface AlarmIngestAnswer {
  /** False when every alarm had already been received (a repeat): nothing new was stored. */
  stored: boolean;
  alarms: Alarm[];
}

export interface Block {
  id: number;
  customer_id: number;
  covered_person_id: number;
  kind: BlockKind;
  placed_with: string;
  reference: string | null;
  placed_at: string;
  lifted_at: string | null;
  note: string | null;
  created_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** `GET /api/customers/:id/counts`: how many rows each tab of the record holds. */
export interface CustomerCounts {
  subscriptions: number;
  invoices: number;
  cancellations: number;
  billing_changes: number;
  gdpr_requests: number;
  notes: number;
  /** Alarms about anyone the customer's services cover. */
  alarms: number;
  /** History: changes to the customer's data. */
  changes: number;
  /** History: who opened the record (views, registerutdrag). */
  views: number;
}
