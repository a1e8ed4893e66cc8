import type { TranslationMessages } from 'react-admin';
import englishMessages from 'ra-language-english';
import type { domainSv } from './sv';

/** English, selectable in the app bar; same keys as the Swedish domain messages. */
export const domainEn: typeof domainSv = {
  app: {
    title: 'Customer service',
    search: { placeholder: 'Find customer: personal number, phone, e-mail, customer no. or name', shortcut: 'Press / to search' },
    stale: 'Someone else changed this record. Reload – what you typed stays in the form.',
  },
  roles: { agent: 'Agent', supervisor: 'Supervisor', admin: 'Administrator' },
  invoice_interval: { monthly: 'Monthly invoice', annual: 'Annual invoice' },
  payment_method: { paper_invoice: 'Paper invoice', email_invoice: 'E-mail invoice', autogiro: 'Direct debit (autogiro)' },
  audit: { action: { create: 'created', update: 'changed', view: 'opened', login: 'logged in', logout: 'logged out', delete: 'deleted' },
    entity: { customers: 'the customer', notes: 'a note', subscriptions: 'a subscription', cancellations: 'a cancellation', billing_changes: 'billing', gdpr_requests: 'a GDPR request', invoices: 'an invoice', users: 'the user' }, },
  customer_page: {
    tabs: { subscriptions: 'Subscriptions', invoices: 'Invoices', cases: 'Cases', notes: 'Notes', history: 'History' },
    actions: 'Actions',
    flag_cancellation: 'Cancellation in progress',
    flag_gdpr: 'Open GDPR request',
    sticker_fee_active: 'Stickers, yearly fee',
    sticker_fee_removed: 'Sticker fee removed %{date}',
  },
  notes: { new: 'New note', hint: 'Ctrl+Enter saves', add: 'Save note', saved: 'The note is saved' },
  subscription_status: { active: 'Active', notice_given: 'Notice given', ended: 'Ended', withdrawn: 'Withdrawn' },
  invoice_status: { unpaid: 'Unpaid', paid: 'Paid', credited: 'Credited' },
  invoice_kind: { invoice: 'Invoice', credit_note: 'Credit note' },
  cancellation_kind: { withdrawal: 'Withdrawal', notice: 'Notice' },
  cancellation_status: { registered: 'Registered', form_sent: 'Form sent', confirmed: 'Confirmed', completed: 'Completed', revoked: 'Revoked' },
  billing_change_kind: { invoice_interval: 'Invoice interval', sticker_fee_removal: 'Sticker fee removed' },
  gdpr_type: { rectification: 'Rectification', access: 'Access (register extract)', erasure: 'Erasure', restriction: 'Restriction', objection: 'Objection', portability: 'Portability' },
  gdpr_status: { open: 'Open', completed: 'Completed', rejected: 'Rejected' },
  resources: {
    customers: {
      name: 'Customer |||| Customers',
      fields: {
        customer_number: 'Customer no.',
        personnummer: 'Personal identity number',
        first_name: 'First name',
        last_name: 'Last name',
        name: 'Name',
        street: 'Street address',
        postal_code: 'Postal code',
        city: 'City',
        address: 'Registered address',
        phone: 'Phone',
        email: 'E-mail',
        invoice_interval: 'Invoice interval',
        payment_method: 'Payment method',
        created_at: 'Customer since',
        updated_at: 'Last changed',
        q: 'Search',
      },
    },
    subscriptions: {
      name: 'Subscription |||| Subscriptions',
      fields: { product_id: 'Service', signed_on: 'Signed', binding_months: 'Binding (months)', binding_ends_on: 'Binding until', with_stickers: 'Stickers', sticker_fee_removed_on: 'Sticker fee removed', status: 'Status', ends_on: 'End date' },
    },
    products: { name: 'Service |||| Services', fields: { code: 'Code', name: 'Name', monthly_price_ore: 'Monthly price', sticker_yearly_fee_ore: 'Sticker fee per year' } },
    invoices: {
      name: 'Invoice |||| Invoices',
      fields: { invoice_number: 'Invoice no.', kind: 'Kind', ocr: 'OCR', issued_on: 'Invoice date', due_on: 'Due date', total_ore: 'Amount incl. VAT', vat_ore: 'of which VAT', open_ore: 'To pay', status: 'Status', payment_method: 'Payment method', credits_invoice_id: 'Credits', period_start: 'Period from', period_end: 'Period to' },
    },
    cancellations: {
      name: 'Cancellation |||| Cancellations',
      fields: { subscription_id: 'Subscription', customer_id: 'Customer', kind: 'Kind', requested_on: 'Requested', channel: 'Channel', reason: 'Reason', reason_note: 'Comment', ends_on: 'End date', refund_ore: 'Refund', status: 'Status', form_sent_on: 'Form sent', form_received_on: 'Form received', created_by: 'Registered by', created_at: 'Registered' },
    },
    billing_changes: {
      name: 'Billing change |||| Billing changes',
      fields: { kind: 'Change', to_interval: 'New interval', subscription_id: 'Subscription', effective_on: 'Effective', credited_ore: 'Credited', created_by: 'By', created_at: 'Registered' },
    },
    gdpr_requests: {
      name: 'GDPR request |||| GDPR requests',
      fields: { type: 'Type', channel: 'Channel', received_on: 'Received', due_on: 'Due', status: 'Status', outcome: 'Outcome', customer_id: 'Customer', identity_method: 'Identity check', identity_verified: 'Identity verified', handled_by: 'Handler', completed_on: 'Closed', extension_reason: 'Reason for extension', extension_notified_on: 'Customer told' },
    },
    notes: { name: 'Note |||| Notes', fields: { body: 'Note', created_by: 'By', created_at: 'Time' } },
    audit_events: {
      name: 'Event |||| Audit log',
      fields: { at: 'Time', actor: 'User', action: 'Event', entity: 'Type', entity_id: 'Id', changes: 'Changes', customer_id: 'Customer' },
    },
    users: {
      name: 'User |||| Users',
      fields: { username: 'Username', full_name: 'Name', role: 'Role', active: 'Active', password: 'New password' },
    },
  },
};

export const englishAppMessages: TranslationMessages = { ...englishMessages, ...domainEn };
