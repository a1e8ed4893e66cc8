import {
  actorName,
  describeAction,
  describeChanges,
  describeValue,
  fieldLabel,
  changeText,
} from '../../client/src/auditEvents/describeChanges';
import { swedishMessages } from '../../client/src/i18n/sv';
import { englishAppMessages } from '../../client/src/i18n/en';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { TranslationMessages } from 'react-admin';

/** react-admin's translate over the app's own messages, as the screen uses it (ra-i18n-polyglot, as i18nProvider.ts). */
function translatorFor(messages: TranslationMessages) {
  const provider = polyglotI18nProvider(() => messages, 'sv', [{ locale: 'sv', name: 'sv' }], { allowMissing: false });
  return (key: string, options?: Record<string, unknown>) => provider.translate(key, options);
}
const sv = translatorFor(swedishMessages);
const en = translatorFor(englishAppMessages);

describe('values in words', () => {
  test.each([
    ['customers', 'personnummer', '198001011231', '19800101-1231'],
    ['customers', 'personnummer', '19800101-****', '19800101-****'],
    ['customers', 'phone', '+46701234567', '070-123 45 67'],
    ['customers', 'phone', '070-*** ** 67', '070-*** ** 67'],
    ['customers', 'payment_method', 'autogiro', 'Autogiro'],
    ['customers', 'payment_method', 'paper_invoice', 'Pappersfaktura'],
    ['customers', 'invoice_interval', 'annual', 'Årsfaktura'],
    ['billing_changes', 'to_interval', 'monthly', 'Månadsfaktura'],
    ['billing_changes', 'to_method', 'email_invoice', 'E-postfaktura'],
    ['billing_changes', 'kind', 'sticker_fee_removal', 'Dekalavgift borttagen'],
    ['cancellations', 'status', 'form_sent', 'Blankett skickad'],
    ['subscriptions', 'status', 'notice_given', 'Uppsagt'],
    ['invoices', 'status', 'credited', 'Krediterad'],
    ['payments', 'invoice_status', 'paid', 'Betald'],
    ['payments', 'status', 'unmatched', 'Ej matchad'],
    ['covered_persons', 'relation', 'child', 'Barn'],
    ['cancellations', 'kind', 'withdrawal', 'Ångerrätt'],
    ['cancellations', 'reason', 'price', 'Priset'],
    ['cancellations', 'channel', 'letter', 'Brev'],
    ['gdpr_requests', 'type', 'rectification', 'Rättelse'],
    ['gdpr_requests', 'identity_method', 'bankid', 'BankID'],
    ['gdpr_requests', 'identity_verified', true, 'Ja'],
    ['subscriptions', 'with_stickers', 0, 'Nej'],
    ['cancellations', 'refund_ore', 14900, '149,00 kr'],
    ['users', 'role', 'supervisor', 'Teamledare'],
    ['cancellations', 'ends_on', '2027-02-25', '2027-02-25'],
    ['cancellations', 'reason_note', null, '–'],
  ])('%s.%s = %p reads %p', (entity, field, value, words) => {
    expect(describeValue(entity, field, value, sv).replace(/\u00a0/g, ' ')).toBe(words);
  });

  test('a moment is the Stockholm clock, not UTC', () => {
    expect(describeValue('notes', 'created_at', '2026-11-25T13:03:00.000Z', sv)).toBe('2026-11-25 14:03');
  });

  test('a subscription is named by its product when the name is known, else in words with its number', () => {
    expect(describeValue('cancellations', 'subscription_id', 12, sv, { subscriptionName: () => 'ID-Larm Prio' })).toBe('ID-Larm Prio');
    expect(describeValue('cancellations', 'subscription_id', 12, sv)).toBe('abonnemang 12');
  });

  test("a rectification's fields are each in words", () => {
    const value = [
      { field: 'phone', old_value: '+46701234567', new_value: '+46735551234' },
      { field: 'last_name', old_value: 'Andersson', new_value: 'Berg' },
    ];
    expect(describeValue('gdpr_requests', 'changes', value, sv)).toBe(
      'Telefon: 070-123 45 67 → 073-555 12 34; Efternamn: Andersson → Berg',
    );
  });
});

