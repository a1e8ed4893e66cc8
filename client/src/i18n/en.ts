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
  audit: { action: { create: 'created', update: 'changed', view: 'opened', login: 'logged in', logout: 'logged out', delete: 'deleted' } },
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
