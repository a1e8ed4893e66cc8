import type { TranslationMessages } from 'react-admin';
import raSwedish from './raSwedish';

/** The back office's own words, in Swedish (the default language). */
export const domainSv = {
  app: {
    title: 'Kundtjänst',
    search: { placeholder: 'Sök kund: personnummer, telefon, e-post, kundnr eller namn', shortcut: 'Tryck / för att söka' },
    stale: 'Någon annan har ändrat posten. Ladda om – det du skrivit finns kvar i formuläret.',
  },
  roles: { agent: 'Handläggare', supervisor: 'Teamledare', admin: 'Administratör' },
  invoice_interval: { monthly: 'Månadsfaktura', annual: 'Årsfaktura' },
  payment_method: { paper_invoice: 'Pappersfaktura', email_invoice: 'E-postfaktura', autogiro: 'Autogiro' },
  audit: {
    action: { create: 'skapade', update: 'ändrade', view: 'öppnade', login: 'loggade in', logout: 'loggade ut', delete: 'tog bort' },
    entity: { customers: 'kunden', notes: 'en anteckning', subscriptions: 'ett abonnemang', cancellations: 'en uppsägning', billing_changes: 'faktureringen', gdpr_requests: 'en GDPR-begäran', invoices: 'en faktura', users: 'användaren' },
  },
  customer_page: {
    tabs: { subscriptions: 'Abonnemang', invoices: 'Fakturor', cases: 'Ärenden', notes: 'Anteckningar', history: 'Historik' },
    actions: 'Åtgärder',
    flag_cancellation: 'Uppsägning pågår',
    flag_gdpr: 'Öppen GDPR-begäran',
    sticker_fee_active: 'Dekaler, årsavgift',
    sticker_fee_removed: 'Dekalavgift borttagen %{date}',
  },
  notes: { new: 'Ny anteckning', hint: 'Ctrl+Enter sparar', add: 'Spara anteckning', saved: 'Anteckningen är sparad' },
  subscription_status: { active: 'Aktivt', notice_given: 'Uppsagt', ended: 'Avslutat', withdrawn: 'Ångrat' },
  invoice_status: { unpaid: 'Obetald', paid: 'Betald', credited: 'Krediterad' },
  invoice_kind: { invoice: 'Faktura', credit_note: 'Kreditnota' },
  cancellation_kind: { withdrawal: 'Ångerrätt', notice: 'Uppsägning' },
  cancellation_status: { registered: 'Registrerad', form_sent: 'Blankett skickad', confirmed: 'Bekräftad', completed: 'Avslutad', revoked: 'Återkallad' },
  billing_change_kind: { invoice_interval: 'Fakturaintervall', sticker_fee_removal: 'Dekalavgift borttagen' },
  gdpr_type: { rectification: 'Rättelse', access: 'Registerutdrag', erasure: 'Radering', restriction: 'Begränsning', objection: 'Invändning', portability: 'Dataportabilitet' },
  gdpr_status: { open: 'Öppen', completed: 'Slutförd', rejected: 'Avslagen' },
  resources: {
    customers: {
      name: 'Kund |||| Kunder',
      fields: {
        customer_number: 'Kundnummer',
        personnummer: 'Personnummer',
        first_name: 'Förnamn',
        last_name: 'Efternamn',
        name: 'Namn',
        street: 'Gatuadress',
        postal_code: 'Postnummer',
        city: 'Ort',
        address: 'Folkbokföringsadress',
        phone: 'Telefon',
        email: 'E-post',
        invoice_interval: 'Fakturaintervall',
        payment_method: 'Betalsätt',
        created_at: 'Kund sedan',
        updated_at: 'Senast ändrad',
        q: 'Sök',
      },
    },
    subscriptions: {
      name: 'Abonnemang |||| Abonnemang',
      fields: { product_id: 'Tjänst', signed_on: 'Tecknat', binding_months: 'Bindningstid (mån)', binding_ends_on: 'Bindning t.o.m.', with_stickers: 'Dekaler', sticker_fee_removed_on: 'Dekalavgift borttagen', status: 'Status', ends_on: 'Slutdatum' },
    },
    products: { name: 'Tjänst |||| Tjänster', fields: { code: 'Kod', name: 'Namn', monthly_price_ore: 'Pris per månad', sticker_yearly_fee_ore: 'Dekalavgift per år' } },
    invoices: {
      name: 'Faktura |||| Fakturor',
      fields: { invoice_number: 'Fakturanr', kind: 'Typ', ocr: 'OCR', issued_on: 'Fakturadatum', due_on: 'Förfallodatum', total_ore: 'Belopp inkl. moms', vat_ore: 'varav moms', open_ore: 'Att betala', status: 'Status', payment_method: 'Betalsätt', credits_invoice_id: 'Krediterar', period_start: 'Period från', period_end: 'Period till' },
    },
    cancellations: {
      name: 'Uppsägning |||| Uppsägningar',
      fields: { subscription_id: 'Abonnemang', customer_id: 'Kund', kind: 'Typ', requested_on: 'Begärd', channel: 'Kanal', reason: 'Orsak', reason_note: 'Kommentar', ends_on: 'Slutdatum', refund_ore: 'Återbetalning', status: 'Status', form_sent_on: 'Blankett skickad', form_received_on: 'Blankett mottagen', created_by: 'Registrerad av', created_at: 'Registrerad' },
    },
    billing_changes: {
      name: 'Faktureringsändring |||| Faktureringsändringar',
      fields: { kind: 'Ändring', to_interval: 'Nytt intervall', subscription_id: 'Abonnemang', effective_on: 'Gäller från', credited_ore: 'Krediterat', created_by: 'Av', created_at: 'Registrerad' },
    },
    gdpr_requests: {
      name: 'GDPR-begäran |||| GDPR-ärenden',
      fields: { type: 'Typ', channel: 'Kanal', received_on: 'Mottagen', due_on: 'Senast', status: 'Status', outcome: 'Utfall', customer_id: 'Kund', identity_method: 'Identitetskontroll', identity_verified: 'Identitet styrkt', handled_by: 'Handläggare', completed_on: 'Avslutad', extension_reason: 'Skäl för förlängning', extension_notified_on: 'Kunden informerad' },
    },
    notes: { name: 'Anteckning |||| Anteckningar', fields: { body: 'Anteckning', created_by: 'Av', created_at: 'Tid' } },
    audit_events: {
      name: 'Händelse |||| Granskningslogg',
      fields: { at: 'Tid', actor: 'Användare', action: 'Händelse', entity: 'Typ', entity_id: 'Id', changes: 'Ändringar', customer_id: 'Kund' },
    },
    users: {
      name: 'Användare |||| Användare',
      fields: { username: 'Användarnamn', full_name: 'Namn', role: 'Roll', active: 'Aktiv', password: 'Nytt lösenord' },
    },
  },
};

export const swedishMessages: TranslationMessages = { ...raSwedish, ...domainSv };
