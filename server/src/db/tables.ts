/**
 * The rows as the database stores them, one interface per table, declared to Knex so that
 * `trx('customers')` is typed. Dates are `YYYY-MM-DD` text, timestamps ISO 8601 text, money integer öre.
 * Booleans come back as 0/1 from SQLite and as booleans from PostgreSQL (and are written as booleans);
 * COUNT and SUM come back as strings from PostgreSQL. The API's shapes (domain/apiTypes.ts) are made
 * from these rows by each service's `toApi`.
 */
import type { CancellationKind } from '../domain/cancellationTerms';
import type { CancellationReason, CancellationStatus } from '../domain/cancellationRules';
import type { GdprStatus, GdprType } from '../domain/gdprRules';
import type { Role } from '../domain/roles';
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
} from '../domain/values';

/** A boolean column as read: a boolean on PostgreSQL, 0 or 1 on SQLite. */
export type DbBoolean = boolean | number;

export interface UserRow {
  id: number;
  username: string;
  full_name: string;
  role: Role;
  password_hash: string;
  active: DbBoolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SessionRow {
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** Evidence: every failed login, kept (a success deletes nothing). */
export interface LoginFailureRow {
  id: number;
  username: string;
  ip: string;
  at: string;
}

/** A throttle counter (`pair:user|ip`, `device:…`, `user:…`, `ip:…`); see services/loginThrottle.ts. */
export interface LoginThrottleRow {
  key: string;
  failures: number;
  last_failure_at: string | null;
  updated_at: string;
}

/** An address a user has logged in from successfully. */
export interface LoginAddressRow {
  user_id: number;
  ip: string;
  first_at: string;
  last_at: string;
}

export interface ProductRow {
  id: number;
  code: string;
  name: string;
  monthly_price_ore: number;
  sticker_yearly_fee_ore: number;
  max_persons: number;
}

export interface CustomerRow {
  id: number;
  customer_number: string;
  /** 12 digits. */
  personnummer: string;
  first_name: string;
  last_name: string;
  /** Lower-cased copies of the names, for indexed prefix search. */
  first_name_lc: string;
  last_name_lc: string;
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
}

export interface SubscriptionRow {
  id: number;
  customer_id: number;
  product_id: number;
  signed_on: string;
  binding_months: number;
  binding_ends_on: string;
  with_stickers: DbBoolean;
  sticker_fee_removed_on: string | null;
  status: SubscriptionStatus;
  ends_on: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface InvoiceRow {
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
  /** Booked payments and credits: open_ore = total_ore − paid_ore − credited_ore. */
  paid_ore: number;
  credited_ore: number;
  created_at: string;
}

export interface InvoiceLineRow {
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

export interface CancellationRow {
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
  /** Why the cancellation was revoked; required for a revoked one. */
  revoke_reason: string | null;
  created_by: string;
  updated_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface BillingChangeRow {
  id: number;
  customer_id: number;
  subscription_id: number | null;
  kind: BillingChangeKind;
  to_interval: InvoiceInterval | null;
  effective_on: string;
  credited_ore: number;
  refunded_ore: number;
  applied_on: string | null;
  to_method: PaymentMethod | null;
  /** kind `payment_method`: the method it replaced (set when it takes effect). */
  from_method: PaymentMethod | null;
  mandate_id: number | null;
  cancelled_on: string | null;
  cancelled_by: string | null;
  created_by: string;
  created_at: string;
}

export interface AutogiroMandateRow {
  id: number;
  customer_id: number;
  clearing_number: string;
  account_number: string;
  status: MandateStatus;
  requested_on: string;
  decided_on: string | null;
  decided_by: string | null;
  reason: string | null;
  created_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PaymentFileRow {
  id: number;
  digest: string;
  filename: string | null;
  uploaded_by: string;
  uploaded_at: string;
  payments: number;
  matched: number;
  unmatched: number;
  /** bigint: PostgreSQL answers it (and the two below) as a string. */
  amount_ore: number | string;
  matched_ore: number | string;
  unmatched_ore: number | string;
}

export interface PaymentRow {
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
  assigned_by: string | null;
  assigned_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface GdprRequestRow {
  id: number;
  customer_id: number;
  type: GdprType;
  channel: Channel;
  received_on: string;
  due_on: string;
  extension_reason: string | null;
  extension_notified_on: string | null;
  identity_method: string;
  identity_verified: DbBoolean;
  identity_verified_on: string | null;
  /** JSON: `[{ field, old_value, new_value }]`. */
  changes: string;
  status: GdprStatus;
  outcome: string | null;
  completed_on: string | null;
  handled_by: string | null;
  created_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface NoteRow {
  id: number;
  customer_id: number;
  body: string;
  created_by: string;
  created_at: string;
}

export interface AuditEventRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  customer_id: number | null;
  /** JSON: `{ field: { before, after } }`. */
  changes: string;
  request_id: string | null;
}

export interface CoveredPersonRow {
  id: number;
  subscription_id: number;
  customer_id: number;
  /** 12 digits. */
  personnummer: string;
  first_name: string;
  last_name: string;
  relation: CoveredRelation;
  alarm_phone: string | null;
  alarm_email: string | null;
  added_on: string;
  removed_on: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AlarmRow {
  id: number;
  customer_id: number;
  covered_person_id: number;
  occurred_at: string;
  kind: AlarmKind;
  source: string;
  counterparty: string | null;
  details: string | null;
  /** JSON: `AlarmDestination[]`, as routed when the alarm arrived. */
  sent_to: string;
  sent_at: string | null;
  created_at: string;
}

export interface BlockRow {
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

/** The first answer to a create sent with an `Idempotency-Key`, for that key, user, method and path. */
export interface IdempotencyKeyRow {
  id: number;
  user_id: number;
  idempotency_key: string;
  method: string;
  path: string;
  /** sha-256 (hex) of the request's query and body. */
  request_hash: string;
  status: 'in_progress' | 'done';
  response_status: number | null;
  /** The answer's JSON text. */
  response_body: string | null;
  created_at: string;
  expires_at: string;
}

export interface TableRows {
  users: UserRow;
  sessions: SessionRow;
  login_failures: LoginFailureRow;
  login_throttles: LoginThrottleRow;
  login_addresses: LoginAddressRow;
  products: ProductRow;
  customers: CustomerRow;
  subscriptions: SubscriptionRow;
  invoices: InvoiceRow;
  invoice_lines: InvoiceLineRow;
  cancellations: CancellationRow;
  billing_changes: BillingChangeRow;
  gdpr_requests: GdprRequestRow;
  notes: NoteRow;
  audit_events: AuditEventRow;
  autogiro_mandates: AutogiroMandateRow;
  payment_files: PaymentFileRow;
  payments: PaymentRow;
  covered_persons: CoveredPersonRow;
  alarms: AlarmRow;
  blocks: BlockRow;
  idempotency_keys: IdempotencyKeyRow;
}

export type TableName = keyof TableRows;

/** The tables whose rows carry `version` and `updated_at`: edited with `updateVersioned()`. */
export type VersionedTable = {
  [T in TableName]: TableRows[T] extends { id: number; version: number; updated_at: string } ? T : never;
}[TableName];

declare module 'knex/types/tables' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging needs an interface
  interface Tables extends TableRows {}
}
