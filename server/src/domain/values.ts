/**
 * The allowed values of every enumerated field, defined once: the server validates with them, the
 * client offers them as choices (translated), the seeds pick from them.
 */
export const INVOICE_INTERVALS = ['monthly', 'annual'] as const;
export type InvoiceInterval = (typeof INVOICE_INTERVALS)[number];

export const PAYMENT_METHODS = ['paper_invoice', 'email_invoice', 'autogiro'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const SUBSCRIPTION_STATUSES = ['active', 'notice_given', 'ended', 'withdrawn'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const INVOICE_STATUSES = ['unpaid', 'paid', 'credited'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const INVOICE_KINDS = ['invoice', 'credit_note'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

export const INVOICE_LINE_KINDS = ['service', 'sticker', 'credit'] as const;
export type InvoiceLineKind = (typeof INVOICE_LINE_KINDS)[number];

export const BILLING_CHANGE_KINDS = ['invoice_interval', 'sticker_fee_removal', 'payment_method'] as const;
export type BillingChangeKind = (typeof BILLING_CHANGE_KINDS)[number];

/** How a customer reached us: a cancellation or a GDPR request may come by any of them. */
export const CHANNELS = ['phone', 'email', 'letter'] as const;
export type Channel = (typeof CHANNELS)[number];

/** An autogiro mandate: requested by an agent, decided by a supervisor; only an approved one makes autogiro the method. */
export const MANDATE_STATUSES = ['requested', 'approved', 'rejected', 'cancelled'] as const;
export type MandateStatus = (typeof MANDATE_STATUSES)[number];

/** A payment is `matched` to an invoice, or `unmatched` money waiting for a supervisor to assign it. */
export const PAYMENT_STATUSES = ['matched', 'unmatched'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PAYMENT_SOURCES = ['bgmax', 'manual'] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];

/** Who a person covered by a subscription is to its holder; the holder is covered from the subscription's start. */
export const COVERED_RELATIONS = ['holder', 'partner', 'child', 'other'] as const;
export type CoveredRelation = (typeof COVERED_RELATIONS)[number];

/** What the monitoring service reports about a covered person. */
export const ALARM_KINDS = [
  'credit_inquiry',
  'address_change',
  'new_credit',
  'id_document',
  'phone_subscription',
  'company_change',
  'other',
] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

/** Where a block (spärr) was placed: a credit block at a credit bureau, an ID document, or something else. */
export const BLOCK_KINDS = ['credit_block', 'id_document', 'other'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/**
 * What the audit log records: the actions (a change, a view, a log-in, a decision…) and the records they
 * are about. The server writes only these; the audit log's filters and the history's words list them.
 */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'view',
  'export',
  'list_export',
  'gdpr_rectification',
  'complete',
  'reject',
  'extend',
  'cancel',
  'add',
  'remove',
  'register',
  'lift',
  'receive',
  'book',
  'upload',
  'assign',
  'login',
  'logout',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITIES = [
  'customers',
  'notes',
  'subscriptions',
  'cancellations',
  'billing_changes',
  'gdpr_requests',
  'invoices',
  'autogiro_mandates',
  'payments',
  'payment_files',
  'covered_persons',
  'alarms',
  'blocks',
  'users',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];