describe('an event in words', () => {
  test('a change of a customer: labels, formatted values, nothing raw', () => {
    const lines = describeChanges(
      {
        entity: 'customers',
        changes: {
          phone: { before: '+46701234567', after: '+46735551234' },
          invoice_interval: { before: 'monthly', after: 'annual' },
          payment_method: { before: 'paper_invoice', after: 'autogiro' },
          customer_id: { before: null, after: 1 },
        },
      },
      sv,
    ).map(changeText);
    expect(lines).toEqual([
      'Telefon: 070-123 45 67 → 073-555 12 34',
      'Fakturaintervall: Månadsfaktura → Årsfaktura',
      'Betalsätt: Pappersfaktura → Autogiro',
    ]);
    expect(lines.join(' ')).not.toMatch(/invoice_interval|payment_method|autogiro|\+46/);
  });

  test('a creation shows the new value alone', () => {
    const [line] = describeChanges({ entity: 'notes', changes: { body: { before: null, after: 'Ringde' } } }, sv);
    expect(changeText(line)).toBe('Anteckning: Ringde');
  });

  test('action and entity in words, in Swedish and English', () => {
    expect(describeAction({ action: 'view', entity: 'customers' }, sv)).toBe('öppnade kunden');
    expect(describeAction({ action: 'update', entity: 'cancellations' }, en)).toBe('changed a cancellation');
    expect(describeAction({ action: 'login', entity: 'users' }, sv)).toBe('loggade in');
    // An action or entity another feature adds before its words: still words, never the key.
    expect(describeAction({ action: 'approve', entity: 'autogiro_mandates' }, sv)).not.toMatch(/approve|autogiro_mandates/);
  });
});

/** Every field the services write into audit events, per entity (server/src/services: created(…), diff(…)). */
const AUDITED_FIELDS: Record<string, string[]> = {
  customers: [
    'customer_number',
    'personnummer',
    'first_name',
    'last_name',
    'street',
    'postal_code',
    'city',
    'phone',
    'email',
    'invoice_interval',
    'payment_method',
  ],
  notes: ['body'],
  subscriptions: [
    'product_id',
    'signed_on',
    'binding_months',
    'binding_ends_on',
    'with_stickers',
    'status',
    'ends_on',
    'sticker_fee_removed_on',
  ],
  cancellations: [
    'subscription_id',
    'kind',
    'requested_on',
    'channel',
    'reason',
    'reason_note',
    'ends_on',
    'refund_ore',
    'status',
    'created_by',
    'form_sent_on',
    'form_received_on',
    'completed_on',
    'revoked_on',
    'revoke_reason',
  ],
  billing_changes: [
    'subscription_id',
    'kind',
    'to_interval',
    'effective_on',
    'credited_ore',
    'refunded_ore',
    'to_method',
    'mandate_id',
    'cancelled_on',
    'cancelled_by',
    'applied_on',
  ],
  gdpr_requests: [
    'type',
    'channel',
    'received_on',
    'due_on',
    'identity_method',
    'identity_verified',
    'identity_verified_on',
    'changes',
    'status',
    'created_by',
    'outcome',
    'completed_on',
    'handled_by',
    'extension_reason',
    'extension_notified_on',
  ],
  invoices: ['kind', 'invoice_number', 'ocr', 'credits_invoice_id', 'total_ore', 'open_ore', 'status'],
  users: ['username', 'full_name', 'role', 'active', 'password'],
};

describe.each([
  ['Swedish', sv],
  ['English', en],
])('%s field labels', (_language, translate) => {
  test.each(Object.entries(AUDITED_FIELDS))('every audited field of %s has a label of its own', (entity, fields) => {
    const fallback = translate('history.other_field');
    const missing = fields.filter((field) => {
      const label = fieldLabel(entity, field, translate);
      return label === fallback || label === field || label.includes('_');
    });
    expect(missing).toEqual([]);
  });
});

test("a creation's unset fields are left out: only what it says", () => {
  const lines = describeChanges(
    { entity: 'billing_changes', changes: { kind: { before: null, after: 'invoice_interval' }, to_method: { before: null, after: null } } },
    sv,
  ).map(changeText);
  expect(lines).toEqual(['Ändring: Fakturaintervall']);
});

test("who acted: a user's username as it is, the system's own actors in words", () => {
  expect(actorName('agent', sv)).toBe('agent');
  expect(actorName('system', sv)).toBe('Systemet (dagliga körningar)');
  expect(actorName('monitoring', en)).toBe('The monitoring service');
  expect(actorName('seed', sv)).toBe('Demodata');
});
