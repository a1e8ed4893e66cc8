import { z } from 'zod';
import { parsePersonnummer } from '../domain/personnummer';
import { normalisePhone } from '../domain/phone';
import { PERSONAL_DATA_FIELDS } from '../domain/customerFields';
import { INVOICE_INTERVALS, PAYMENT_METHODS } from '../domain/values';

export { PERSONAL_DATA_FIELDS };

/**
 * Validation and normalisation of a customer's editable fields, shared by create, edit and GDPR
 * rectification so that a value is judged the same way wherever it is typed.
 */
const name = z.string().trim().min(1).max(100);

export function customerFieldSchemas(today: string) {
  return {
    personnummer: z
      .string()
      .max(20)
      .transform((s, ctx) => {
        const parsed = parsePersonnummer(s, today);
        if (!parsed.ok) {
          ctx.addIssue({ code: 'custom', message: parsed.error });
          return z.NEVER;
        }
        return parsed.value;
      }),
    first_name: name,
    last_name: name,
    street: z.string().trim().min(1).max(200),
    postal_code: z
      .string()
      .trim()
      .regex(/^\d{3} ?\d{2}$/, 'Postnummer ska vara fem siffror (NNN NN)')
      .transform((s) => `${s.replace(' ', '').slice(0, 3)} ${s.replace(' ', '').slice(3)}`),
    city: z.string().trim().min(1).max(100),
    phone: z
      .string()
      .max(30)
      .nullable()
      .transform((s, ctx) => {
        if (s === null || s.trim() === '') return null;
        const parsed = normalisePhone(s);
        if (!parsed.ok) {
          ctx.addIssue({ code: 'custom', message: parsed.error });
          return z.NEVER;
        }
        return parsed.value;
      }),
    email: z
      .string()
      .trim()
      .max(254)
      .nullable()
      .transform((s) => (s === null || s === '' ? null : s.toLowerCase()))
      .pipe(z.email('Ogiltig e-postadress').nullable()),
    invoice_interval: z.enum(INVOICE_INTERVALS),
    payment_method: z.enum(PAYMENT_METHODS),
  };
}

export type CustomerFieldName = keyof ReturnType<typeof customerFieldSchemas>;
/** What an edit of the customer may change: the personal data. */
export const EDITABLE_CUSTOMER_FIELDS: readonly CustomerFieldName[] = [...PERSONAL_DATA_FIELDS];

/**
 * Fields a client may send back with a record; they are never written by an edit. The invoice interval
 * and the payment method change only through a billing change (POST /api/billing_changes), which applies
 * the period rules and, for autogiro, waits for an approved mandate; an edit that tries to change either
 * is refused (see the customers resource).
 */
export const READ_ONLY_CUSTOMER_FIELDS = [
  'id',
  'customer_number',
  'created_at',
  'updated_at',
  'flags',
  'invoice_interval',
  'payment_method',
] as const;

/** Sent back with the record, refused by the service when they differ from what is stored. */
export const BILLING_CUSTOMER_FIELDS = ['invoice_interval', 'payment_method'] as const;
