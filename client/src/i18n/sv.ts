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
  },
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
