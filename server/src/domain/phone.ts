import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Phone numbers in any common written form (`070-123 45 67`, `+46 70 123 45 67`, `0046701234567`),
 * normalised to E.164 (`+46701234567`) so that search is an index lookup. Swedish by default.
 */
export type PhoneResult = { ok: true; value: string } | { ok: false; error: string };

export function normalisePhone(input: string): PhoneResult {
  const trimmed = input.trim();
  if (!/^[+(0-9][0-9 ()\-./]*$/.test(trimmed) || trimmed.replace(/\D/g, '').length < 6) {
    return { ok: false, error: 'Ogiltigt telefonnummer' };
  }
  const withPlus = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  const parsed = parsePhoneNumberFromString(withPlus, 'SE');
  if (!parsed || !parsed.isValid()) return { ok: false, error: 'Ogiltigt telefonnummer' };
  return { ok: true, value: parsed.number };
}

/** A readable national form for Swedish numbers (`070-123 45 67` style), international otherwise. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === 'SE' ? parsed.formatNational() : parsed.formatInternational();
}
