import type { IsoDate } from './calendarDate';
import type { MandateStatus, PaymentMethod } from './values';

/**
 * Payment methods and autogiro mandates (PRODUCT.md, "Money that moves"): the rules for the bank details
 * an agent takes on the phone, how an account number is shown, which method held on a given day, and
 * what a supervisor may decide on a mandate.
 */
export type ParseResult = { ok: true; value: string } | { ok: false; error: string };

/** Blanks, hyphens and dots are how people read numbers aloud and write them down; they carry nothing. */
const digitsOf = (raw: string) => raw.trim().replace(/[\s.-]/g, '');

/**
 * A Swedish clearing number: four digits (1000–9999), or five for Swedbank, whose clearing numbers start
 * with 8 and carry a fifth check digit (8327-9).
 */
export function parseClearingNumber(raw: string): ParseResult {
  const digits = digitsOf(raw);
  if (!/^\d+$/.test(digits)) return { ok: false, error: 'Clearingnumret ska bara innehålla siffror' };
  if (digits.length === 5 && !digits.startsWith('8')) {
    return { ok: false, error: 'Bara Swedbanks clearingnummer (som börjar på 8) har fem siffror' };
  }
  if (digits.length !== 4 && digits.length !== 5) return { ok: false, error: 'Clearingnumret ska vara fyra siffror (Swedbank: fem)' };
  if (digits.startsWith('0')) return { ok: false, error: 'Ett clearingnummer börjar inte på 0' };
  return { ok: true, value: digits };
}

export const ACCOUNT_DIGITS = { min: 5, max: 12 } as const;

/** A bank account number without its clearing number: digits only (blanks and hyphens dropped), 5–12 of them. */
export function parseAccountNumber(raw: string): ParseResult {
  const digits = digitsOf(raw);
  if (!/^\d+$/.test(digits)) return { ok: false, error: 'Kontonumret ska bara innehålla siffror' };
  if (digits.length < ACCOUNT_DIGITS.min || digits.length > ACCOUNT_DIGITS.max) {
    return { ok: false, error: `Kontonumret ska vara ${ACCOUNT_DIGITS.min}–${ACCOUNT_DIGITS.max} siffror (utan clearingnummer)` };
  }
  return { ok: true, value: digits };
}

/** How an agent sees an account number: the last four digits, `****1234`. */
export function maskAccountNumber(account: string): string {
  return `****${account.slice(-4)}`;
}

/** A payment-method change that has taken effect: on `effective_on` the method went from `from_method` to `to_method`. */
export interface AppliedMethodChange {
  effective_on: IsoDate;
  from_method: PaymentMethod;
  to_method: PaymentMethod;
}

/**
 * The payment method that held on `date`, given the customer's method now and the changes that have taken
 * effect. A change holds from its effective day on, so an invoice dated before it keeps the method before it
 * (the FAQ's "I sent the autogiro form but got a paper invoice"), also when the invoicing run issues that
 * invoice late.
 */
export function paymentMethodOn(current: PaymentMethod, changes: readonly AppliedMethodChange[], date: IsoDate): PaymentMethod {
  const later = changes.filter((c) => c.effective_on > date);
  if (later.length === 0) return current;
  const first = later.reduce((a, b) => (b.effective_on < a.effective_on ? b : a));
  return first.from_method;
}

/** What a supervisor decides on a requested mandate. */
export const MANDATE_DECISIONS = ['approved', 'rejected'] as const satisfies readonly MandateStatus[];
export type MandateDecision = (typeof MANDATE_DECISIONS)[number];

/** Only a requested mandate is decided; an approved, rejected or cancelled one stays as it is. */
export function mayDecideMandate(status: MandateStatus): boolean {
  return status === 'requested';
}
